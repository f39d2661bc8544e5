using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace ReturnsPortal.Web.Notifications;

/// <summary>
/// Builds an e-mail's HTML and plain-text parts side by side. Every piece of text goes through the HTML encoder,
/// whether it is ours or the customer's, so a comment like <c>&lt;script&gt;</c> can only ever arrive as text.
/// There is no way to add raw HTML from outside this class.
/// </summary>
public sealed class EmailBody
{
    private readonly StringBuilder html = new();
    private readonly StringBuilder text = new();

    public string Html(string language, string title) =>
        $"<!DOCTYPE html><html lang=\"{(language == "en" ? "en" : "fr")}\"><head><meta charset=\"utf-8\"><title>{Encode(title)}</title></head>" +
        $"<body style=\"font-family:Arial,Helvetica,sans-serif;line-height:1.5;color:#212529\">{html}</body></html>";

    public string Text => text.ToString().TrimEnd() + "\n";

    public EmailBody Heading(string value)
    {
        html.Append("<h1 style=\"font-size:20px\">").Append(Encode(value)).Append("</h1>");
        text.AppendLine(value).AppendLine(new string('=', Math.Min(value.Length, 60))).AppendLine();
        return this;
    }

    public EmailBody Paragraph(string value)
    {
        html.Append("<p>").Append(Encode(value)).Append("</p>");
        text.AppendLine(value).AppendLine();
        return this;
    }

    /// <summary>A label and its value, the value in bold (an RMA, a date).</summary>
    public EmailBody Field(string label, string value)
    {
        html.Append("<p>").Append(Encode(label)).Append(" : <strong>").Append(Encode(value)).Append("</strong></p>");
        text.Append(label).Append(" : ").AppendLine(value).AppendLine();
        return this;
    }

    /// <summary>Multi-line text kept as the customer will read it (line breaks preserved).</summary>
    public EmailBody Block(string value)
    {
        var lines = value.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        html.Append("<p style=\"padding:8px;border-left:3px solid #6c757d\">")
            .AppendJoin("<br>", lines.Select(Encode)).Append("</p>");
        foreach (var line in lines)
        {
            text.Append("  ").AppendLine(line);
        }
        text.AppendLine();
        return this;
    }

    public EmailBody List(IEnumerable<string> items)
    {
        var all = items.ToList();
        if (all.Count == 0)
        {
            return this;
        }
        html.Append("<ul>");
        foreach (var item in all)
        {
            html.Append("<li>").Append(Encode(item)).Append("</li>");
            text.Append("- ").AppendLine(item);
        }
        html.Append("</ul>");
        text.AppendLine();
        return this;
    }

    /// <summary>A link; only absolute http(s) addresses built from configuration are accepted.</summary>
    public EmailBody Link(string label, Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("E-mail links must be absolute http(s) addresses.", nameof(url));
        }
        html.Append("<p><a href=\"").Append(Encode(url.AbsoluteUri)).Append("\">").Append(Encode(label)).Append("</a></p>");
        text.Append(label).Append(" : ").AppendLine(url.AbsoluteUri).AppendLine();
        return this;
    }

    // Accented letters stay readable in the HTML source; markup characters (< > & " ') are always encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static string Encode(string value) => Encoder.Encode(value);
}
