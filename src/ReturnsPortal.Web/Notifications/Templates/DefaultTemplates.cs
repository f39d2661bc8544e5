using System.Collections.Frozen;

namespace ReturnsPortal.Web.Notifications.Templates;

/// <summary>One event's e-mail in one language: subject, HTML body (inside the shop's frame) and plain text.</summary>
public sealed record TemplateSource(string Subject, string Html, string Text);

/// <summary>
/// The built-in templates, embedded files <c>Defaults/{event}.{language}.tmpl</c>: a <c>subject:</c> line, then the
/// HTML after <c>--- html</c> and the text after <c>--- text</c>. A test checks each one against its event's sample.
/// </summary>
public static class DefaultTemplates
{
    private static readonly FrozenDictionary<(string Event, string Language), TemplateSource> All = Load();

    public static TemplateSource For(string eventKey, string language) =>
        All.TryGetValue((eventKey, ShopLanguage.Normalise(language)), out var source)
            ? source
            : throw new InvalidOperationException($"No built-in template for {eventKey} in {language}.");

    private static FrozenDictionary<(string, string), TemplateSource> Load()
    {
        var assembly = typeof(DefaultTemplates).Assembly;
        var templates = new Dictionary<(string, string), TemplateSource>();
        foreach (var e in NotificationEvents.All)
        {
            foreach (var language in NotificationEvents.Languages)
            {
                using var stream = assembly.GetManifestResourceStream($"ReturnsPortal.Templates.{e.Key}.{language}.tmpl")
                    ?? throw new InvalidOperationException($"The built-in template {e.Key}.{language} is missing.");
                using var reader = new StreamReader(stream);
                templates[(e.Key, language)] = Split(reader.ReadToEnd().ReplaceLineEndings("\n"));
            }
        }
        return templates.ToFrozenDictionary();
    }

    private static TemplateSource Split(string file)
    {
        var html = file.IndexOf("\n--- html\n", StringComparison.Ordinal);
        var text = file.IndexOf("\n--- text\n", StringComparison.Ordinal);
        if (!file.StartsWith("subject: ", StringComparison.Ordinal) || html < 0 || text < html)
        {
            throw new InvalidOperationException("A built-in template is not 'subject: …', '--- html', '--- text'.");
        }
        return new TemplateSource(file["subject: ".Length..html].Trim(), file[(html + 10)..text].Trim(), file[(text + 10)..].Trim());
    }
}
