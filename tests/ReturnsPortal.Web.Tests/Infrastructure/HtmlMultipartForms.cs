using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace ReturnsPortal.Web.Tests.Infrastructure;

/// <summary>A file a test uploads through a form's file input.</summary>
public sealed record UploadFile(string FieldName, string FileName, byte[] Content, string ContentType = "image/jpeg");

/// <summary>Posts a form as the browser does for enctype="multipart/form-data": every field of the form, then the files.</summary>
public static class HtmlMultipartForms
{
    public static async Task<HttpResponseMessage> SubmitMultipartAsync(
        this HttpClient client, IHtmlDocument page, string selector, IReadOnlyDictionary<string, string> values, IEnumerable<UploadFile> files)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(files);
        var form = page.QuerySelector<IHtmlFormElement>(selector) ?? throw new InvalidOperationException($"No form '{selector}' on the page.");
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in FormFields(form).Where(f => !values.ContainsKey(f.Key)).Concat(values))
        {
            content.Add(new StringContent(value), name);
        }
        foreach (var file in files)
        {
            var part = new ByteArrayContent(file.Content);
            part.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType);
            content.Add(part, file.FieldName, file.FileName);
        }
        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? page.Url : form.Action;
        // Resolved against the page, as in HtmlForms: on Linux a bare "/path?query" parses as a file URI whose "?" gets escaped.
        return await client.PostAsync(new Uri(new Uri(new Uri(page.Url), action).PathAndQuery, UriKind.Relative), content);
    }

    /// <summary>Posts a form url-encoded with all its fields (selects and text areas included), optionally to another handler.</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(
        this HttpClient client, IHtmlDocument page, string selector, IReadOnlyDictionary<string, string> values, string? handler = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(values);
        var form = page.QuerySelector<IHtmlFormElement>(selector) ?? throw new InvalidOperationException($"No form '{selector}' on the page.");
        var fields = FormFields(form).Where(f => !values.ContainsKey(f.Key)).Concat(values).ToList();
        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? page.Url : form.Action;
        var path = new Uri(action, UriKind.Absolute).AbsolutePath + (handler is null ? "" : "?handler=" + handler);
        using var content = new FormUrlEncodedContent(fields);
        return await client.PostAsync(new Uri(path, UriKind.Relative), content);
    }

    /// <summary>What the browser would send: inputs (checked ones for boxes), selected options, text areas.</summary>
    public static IEnumerable<KeyValuePair<string, string>> FormFields(IHtmlFormElement form)
    {
        ArgumentNullException.ThrowIfNull(form);
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && input.Type is not ("submit" or "button" or "file"):
                    if (input.Type is not ("checkbox" or "radio") || input.IsChecked)
                    {
                        yield return new(input.Name!, input.Value);
                    }
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name):
                    var option = select.Options.FirstOrDefault(o => o.IsSelected) ?? (select.Options.Length > 0 ? select.Options[0] : null);
                    if (option is not null)
                    {
                        yield return new(select.Name!, option.Value);
                    }
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name):
                    yield return new(area.Name!, area.Value);
                    break;
            }
        }
    }
}
