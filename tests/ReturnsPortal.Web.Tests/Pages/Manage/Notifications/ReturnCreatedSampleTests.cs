using System.Net;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Manage.Notifications;

public sealed class ReturnCreatedSampleTests_Sqlite(SqlitePortalFactory factory) : ReturnCreatedSampleTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class ReturnCreatedSampleTests_Postgres(PostgresPortalFactory factory) : ReturnCreatedSampleTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>
/// The "return created" sample on the notification settings says where the parcel goes, as the real e-mail does with
/// the routed warehouse (ADR 0083): the sample order goes to the default, first, warehouse (the reference data's Lyon one).
/// </summary>
public abstract class ReturnCreatedSampleTests(PortalFactory factory)
{
    private const string Address = "Entrepôt Lyon, 27 rue Maryse Bastié, 69800 Saint-Priest";

    [Theory]
    [InlineData("fr", "Le colis part vers notre entrepôt : " + Address + ".")]
    [InlineData("en", "The parcel goes to our warehouse: " + Address + ".")]
    public async Task The_sample_names_the_warehouse_in_the_text_and_the_html_and_so_does_a_previewed_template(string language, string sentence)
    {
        var admin = await factory.SignedInAsync("admin@example.fr");

        var page = await admin.GetDocumentAsync($"/manage/notifications/customer.return_created/{language}");

        page.QuerySelector("#preview-text").Text().ShouldContain(sentence);
        page.QuerySelector("#preview-html")!.GetAttribute("srcdoc")!.ShouldContain(Address);

        using var preview = await admin.SubmitAsync(page, "#template-form", new Dictionary<string, string>
        {
            ["Form.Subject"] = "{{ rma }}",
            ["Form.Html"] = "<p>{{ howToShip }}</p>",
            ["Form.Text"] = "{{ howToShip }}",
        }, "Form.Do", "preview");
        preview.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await preview.ReadDocumentAsync()).QuerySelector("#preview-text").Text().ShouldContain(sentence);
    }
}
