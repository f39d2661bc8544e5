using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Persistence;

public sealed class EmailTemplateRuleTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_template_longer_than_allowed_is_refused_and_left_unchanged()
    {
        var template = EmailTemplate.For("customer.cancelled", "fr");
        template.Update("s", "<p>h</p>", "t", "admin", Now);

        Should.Throw<DomainException>(() => template.Update("s", new string('x', EmailTemplate.BodyLength + 1), "t", "admin", Now));
        Should.Throw<DomainException>(() => template.Update(new string('x', EmailTemplate.SubjectLength + 1), "h", "t", "admin", Now));

        template.Html.ShouldBe("<p>h</p>");
    }

    [Fact]
    public void A_switch_records_who_and_when()
    {
        var setting = NotificationSetting.For("customer.cancelled", false, "admin@example.fr", Now);
        setting.Switch(true, "other@example.fr", Now.AddHours(1));

        setting.Enabled.ShouldBeTrue();
        setting.UpdatedBy.ShouldBe("other@example.fr");
        setting.UpdatedAt.ShouldBe(Now.AddHours(1));
    }
}

public abstract class NotificationSettingsPersistenceTests(TestDatabase database)
{
    [Fact]
    public async Task One_template_per_event_and_language()
    {
        var at = new DateTime(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);
        var key = $"test.{Guid.NewGuid():N}";
        await using (var db = database.CreateContext())
        {
            var fr = EmailTemplate.For(key, "fr");
            fr.Update("Objet {{ rma }}", "<p>{{ rma }}</p>", "{{ rma }}", "admin", at);
            var en = EmailTemplate.For(key, "en");
            en.Update("Subject", "<p>x</p>", "x", "admin", at);
            db.EmailTemplates.AddRange(fr, en);
            db.NotificationSettings.Add(NotificationSetting.For(key, false, "admin", at));
            await db.SaveChangesAsync();
        }
        await using (var read = database.CreateContext())
        {
            (await read.EmailTemplates.SingleAsync(t => t.Event == key && t.Language == "fr")).Subject.ShouldBe("Objet {{ rma }}");
            (await read.NotificationSettings.SingleAsync(s => s.Event == key)).Enabled.ShouldBeFalse();
        }
        await using var other = database.CreateContext();
        var again = EmailTemplate.For(key, "fr");
        again.Update("s", "h", "t", "admin", at);
        other.EmailTemplates.Add(again);
        await Should.ThrowAsync<DbUpdateException>(() => other.SaveChangesAsync());
    }
}

public sealed class NotificationSettingsPersistenceTests_Sqlite(SqliteTestDatabase db) : NotificationSettingsPersistenceTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class NotificationSettingsPersistenceTests_Postgres(PostgresTestDatabase db) : NotificationSettingsPersistenceTests(db), IClassFixture<PostgresTestDatabase>;
