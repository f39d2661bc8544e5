using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Notifications;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Manage.Notifications;

public abstract class NotificationSettingsTests(PortalFactory factory)
{
    private const string Edit = "/manage/notifications/customer.cancelled/fr";

    [Fact]
    public async Task Only_an_admin_reaches_the_settings_which_list_every_event_from_the_nav()
    {
        foreach (var email in new[] { "manager@example.fr", "agent@example.fr" })
        {
            var client = await factory.SignedInAsync(email);
            using var refused = await client.GetAsync(new Uri(Edit, UriKind.Relative));
            refused.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            refused.Headers.Location!.AbsolutePath.ShouldBe("/account/access-denied");
            (await client.GetDocumentAsync("/staff")).QuerySelector("#nav-notifications").ShouldBeNull();
        }
        var admin = await factory.SignedInAsync("admin@example.fr");

        var page = await admin.GetDocumentAsync("/manage/notifications");

        page.QuerySelector("#staff-nav #nav-notifications").ShouldNotBeNull();
        page.QuerySelectorAll("#notif-events tbody tr").Length.ShouldBe(NotificationEvents.All.Count);
        // The legal acknowledgement has no switch.
        page.QuerySelector("#event-customer-withdrawal_ack form").ShouldBeNull();
        page.QuerySelector("#event-customer-cancelled form").ShouldNotBeNull();
    }

