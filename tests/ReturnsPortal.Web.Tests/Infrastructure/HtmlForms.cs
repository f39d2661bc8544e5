using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace ReturnsPortal.Web.Tests.Infrastructure;

/// <summary>Reads pages and posts their real forms, anti-forgery token included, as a browser would.</summary>
public static class HtmlForms
{
    public static async Task<IHtmlDocument> ReadDocumentAsync(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var html = await response.Content.ReadAsStringAsync();
        var context = BrowsingContext.New(Configuration.Default);
        var document = await context.OpenAsync(r => r.Content(html).Address(response.RequestMessage?.RequestUri?.ToString() ?? "http://localhost/"));
        return (IHtmlDocument)document;
    }

    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return await response.ReadDocumentAsync();
    }

    /// <summary>Submits the form picked by <paramref name="selector"/> with its hidden fields, overriding some values.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(
        this HttpClient client, IHtmlDocument page, string selector, IReadOnlyDictionary<string, string> values, string? submitName = null, string? submitValue = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(values);
        var form = page.QuerySelector<IHtmlFormElement>(selector) ?? throw new InvalidOperationException($"No form '{selector}' on the page.");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form.Elements.OfType<IHtmlInputElement>().Where(i => !string.IsNullOrEmpty(i.Name)))
        {
            if (values.ContainsKey(input.Name!) || input.Type is "submit" or "button")
            {
                continue;
            }
            if (input.Type is "checkbox" or "radio" && !input.IsChecked)
            {
                continue;
            }
            fields.Add(new(input.Name!, input.Value));
        }
        fields.AddRange(values);
        if (submitName is not null)
        {
            fields.Add(new(submitName, submitValue ?? ""));
        }
        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? page.Url : form.Action;
        // Resolved against the page: on Linux a bare "/path?query" parses as an absolute file URI whose "?" gets escaped.
        var target = new Uri(new Uri(page.Url), action).PathAndQuery;
        using var content = new FormUrlEncodedContent(fields);
        return await client.PostAsync(new Uri(target, UriKind.Relative), content);
    }

    public static string Text(this IElement? element) => element?.TextContent.Trim() ?? "";
}
