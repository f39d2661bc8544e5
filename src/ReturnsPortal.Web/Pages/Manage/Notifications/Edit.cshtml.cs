using Microsoft.AspNetCore.Authorization;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Web.Labels;
using ReturnsPortal.Web.Notifications;
using ReturnsPortal.Web.Notifications.Templates;

namespace ReturnsPortal.Web.Pages.Manage.Notifications;

/// <summary>
/// One event's e-mail in one language (Admins): edit subject, HTML and text, preview them on the event's sample data,
/// save (refused with the line and the reason when a part does not pass the check), or go back to the built-in one.
/// </summary>
[Authorize(Policy = AccessPolicies.Admin)]
public sealed class EditTemplateModel(ReturnsDbContext db, ShopOptions shop, ShopLogo logo, TimeProvider clock, IStringLocalizer<SharedResource> l)
    : PageModel
{
    public const string Save = "save";
    public const string PreviewAction = "preview";
    public const string Reset = "reset";

    [BindProperty] public Input Form { get; set; } = new();

    public string EventKey { get; private set; } = "";
    public string Language { get; private set; } = "fr";
    public bool IsCustom { get; private set; }
    public bool Saved { get; private set; }
    public RenderedPreview? Preview { get; private set; }
    public IReadOnlyList<string> Variables { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string eventKey, string language, bool saved, CancellationToken ct)
    {
        if (!Load(eventKey, language))
        {
            return NotFound();
        }
        Saved = saved;
        var custom = await db.EmailTemplates.AsNoTracking().Where(t => t.Event == eventKey && t.Language == language)
            .Select(t => new TemplateSource(t.Subject, t.Html, t.Text)).SingleOrDefaultAsync(ct);
        IsCustom = custom is not null;
        var source = custom ?? DefaultTemplates.For(eventKey, language);
        Form = new Input { Subject = source.Subject, Html = source.Html, Text = source.Text };
        Preview = await RenderAsync(source, await CustomerEmails.DefaultWarehouseAsync(db, ct), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string eventKey, string language, CancellationToken ct)
    {
        if (!Load(eventKey, language))
        {
            return NotFound();
        }
        var existing = await db.EmailTemplates.SingleOrDefaultAsync(t => t.Event == eventKey && t.Language == language, ct);
        IsCustom = existing is not null;
        if (Form.Do == Reset)
        {
            if (existing is not null)
            {
                db.EmailTemplates.Remove(existing);
                await db.SaveChangesAsync(ct);
            }
            return RedirectToPage("Edit", new { eventKey, language, saved = true });
        }
        var source = new TemplateSource(Form.Subject ?? "", Form.Html ?? "", Form.Text ?? "");
        Check(source);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        if (Form.Do != Save)
        {
            Preview = await RenderAsync(source, await CustomerEmails.DefaultWarehouseAsync(db, ct), ct);
            return Page();
        }
        if (existing is null)
        {
            existing = EmailTemplate.For(eventKey, language);
            db.EmailTemplates.Add(existing);
        }
        existing.Update(source.Subject.Trim(), source.Html, source.Text, User.Identity?.Name ?? "admin", clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return RedirectToPage("Edit", new { eventKey, language, saved = true });
    }

    private bool Load(string eventKey, string language)
    {
        if (NotificationEvents.Find(eventKey) is null || !NotificationEvents.Languages.Contains(language))
        {
            return false;
        }
        EventKey = eventKey;
        Language = language;
        Variables = [.. EmailModels.Sample(eventKey, language, l).Paths()];
        return true;
    }

    /// <summary>Each part must be present, short enough, and pass the template check against the event's sample.</summary>
    private void Check(TemplateSource source)
    {
        var sample = EmailModels.Sample(EventKey, Language, l);
        foreach (var (field, value, max) in new[]
        {
            ("Form.Subject", source.Subject, EmailTemplate.SubjectLength),
            ("Form.Html", source.Html, EmailTemplate.BodyLength),
            ("Form.Text", source.Text, EmailTemplate.BodyLength),
        })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                ModelState.AddModelError(field, l["Notif.PartRequired"]);
                continue;
            }
            if (value.Length > max)
            {
                ModelState.AddModelError(field, l["Notif.PartTooLong", max]);
                continue;
            }
            try
            {
                MiniTemplate.Parse(value).Check(sample);
            }
            catch (TemplateException ex)
            {
                ModelState.AddModelError(field, l["Notif.TemplateError", ex.Line, l["Notif.Error." + ex.Kind, ex.Detail]]);
            }
        }
    }

    /// <summary>
    /// The e-mail on the sample data, sent to the warehouse a return goes to when no rule matches (the sample order is
    /// not a real one to route); the inline images become data: URIs so the page can show them.
    /// </summary>
    private async Task<RenderedPreview> RenderAsync(TemplateSource source, string? warehouse, CancellationToken ct)
    {
        var image = await logo.ReadAsync(ct);
        var sample = EmailModels.Sample(EventKey, Language, l, warehouse);
        var toStaff = NotificationEvents.Find(EventKey)!.ToStaff;
        var frame = new EmailFrame(Language, toStaff, shop.Name, image is not null,
            "https://shop.example/returns/track/R-2611-ABCD", "https://shop.example/returns/policy");
        var (subject, html, text) = EmailRenderer.Render(source, sample, frame, l);
        html = html.Replace("cid:" + EmailModels.QrCid, "data:image/png;base64," + Convert.ToBase64String(LabelCodes.QrPng("R-2611-ABCD", 4)), StringComparison.Ordinal);
        if (image is { } logoImage)
        {
            html = html.Replace("cid:" + EmailModels.LogoCid, $"data:{logoImage.MediaType};base64,{Convert.ToBase64String(logoImage.Bytes)}", StringComparison.Ordinal);
        }
        return new RenderedPreview(subject, html, text);
    }

    public sealed record RenderedPreview(string Subject, string Html, string Text);

    public sealed record Input
    {
        public string? Subject { get; init; }
        public string? Html { get; init; }
        public string? Text { get; init; }
        /// <summary>Which button was pressed: preview, save or reset.</summary>
        public string? Do { get; init; }
    }
}
