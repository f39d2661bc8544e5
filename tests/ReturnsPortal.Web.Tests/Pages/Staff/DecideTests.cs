using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Staff;

public sealed class DecideTests_Sqlite(SqlitePortalFactory factory) : DecideTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class DecideTests_Postgres(PostgresPortalFactory factory) : DecideTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>The decision page's forms (issue 15): each test takes its own seeded inspected return (by Skip).</summary>
public abstract class DecideTests(PortalFactory factory)
{
    private const string Inspector = "inspector@example.fr";

    private Task<string> InspectedAsync(int skip) =>
        ReadAsync(db => db.Returns.Where(x => x.Status == ReturnStatus.Inspected).OrderBy(x => x.Id).Skip(skip).Select(x => x.Rma).FirstAsync());

    private Task<T> ReadAsync<T>(Func<ReturnsDbContext, Task<T>> read) =>
        factory.WithScopeAsync(sp => read(sp.GetRequiredService<ReturnsDbContext>()));

    [Fact]
    public async Task After_a_recalculation_the_decision_form_still_decides()
    {
        var client = await factory.SignedInAsync(Inspector);
        var rma = await InspectedAsync(0);
        var decide = await client.GetDocumentAsync($"/staff/returns/{rma}/decide");

        using var preview = await client.SubmitFormAsync(decide, "#decide-form", new Dictionary<string, string>(), handler: "Preview");
        preview.StatusCode.ShouldBe(HttpStatusCode.OK);
        var previewed = await preview.ReadDocumentAsync();
        previewed.Url.ShouldContain("handler=Preview");
        previewed.QuerySelector("#breakdown").ShouldNotBeNull();

        // The form as the browser would post it from the previewed page: to its own action, not to ?handler=Preview.
        using var decided = await client.SubmitAsync(previewed, "#decide-form", Selected(previewed));
        decided.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        decided.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{rma}");
        (await ReadAsync(db => db.Returns.Where(r => r.Rma == rma).Select(r => r.Status).SingleAsync())).ShouldNotBe(ReturnStatus.Inspected);
    }

    /// <summary>The selected option of every select of the decision form, as a browser sends them (HtmlForms posts inputs only).</summary>
    private static Dictionary<string, string> Selected(IHtmlDocument page) =>
        page.QuerySelectorAll<IHtmlSelectElement>("#decide-form select").ToDictionary(s => s.Name!, s => s.Value!);
}
