using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using ReturnsPortal.Web.Files;
using ReturnsPortal.Web.Notifications.Templates;

namespace ReturnsPortal.Web.Notifications;

/// <summary>An image carried inside the e-mail and shown through <c>cid:</c> (the logo, a label's QR code).</summary>
public sealed record InlineImage(string ContentId, byte[] Bytes, string MediaType);

/// <summary>One composed e-mail, in one language; <see cref="To"/> may list several addresses (staff alerts), comma-separated.</summary>
public sealed record EmailContent(string To, string Language, string Subject, string Html, string Text)
{
    public IReadOnlyList<InlineImage> Images { get; init; } = [];
}

/// <summary>What frames a rendered template: the shop's header and, for customers, the tracking and policy links.</summary>
public sealed record EmailFrame(string Language, bool ToStaff, string ShopName, bool HasLogo, string TrackUrl, string PolicyUrl);

/// <summary>
/// Turns an event's model into an e-mail: the event's on/off switch, the Admin's template or the built-in one, the frame
/// with logo and links, and the inline images the HTML refers to (ADR 0021).
/// </summary>
public sealed partial class EmailRenderer(ReturnsDbContext db, ShopLogo logo, IStringLocalizer<SharedResource> localizer, ILogger<EmailRenderer> logger)
{
    public async Task<bool> IsEnabledAsync(string eventKey, CancellationToken ct)
    {
        if (NotificationEvents.Find(eventKey) is { CanDisable: false })
        {
            return true;
        }
        return await db.NotificationSettings.AsNoTracking().Where(s => s.Event == eventKey)
            .Select(s => (bool?)s.Enabled).SingleOrDefaultAsync(ct) ?? true;
    }

    /// <summary>The Admin's template for the event and language, or null when the built-in one applies.</summary>
    public async Task<TemplateSource?> OverrideAsync(string eventKey, string language, CancellationToken ct) =>
        await db.EmailTemplates.AsNoTracking().Where(t => t.Event == eventKey && t.Language == language)
            .Select(t => new TemplateSource(t.Subject, t.Html, t.Text)).SingleOrDefaultAsync(ct);

    /// <summary>The e-mail of an event, or null when an Admin switched the event off.</summary>
    public async Task<EmailContent?> RenderAsync(
        string eventKey, string to, EmailFrame frame, TemplateModel model, IReadOnlyList<InlineImage> images, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!await IsEnabledAsync(eventKey, ct))
        {
            return null;
        }
        var custom = await OverrideAsync(eventKey, frame.Language, ct);
        (string Subject, string Html, string Text) rendered;
        try
        {
            rendered = Render(custom ?? DefaultTemplates.For(eventKey, frame.Language), model, frame, localizer);
        }
        catch (TemplateException ex) when (custom is not null)
        {
            // Checked on save against the same shape, so this is a model change after an upgrade: the customer still hears from us.
            LogBrokenTemplate(ex, eventKey, frame.Language);
            rendered = Render(DefaultTemplates.For(eventKey, frame.Language), model, frame, localizer);
        }
        var logoImage = frame.HasLogo ? await logo.ReadAsync(ct) : null;
        var all = images.Concat(logoImage is { } l ? [new InlineImage(EmailModels.LogoCid, l.Bytes, l.MediaType)] : [])
            .Where(i => rendered.Html.Contains("cid:" + i.ContentId, StringComparison.Ordinal)).ToList();
        return new EmailContent(to, frame.Language, rendered.Subject, rendered.Html, rendered.Text) { Images = all };
    }

    /// <summary>
    /// Renders a template with a model inside the frame (the dispatcher and the settings page's preview); the frame's
    /// words come from <paramref name="l"/> in the frame's language.
    /// </summary>
    public static (string Subject, string Html, string Text) Render(TemplateSource source, TemplateModel model, EmailFrame frame, IStringLocalizer l)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(l);
        var subject = MiniTemplate.Parse(source.Subject).Render(model, TemplateOutput.Text).ReplaceLineEndings(" ").Trim();
        var html = MiniTemplate.Parse(source.Html).Render(model, TemplateOutput.Html);
        var text = MiniTemplate.Parse(source.Text).Render(model, TemplateOutput.Text);
        using var language = new CultureScope(frame.Language);
        return (subject, Frame(html, subject, frame, l), FrameText(text, frame, l));
    }

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    // Frame and FrameText run inside the frame's CultureScope (Render).
    private static string Frame(string body, string subject, EmailFrame f, IStringLocalizer l)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"").Append(ShopLanguage.Normalise(f.Language)).Append("\"><head><meta charset=\"utf-8\"><title>")
            .Append(Encoder.Encode(subject)).Append("</title></head>")
            .Append("<body style=\"font-family:Arial,Helvetica,sans-serif;line-height:1.5;color:#212529;max-width:640px\">");
        if (f.HasLogo)
        {
            html.Append("<p><img src=\"cid:").Append(EmailModels.LogoCid).Append("\" alt=\"").Append(Encoder.Encode(f.ShopName))
                .Append("\" style=\"max-height:60px\"></p>");
        }
        html.Append(body);
        if (!f.ToStaff)
        {
            html.Append("<hr><p style=\"font-size:13px;color:#6c757d\"><a href=\"").Append(Encoder.Encode(f.TrackUrl)).Append("\">")
                .Append(l["Email.Frame.Track"]).Append("</a> · <a href=\"").Append(Encoder.Encode(f.PolicyUrl)).Append("\">")
                .Append(l["Email.Frame.Policy"]).Append("</a></p>")
                .Append("<p style=\"font-size:13px;color:#6c757d\">").Append(Encoder.Encode(l["Email.Frame.Team", f.ShopName])).Append("</p>");
        }
        return html.Append("</body></html>").ToString();
    }

    private static string FrameText(string body, EmailFrame f, IStringLocalizer l)
    {
        var text = new StringBuilder(body.TrimEnd()).Append("\n\n");
        if (!f.ToStaff)
        {
            text.Append(l["Email.Frame.TrackLine", f.TrackUrl]).Append('\n')
                .Append(l["Email.Frame.PolicyLine", f.PolicyUrl]).Append("\n\n")
                .Append(l["Email.Frame.Team", f.ShopName]).Append('\n');
        }
        return text.ToString();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The Admin's template {Event} ({Language}) no longer renders; the built-in one was used")]
    private partial void LogBrokenTemplate(Exception ex, string @event, string language);
}

