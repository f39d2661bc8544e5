using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Localization;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Integrations;
using ReturnsPortal.Web.Pages.Manage.Webhooks;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Manage.Webhooks;

public sealed class IndexTests_Sqlite(SqlitePortalFactory factory) : IndexTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class IndexTests_Postgres(PostgresPortalFactory factory) : IndexTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>/manage/webhooks (ADR 0123, 0124): private targets refused with a clear message, https only outside Development, secrets stored encrypted.</summary>
public abstract class IndexTests(PortalFactory factory)
{
    [Theory]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://10.0.0.5/hooks")]
    [InlineData("https://[::1]:8443/hooks")]
    [InlineData("https://localhost:8443/hooks")]
    public async Task A_private_or_local_target_is_refused_with_a_clear_message_and_nothing_is_stored(string url)
    {
        var admin = await factory.SignedInAsync("admin@example.fr");
        var page = await admin.GetDocumentAsync("/manage/webhooks");
        page.QuerySelector<IHtmlInputElement>("#event-return-resolved")!.IsChecked = true;

        using var refused = await admin.SubmitAsync(page, "#create-webhook", new Dictionary<string, string> { ["Form.Url"] = url });

        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.ReadDocumentAsync()).QuerySelector("[data-valmsg-for='Form.Url']").Text()
            .ShouldBe("Cette adresse est sur un réseau privé, local ou réservé : les webhooks ne partent que vers des adresses publiques d'internet.");
        (await Db(db => db.WebhookSubscriptions.AnyAsync(s => s.Url == url))).ShouldBeFalse();
    }

    [Fact]
    public async Task Outside_development_only_https_is_accepted_with_a_clear_message()
    {
        var l = factory.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var production = new WebhooksModel.InputValidator(l, new Environment("Production"), new OutboundOptions());
        var development = new WebhooksModel.InputValidator(l, new Environment("Development"), new OutboundOptions { AllowedPrivateHosts = { "localhost" } });
        var culture = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("fr-FR");
        try
        {
            var plain = await production.ValidateAsync(new WebhooksModel.Input { Url = "http://shop.example.com/hooks", Events = ["return.created"] });
            var local = await production.ValidateAsync(new WebhooksModel.Input { Url = "http://localhost:5000/hooks", Events = ["return.created"] });
            var secure = await production.ValidateAsync(new WebhooksModel.Input { Url = "https://shop.example.com/hooks", Events = ["return.created"] });
            var devLocal = await development.ValidateAsync(new WebhooksModel.Input { Url = "http://localhost:5000/hooks", Events = ["return.created"] });

            plain.Errors.ShouldHaveSingleItem().ErrorMessage.ShouldBe("Saisissez une adresse https:// : http:// est refusé hors développement.");
            local.Errors.ShouldHaveSingleItem().ErrorMessage.ShouldBe("Saisissez une adresse https:// : http:// est refusé hors développement.");
            secure.IsValid.ShouldBeTrue();
            devLocal.IsValid.ShouldBeTrue("Development may call a local receiver over http when its host is allowed");
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = culture;
        }
    }

    [Fact]
    public async Task The_secret_shown_once_is_stored_encrypted_and_only_the_webhooks_protector_reads_it()
    {
        var admin = await factory.SignedInAsync("admin@example.fr");
        var page = await admin.GetDocumentAsync("/manage/webhooks");
        page.QuerySelector<IHtmlInputElement>("#event-return-resolved")!.IsChecked = true;
        var url = $"https://shop.example.com/hooks/{Guid.NewGuid():N}";

        using var created = await admin.SubmitAsync(page, "#create-webhook", new Dictionary<string, string> { ["Form.Url"] = url });

        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var secret = (await admin.GetDocumentAsync("/manage/webhooks")).QuerySelector("#new-secret-value").Text();
        secret.ShouldStartWith("whsec_");
        var stored = await Db(db => db.WebhookSubscriptions.AsNoTracking().SingleAsync(s => s.Url == url));
        try
        {
            stored.Secret.ShouldStartWith(WebhookSecrets.Prefix);
            stored.Secret.ShouldNotContain(secret);
            stored.Secret.ShouldNotContain(secret["whsec_".Length..]);
            factory.Services.GetRequiredService<WebhookSecrets>().Reveal(stored.Secret).ShouldBe(secret);
            var otherPurpose = factory.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>().CreateProtector("another purpose");
            Should.Throw<System.Security.Cryptography.CryptographicException>(() => otherPurpose.Unprotect(stored.Secret[WebhookSecrets.Prefix.Length..]));
        }
        finally
        {
            await Db(db => db.WebhookSubscriptions.Where(s => s.Id == stored.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, false)));
        }
    }

    private Task<T> Db<T>(Func<ReturnsDbContext, Task<T>> query) => factory.WithScopeAsync(sp => query(sp.GetRequiredService<ReturnsDbContext>()));

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "ReturnsPortal.Web";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
