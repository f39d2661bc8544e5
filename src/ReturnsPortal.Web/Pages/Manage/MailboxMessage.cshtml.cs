using ReturnsPortal.Web.Notifications;

namespace ReturnsPortal.Web.Pages.Manage;

/// <summary>
/// One e-mail of the mailbox folder. Its plain-text part is shown, encoded like any text: the HTML part is never
/// rendered in the portal, so nothing in a message can run here.
/// </summary>
public sealed class MailboxMessageModel(Mailbox mailbox) : PageModel
{
    public Mailbox.Message? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        Message = await mailbox.ReadAsync(id, ct);
        return Message is null ? NotFound() : Page();
    }
}
