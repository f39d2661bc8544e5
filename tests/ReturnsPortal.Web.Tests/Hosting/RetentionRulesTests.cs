using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Files;
using ReturnsPortal.Web.Hosting;
using ReturnsPortal.Web.Pages.Returns.Start;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Hosting;

public sealed class RetentionRulesTests_Sqlite(SqlitePortalFactory factory) : RetentionRulesTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class RetentionRulesTests_Postgres(PostgresPortalFactory factory) : RetentionRulesTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>
/// Each retention rule (ADR 0127, docs/privacy.md) with the default settings, run with a clock moved just before and just
/// after its period: nothing goes early, everything past it goes, and what the law keeps stays.
/// </summary>
public abstract class RetentionRulesTests(PortalFactory factory)
{
    [Fact]
    public async Task An_expired_draft_goes_after_seven_days_with_its_photos_but_not_those_a_return_took()
    {
        var order = await TestReturns.NewOrderAsync(factory);
        var taken = await PrivacySteps.CustomerWithHistoryAsync(factory);
        var (draftId, ownKey) = await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            string key;
            using (var content = new MemoryStream(StaffSteps.Png))
            {
                key = await sp.GetRequiredService<IFileStore>().SaveAsync("draft-" + Guid.NewGuid().ToString("N"), "png", content, default);
            }
            var choices = new DraftChoices();
            choices.Line(1).Photos.Add(new PhotoChoice(key, "image/png", "a.png", StaffSteps.Png.Length));
            choices.Line(2).Photos.Add(new PhotoChoice(taken.CustomerPhotoKey, "image/png", "b.png", StaffSteps.Png.Length));
            var draft = new ReturnDraft(order.Id, DateTime.UtcNow);
            draft.Save(JsonSerializer.Serialize(choices), DateTime.UtcNow);
            db.ReturnDrafts.Add(draft);
            await db.SaveChangesAsync();
            return (draft.Id, key);
        });

        // Expires in a day: three days on, it is expired for two, kept; nine days on, expired for eight, gone.
        await RunAsync(TimeSpan.FromDays(3));
        (await PrivacySteps.DbAsync(factory, db => db.ReturnDrafts.AnyAsync(d => d.Id == draftId))).ShouldBeTrue();
        (await PrivacySteps.FileExistsAsync(factory, ownKey)).ShouldBeTrue();

        var counts = await RunAsync(TimeSpan.FromDays(9));

        counts.Drafts.ShouldBeGreaterThanOrEqualTo(1);
        (await PrivacySteps.DbAsync(factory, db => db.ReturnDrafts.AnyAsync(d => d.Id == draftId))).ShouldBeFalse();
        (await PrivacySteps.FileExistsAsync(factory, ownKey)).ShouldBeFalse();
        (await PrivacySteps.FileExistsAsync(factory, taken.CustomerPhotoKey)).ShouldBeTrue("the return's photo follows the return's rule");
    }

    [Fact]
    public async Task A_finished_returns_photos_go_six_months_after_it_closed_and_an_open_returns_stay()
    {
        var closed = await PrivacySteps.CustomerWithHistoryAsync(factory);
        var openKey = await OpenReturnWithPhotoAsync();

        await RunAsync(TimeSpan.FromDays(150));
        (await PrivacySteps.FileExistsAsync(factory, closed.CustomerPhotoKey)).ShouldBeTrue("five months after closing");

        var counts = await RunAsync(TimeSpan.FromDays(200));

        counts.Photos.ShouldBeGreaterThanOrEqualTo(2);
        (await PrivacySteps.FileExistsAsync(factory, closed.CustomerPhotoKey)).ShouldBeFalse();
        (await PrivacySteps.FileExistsAsync(factory, closed.InspectionPhotoKey)).ShouldBeFalse();
        (await PrivacySteps.DbAsync(factory, db => db.Returns.Where(r => r.Rma == closed.Rma).SelectMany(r => r.Lines).SelectMany(l => l.Photos).CountAsync())).ShouldBe(0);
        (await PrivacySteps.FileExistsAsync(factory, openKey)).ShouldBeTrue("a return still in the warehouse keeps its evidence");
    }

    [Fact]
    public async Task Mailbox_copies_and_email_records_go_after_twelve_months_except_withdrawal_acknowledgements()
    {
        var history = await PrivacySteps.CustomerWithHistoryAsync(factory);
        var ackKey = await factory.WithScopeAsync(async sp =>
        {
            var key = ReturnsPortal.Web.Notifications.Mailbox.KeyOf(ReturnsPortal.Web.Notifications.Mailbox.FileIdFor(history.AckMessageId));
            using var mail = new MemoryStream(Encoding.UTF8.GetBytes("Subject: Accusé de réception\r\n\r\nRétractation\r\n"));
            await sp.GetRequiredService<IFileStore>().WriteAsync(key, mail, default);
            return key;
        });

        await RunAsync(TimeSpan.FromDays(330));
        (await PrivacySteps.FileExistsAsync(factory, history.MailKey)).ShouldBeTrue("eleven months on");

        var counts = await RunAsync(TimeSpan.FromDays(400));

        counts.MailboxFiles.ShouldBeGreaterThanOrEqualTo(1);
        (await PrivacySteps.FileExistsAsync(factory, history.MailKey)).ShouldBeFalse();
        (await PrivacySteps.DbAsync(factory, db => db.SentEmails.SingleAsync(e => e.MessageId == history.MessageId))).Recipient.ShouldBe("");
        (await PrivacySteps.FileExistsAsync(factory, ackKey)).ShouldBeTrue("the acknowledgement is kept with the withdrawal");
        (await PrivacySteps.DbAsync(factory, db => db.SentEmails.SingleAsync(e => e.MessageId == history.AckMessageId))).Recipient.ShouldBe(history.Email);
    }

    [Fact]
    public async Task Outbox_and_webhook_bodies_are_emptied_thirty_days_after_delivery_and_pending_ones_are_kept()
    {
        var marker = $"retention-{Guid.NewGuid():N}@example.fr";
        var (sentId, pendingId, deliveryId) = await PrivacySteps.DbAsync(factory, async db =>
        {
            var now = DateTime.UtcNow;
            var sent = new OutboxMessage { Type = MessageTypes.ReturnCreated, Payload = $$"""{"email":"{{marker}}"}""", DedupeKey = "r1:" + marker, OccurredAt = now };
            var pending = new OutboxMessage { Type = MessageTypes.ReturnCreated, Payload = $$"""{"email":"{{marker}}"}""", DedupeKey = "r2:" + marker, OccurredAt = now };
            db.Outbox.AddRange(sent, pending);
            var subscription = WebhookSubscription.Create("https://shop.example/hooks", [MessageTypes.ReturnCreated], WebhookSubscription.GenerateSecret(), null, now);
            db.WebhookSubscriptions.Add(subscription);
            await db.SaveChangesAsync();
            sent.MarkProcessed(now);
            sent.WebhooksFannedOutAt = now;
            var delivery = WebhookDelivery.For(subscription, sent, MessageTypes.ReturnCreated, now);
            delivery.RecordSuccess(200, now, 12);
            db.WebhookDeliveries.Add(delivery);
            await db.SaveChangesAsync();
            return (sent.Id, pending.Id, delivery.Id);
        });

        await RunAsync(TimeSpan.FromDays(25));
        (await PrivacySteps.DbAsync(factory, db => db.Outbox.SingleAsync(m => m.Id == sentId))).Payload.ShouldContain(marker);

        var counts = await RunAsync(TimeSpan.FromDays(35));

        counts.OutboxBodies.ShouldBeGreaterThanOrEqualTo(1);
        counts.WebhookBodies.ShouldBeGreaterThanOrEqualTo(1);
        (await PrivacySteps.DbAsync(factory, db => db.Outbox.SingleAsync(m => m.Id == sentId))).Payload.ShouldBe(RetentionRules.EmptyBody);
        (await PrivacySteps.DbAsync(factory, db => db.WebhookDeliveries.SingleAsync(d => d.Id == deliveryId))).Body.ShouldBe(RetentionRules.EmptyBody);
        (await PrivacySteps.DbAsync(factory, db => db.Outbox.SingleAsync(m => m.Id == pendingId))).Payload.ShouldContain(marker, customMessage: "not sent yet");
    }

    private async Task<string> OpenReturnWithPhotoAsync()
    {
        var open = await TestReturns.ReturnAsync(factory, ReturnStatus.Received);
        return await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var request = await db.Returns.Include(r => r.Lines).ThenInclude(l => l.Photos).SingleAsync(r => r.Rma == open.Rma);
            using var content = new MemoryStream(StaffSteps.Png);
            var key = await sp.GetRequiredService<IFileStore>().SaveAsync("draft-" + Guid.NewGuid().ToString("N"), "png", content, default);
            request.Lines[0].Photos.Add(new ReturnLinePhoto(key, "image/png", "open.png", StaffSteps.Png.Length));
            await db.SaveChangesAsync();
            return key;
        });
    }

    /// <summary>One pass of the rules with the default settings, at now + <paramref name="later"/>.</summary>
    private Task<RetentionRules.Counts> RunAsync(TimeSpan later) =>
        factory.WithScopeAsync(sp => new RetentionRules(
            sp.GetRequiredService<ReturnsDbContext>(), sp.GetRequiredService<IFileStore>(), new RetentionOptions(), new LaterClock(later)).RunAsync(default));

    private sealed class LaterClock(TimeSpan later) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + later;
    }
}
