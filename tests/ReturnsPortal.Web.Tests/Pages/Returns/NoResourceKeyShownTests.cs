using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Returns;

/// <summary>
/// No customer page shows a resource key instead of words, in French or in English, on first view or after its forms
/// are sent empty (issue 15 item 9: "FindOrder.EmailRequired" on the withdrawal form).
/// </summary>
public abstract partial class NoResourceKeyShownTests(PortalFactory factory)
{
    private static readonly string[] AnonymousPages = ["/", "/returns", "/returns/track", "/returns/withdraw", "/returns/policy"];
    private static readonly string[] OrderPages = ["/returns/order", "/returns/start"];
    private static readonly string[] TextAttributes = ["placeholder", "aria-label", "title", "alt"];

    [Theory]
    [InlineData("fr")]
    [InlineData("en")]
    public async Task Customer_pages_and_their_forms_sent_empty_show_words_never_keys(string language)
    {
        var client = factory.CreateBrowserLikeClient();
        if (language == "en")
        {
            var home = await client.GetDocumentAsync("/");
            using var switched = await client.SubmitAsync(home, "#culture-form", new Dictionary<string, string>(), "culture", "en-GB");
        }
        var findings = new List<string>();

        foreach (var path in AnonymousPages)
        {
            await VisitAndPostEmptyAsync(client, path, findings);
        }
        var find = await client.GetDocumentAsync("/returns");
        using (var opened = await client.SubmitAsync(find, "main form", new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = "DEMO-1001",
            ["Form.Email"] = "client@example.fr",
        }))
        {
            opened.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        foreach (var path in OrderPages)
        {
            await VisitAndPostEmptyAsync(client, path, findings);
        }

        findings.ShouldBeEmpty();
    }

    private static async Task VisitAndPostEmptyAsync(HttpClient client, string path, List<string> findings)
    {
        var page = await client.GetDocumentAsync(path);
        Scan(page, $"GET {path}", findings);
        var forms = page.QuerySelectorAll("main form").OfType<IHtmlFormElement>()
            .Where(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase))
            // Leaving the order would end the visit; it has no fields to leave empty.
            .Where(f => !(f.GetAttribute("action") ?? "").Contains("handler=Leave", StringComparison.OrdinalIgnoreCase))
            .ToList();
        for (var i = 0; i < forms.Count; i++)
        {
            var form = forms[i];
            var empty = form.Elements.OfType<IHtmlInputElement>()
                .Where(e => !string.IsNullOrEmpty(e.Name) && e.Type is "text" or "email" or "tel" or "number" or "search" or "date")
                .Select(e => e.Name!)
                .Concat(form.Elements.OfType<IHtmlTextAreaElement>().Where(e => !string.IsNullOrEmpty(e.Name)).Select(e => e.Name!))
                .Concat(form.Elements.OfType<IHtmlSelectElement>().Where(e => !string.IsNullOrEmpty(e.Name)).Select(e => e.Name!))
                .Distinct()
                .ToDictionary(n => n, _ => "");
            var selector = form.Id is { Length: > 0 } id ? $"#{id}" : $"main form:nth-of-type({i + 1})";
            using var response = await client.SubmitAsync(page, selector, empty);
            var where = $"POST {path} {selector} empty";
            ((int)response.StatusCode).ShouldBeLessThan(500, where);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Scan(await response.ReadDocumentAsync(), where, findings);
            }
            else if (response.Headers.Location is { } location && !location.IsAbsoluteUri)
            {
                Scan(await client.GetDocumentAsync(location.OriginalString), $"{where} → {location}", findings);
            }
        }
    }

    private static void Scan(IHtmlDocument page, string where, List<string> findings)
    {
        foreach (var code in page.QuerySelectorAll("script,style").ToList())
        {
            code.Remove();
        }
        var texts = new List<string> { page.Body?.TextContent ?? "", page.Title ?? "" };
        foreach (var element in page.QuerySelectorAll("[placeholder],[aria-label],[title],[alt]"))
        {
            texts.AddRange(TextAttributes.Select(a => element.GetAttribute(a) ?? ""));
        }
        findings.AddRange(texts.SelectMany(t => KeyLike().Matches(t)).Select(m => $"{where}: {m.Value}").Distinct());
    }

    // A resource key looks like "Area.Name" (two capitalised words joined by a dot, no space).
    [GeneratedRegex(@"\b[A-Z][A-Za-z]+\.[A-Z][A-Za-z]+\b")]
    private static partial Regex KeyLike();
}

public sealed class NoResourceKeyShownTests_Sqlite(SqlitePortalFactory factory) : NoResourceKeyShownTests(factory), IClassFixture<SqlitePortalFactory>;