/// <summary>
/// The shop's logo for e-mails: an Admin's upload (<c>branding/logo.*</c> in the file store, so every instance sends it,
/// ADR 0112) wins over <c>Shop:LogoPath</c>, a file on this machine. PNG, JPEG or GIF only (what mail clients show), at
/// most <see cref="MaxBytes"/>.
/// </summary>
public sealed class ShopLogo(ShopOptions shop, IFileStore files)
{
    public const int MaxBytes = 512 * 1024;

    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
    };

    public async Task<bool> ExistsAsync(CancellationToken ct) => await UploadedAsync(ct) is not null || ConfiguredFile() is not null;

    public async Task<(byte[] Bytes, string MediaType)?> ReadAsync(CancellationToken ct)
    {
        if (await UploadedAsync(ct) is { } uploaded && await files.OpenAsync(uploaded.Key, ct) is { } stream)
        {
            await using (stream)
            {
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, ct);
                return (buffer.ToArray(), uploaded.MediaType);
            }
        }
        return ConfiguredFile() is { } configured ? (await File.ReadAllBytesAsync(configured.Path, ct), configured.MediaType) : null;
    }

    /// <summary>Replaces the uploaded logo; the caller has checked the bytes are an image of an accepted type.</summary>
    public async Task SaveAsync(byte[] bytes, string extension, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var key = FileKeys.Of(FileKeys.Branding, "logo" + extension.ToLowerInvariant());
        using (var content = new MemoryStream(bytes, writable: false))
        {
            await files.WriteAsync(key, content, ct);
        }
        // The new one first, then the others: there is always a logo to send, and one only once this is done.
        foreach (var old in Types.Keys.Select(e => FileKeys.Of(FileKeys.Branding, "logo" + e)).Where(k => k != key))
        {
            await files.DeleteAsync(old, ct);
        }
    }

    /// <summary>The uploaded logo's key, in the order of <see cref="Types"/> (as the folder was read before ADR 0112).</summary>
    private async Task<(string Key, string MediaType)?> UploadedAsync(CancellationToken ct)
    {
        var names = (await files.ListAsync(FileKeys.Branding, ct)).Select(f => FileKeys.NameOf(f.Key)).ToHashSet(StringComparer.Ordinal);
        foreach (var (extension, type) in Types)
        {
            if (names.Contains("logo" + extension))
            {
                return (FileKeys.Of(FileKeys.Branding, "logo" + extension), type);
            }
        }
        return null;
    }

    private (string Path, string MediaType)? ConfiguredFile() =>
        !string.IsNullOrWhiteSpace(shop.LogoPath) && File.Exists(shop.LogoPath) && Types.TryGetValue(Path.GetExtension(shop.LogoPath), out var type)
            ? (shop.LogoPath, type)
            : null;
}
