using Microsoft.AspNetCore.Authorization;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Web.Notifications;

namespace ReturnsPortal.Web.Pages.Manage.Notifications;

/// <summary>The notification settings (Admins): each event on or off, its templates per language, and the e-mail logo (ADR 0021).</summary>
[Authorize(Policy = AccessPolicies.Admin)]
public sealed class NotificationsModel(ReturnsDbContext db, ShopLogo logo, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public bool HasLogo { get; private set; }
    public string? Saved { get; private set; }

    public async Task OnGetAsync(string? saved, CancellationToken ct)
    {
        Saved = saved;
        HasLogo = await logo.ExistsAsync(ct);
        var switches = await db.NotificationSettings.AsNoTracking().ToDictionaryAsync(s => s.Event, s => s.Enabled, ct);
        var custom = await db.EmailTemplates.AsNoTracking().Select(t => new { t.Event, t.Language }).ToListAsync(ct);
        Rows = [.. NotificationEvents.All.Select(e => new Row(
            e.Key, e.ToStaff, e.CanDisable, !e.CanDisable || switches.GetValueOrDefault(e.Key, true),
            [.. custom.Where(c => c.Event == e.Key).Select(c => c.Language)]))];
    }

    public async Task<IActionResult> OnPostToggleAsync(string eventKey, bool enabled, CancellationToken ct)
    {
        if (NotificationEvents.Find(eventKey) is not { CanDisable: true })
        {
            return NotFound();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var actor = User.Identity?.Name ?? "admin";
        var setting = await db.NotificationSettings.SingleOrDefaultAsync(s => s.Event == eventKey, ct);
        if (setting is null)
        {
            db.NotificationSettings.Add(NotificationSetting.For(eventKey, enabled, actor, now));
        }
        else
        {
            setting.Switch(enabled, actor, now);
        }
        await db.SaveChangesAsync(ct);
        return RedirectToPage("Index", null, new { saved = eventKey }, "event-" + eventKey.Replace('.', '-'));
    }

    public async Task<IActionResult> OnPostLogoAsync(IFormFile? logoFile, CancellationToken ct)
    {
        var extension = logoFile is { Length: > 0 and <= ShopLogo.MaxBytes } ? await ImageExtensionAsync(logoFile, ct) : null;
        if (extension is null)
        {
            ModelState.AddModelError("logoFile", l["Notif.LogoInvalid", ShopLogo.MaxBytes / 1024]);
            await OnGetAsync(null, ct);
            return Page();
        }
        using var buffer = new MemoryStream();
        await logoFile!.CopyToAsync(buffer, ct);
        await logo.SaveAsync(buffer.ToArray(), extension, ct);
        return RedirectToPage("Index", new { saved = "logo" });
    }

    /// <summary>The file's type from its first bytes (never from its name): PNG, JPEG or GIF, else null.</summary>
    private static async Task<string?> ImageExtensionAsync(IFormFile file, CancellationToken ct)
    {
        var head = new byte[8];
        await using var stream = file.OpenReadStream();
        var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        ReadOnlySpan<byte> bytes = head.AsSpan(0, read);
        return bytes.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? ".png"
            : bytes.StartsWith((byte[])[0xFF, 0xD8, 0xFF]) ? ".jpg"
            : bytes.StartsWith("GIF8"u8) ? ".gif"
            : null;
    }

    public sealed record Row(string Key, bool ToStaff, bool CanDisable, bool Enabled, IReadOnlyList<string> CustomLanguages);
}