    [Fact]
    public async Task An_invalid_template_is_refused_with_its_line_and_reason_and_nothing_is_saved()
    {
        var admin = await factory.SignedInAsync("admin@example.fr");
        var page = await admin.GetDocumentAsync(Edit);

        using var response = await admin.SubmitAsync(page, "#template-form", new Dictionary<string, string>
        {
            ["Form.Subject"] = "Retour {{ rma }} annulé",
            ["Form.Html"] = "<p>Bonjour</p>\n<p>{{ customer.nom }}</p>",
            ["Form.Text"] = "{{#if rma}}\nBonjour",
        }, "Form.Do", "save");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = await response.ReadDocumentAsync();
        result.QuerySelector("[data-valmsg-for='Form.Html']").Text().ShouldBe("Ligne 2 : « customer.nom » n'est pas une valeur de cet e-mail.");
        result.QuerySelector("[data-valmsg-for='Form.Text']").Text().ShouldBe("Ligne 1 : « {{#if rma}} » n'est jamais fermé.");
        result.QuerySelector("[data-valmsg-for='Form.Subject']").Text().ShouldBeEmpty();
        result.QuerySelector("#error-summary a[href='#Form_Html']").Text().ShouldContain("Ligne 2");
        await using var scope = factory.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<ReturnsDbContext>().EmailTemplates.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task The_preview_renders_the_sample_with_values_encoded_and_saves_nothing()
    {
        var admin = await factory.SignedInAsync("admin@example.fr");
        var page = await admin.GetDocumentAsync("/manage/notifications/customer.return_created/en");
        page.QuerySelector("#preview-subject").Text().ShouldBe("Your return R-2611-ABCD is registered");
        page.QuerySelectorAll("#template-variables code").Select(c => c.Text()).ShouldContain("lines[].product");

        using var response = await admin.SubmitAsync(page, "#template-form", new Dictionary<string, string>
        {
            ["Form.Subject"] = "Hi {{ customer.name }}",
            ["Form.Html"] = "<p>{{#each lines}}<b>{{ product }}</b> {{ comment }}{{/each}}</p><script>x</script>",
            ["Form.Text"] = "{{#each lines}}{{ product }}{{/each}}",
        }, "Form.Do", "preview");

        var result = await response.ReadDocumentAsync();
        result.QuerySelector("#preview-subject").Text().ShouldBe("Hi Camille Martin");
        result.QuerySelector("#preview-text").Text().ShouldContain("Linen shirt");
        var frame = result.QuerySelector("#preview-html")!;
        frame.GetAttribute("sandbox").ShouldBe("");
        frame.GetAttribute("srcdoc")!.ShouldContain("<b>Linen shirt</b> A size smaller please");
        await using var scope = factory.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<ReturnsDbContext>().EmailTemplates.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_saved_template_is_used_for_the_email_and_an_event_switched_off_sends_nothing()
    {
        var admin = await factory.SignedInAsync("admin@example.fr");
        var page = await admin.GetDocumentAsync(Edit);
        using (var saved = await admin.SubmitAsync(page, "#template-form", new Dictionary<string, string>
        {
            ["Form.Subject"] = "Annulation de {{ rma }}",
            ["Form.Html"] = "<p>{{ customer.name }}, c'est annulé.</p>",
            ["Form.Text"] = "{{ customer.name }}, c'est annulé.",
        }, "Form.Do", "save"))
        {
            saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        var frame = new EmailFrame("fr", false, "Maison Lumière", false, "http://localhost/t", "http://localhost/p");
        var model = EmailModels.Sample(NotificationEvents.Cancelled, "fr", factory.Services.GetRequiredService<IStringLocalizer<SharedResource>>());

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var renderer = scope.ServiceProvider.GetRequiredService<EmailRenderer>();
            var email = await renderer.RenderAsync(NotificationEvents.Cancelled, "a@b.c", frame, model, [], CancellationToken.None);
            email!.Subject.ShouldBe("Annulation de R-2611-ABCD");
            email.Text.ShouldContain("Camille Martin, c'est annulé.");
            email.Text.ShouldContain("http://localhost/p");
        }

        var list = await admin.GetDocumentAsync("/manage/notifications");
        list.QuerySelector("#event-customer-cancelled .badge.text-bg-info").ShouldNotBeNull();
        using (var off = await admin.SubmitAsync(list, "#event-customer-cancelled form", new Dictionary<string, string>()))
        {
            off.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        (await admin.GetDocumentAsync("/manage/notifications")).QuerySelector("#event-customer-cancelled .notif-state .badge").Text().ShouldBe("Désactivé");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var renderer = scope.ServiceProvider.GetRequiredService<EmailRenderer>();
            (await renderer.RenderAsync(NotificationEvents.Cancelled, "a@b.c", frame, model, [], CancellationToken.None)).ShouldBeNull();
        }

        // Back to the built-in template and on again, for the other tests of the class.
        var edit = await admin.GetDocumentAsync(Edit);
        using (var reset = await admin.SubmitAsync(edit, "#template-form", new Dictionary<string, string>(), "Form.Do", "reset"))
        {
            reset.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        using (var on = await admin.SubmitAsync(await admin.GetDocumentAsync("/manage/notifications"), "#event-customer-cancelled form", new Dictionary<string, string>()))
        {
            on.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        await using var check = factory.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        (await db.EmailTemplates.CountAsync()).ShouldBe(0);
        (await db.NotificationSettings.SingleAsync(s => s.Event == NotificationEvents.Cancelled)).Enabled.ShouldBeTrue();
    }

    [Fact]
    public async Task A_logo_upload_must_be_an_image()
    {
        var admin = await factory.SignedInAsync("admin@example.fr");
        var page = await admin.GetDocumentAsync("/manage/notifications");
        var token = page.QuerySelector("#logo-form input[name='__RequestVerificationToken']")!.GetAttribute("value")!;

        async Task<HttpResponseMessage> UploadAsync(byte[] bytes, string name)
        {
            using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(bytes), "logoFile", name } };
            return await admin.PostAsync(new Uri("/manage/notifications?handler=Logo", UriKind.Relative), content);
        }

        using var refused = await UploadAsync("<svg onload=alert(1)>"u8.ToArray(), "logo.png");
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.ReadDocumentAsync()).QuerySelector("#logo-error").Text().ShouldContain("PNG, JPEG ou GIF");
        (await factory.Services.GetRequiredService<ShopLogo>().ExistsAsync(CancellationToken.None)).ShouldBeFalse();

        using var accepted = await UploadAsync(ReturnsPortal.Web.Labels.LabelCodes.QrPng("LOGO", 2), "whatever.bin");
        accepted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await factory.Services.GetRequiredService<ShopLogo>().ReadAsync(CancellationToken.None))!.Value.MediaType.ShouldBe("image/png");
    }
}

public sealed class NotificationSettingsTests_Sqlite(SqlitePortalFactory factory) : NotificationSettingsTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class NotificationSettingsTests_Postgres(PostgresPortalFactory factory) : NotificationSettingsTests(factory), IClassFixture<PostgresPortalFactory>;
