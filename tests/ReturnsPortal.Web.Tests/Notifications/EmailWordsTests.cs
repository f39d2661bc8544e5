using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Web.Notifications;
using ReturnsPortal.Web.Notifications.Templates;

namespace ReturnsPortal.Web.Tests.Notifications;

/// <summary>E-mail words come from SharedResource in the e-mail's language, whatever the current culture (issue 16 item 5).</summary>
public sealed class EmailWordsTests
{
    /// <summary>The shared strings as the web host reads them, without a host.</summary>
    internal static readonly IStringLocalizer<SharedResource> Words = new StringLocalizer<SharedResource>(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance));

    [Theory]
    [InlineData("en", "fr-FR", "Track my return: https://t.example/", "Our return policy: https://p.example/", "The Maison Lumière team", "<html lang=\"en\">")]
    [InlineData("fr", "en-GB", "Suivre mon retour : https://t.example/", "Notre politique de retour : https://p.example/", "L'équipe Maison Lumière", "<html lang=\"fr\">")]
    public void The_frame_speaks_the_emails_language_not_the_current_one(string language, string current, string track, string policy, string team, string html)
    {
        var before = CultureInfo.GetCultureInfo(current);
        CultureInfo.CurrentUICulture = before;
        CultureInfo.CurrentCulture = before;
        var frame = new EmailFrame(language, false, "Maison Lumière", false, "https://t.example/", "https://p.example/");

        var (_, body, text) = EmailRenderer.Render(new TemplateSource("S", "<p>B</p>", "B"), new TemplateModel(), frame, Words);

        text.ShouldBe($"B\n\n{track}\n{policy}\n\n{team}\n");
        body.ShouldContain(html);
        body.ShouldContain(team.Replace("'", "&#x27;", StringComparison.Ordinal));
        CultureInfo.CurrentUICulture.ShouldBe(before, "the scope puts the culture back");
        CultureInfo.CurrentCulture.ShouldBe(before);
    }

    [Theory]
    [InlineData("en", "Linen shirt", "10 December 2026", "drop it off at Tabac du Centre")]
    [InlineData("fr", "Chemise en lin", "10 décembre 2026", "déposez-le au point relais Tabac du Centre")]
    public void The_settings_sample_is_written_in_its_language(string language, string product, string date, string howToShip)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language == "en" ? "fr-FR" : "en-GB");

        var sample = EmailModels.Sample(NotificationEvents.ReturnCreated, language, Words, "Entrepôt Lyon");
        var (_, _, text) = EmailRenderer.Render(DefaultTemplates.For(NotificationEvents.ReturnCreated, language), sample,
            new EmailFrame(language, false, "Maison Lumière", false, "https://t.example/", "https://p.example/"), Words);

        text.ShouldContain(product);
        text.ShouldContain(date);
        text.ShouldContain(howToShip);
        text.ShouldContain("Entrepôt Lyon");
    }

    [Theory]
    [InlineData("en", "26 November 2026 at 10:15 (Paris time)", "Awaiting approval")]
    [InlineData("fr", "26 novembre 2026 à 10:15 (heure de Paris)", "En attente d'approbation")]
    public void Dates_and_statuses_follow_the_language(string language, string submitted, string status)
    {
        CustomerEmails.SubmittedAt(new DateTime(2026, 11, 26, 10, 15, 0, DateTimeKind.Unspecified), language, Words).ShouldBe(submitted);
        CustomerEmails.StatusName(Domain.Returns.ReturnStatus.AwaitingApproval, language, Words).ShouldBe(status);
    }
}
