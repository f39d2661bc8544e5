using ReturnsPortal.Web.Notifications;

namespace ReturnsPortal.Web.Pages.Manage;

/// <summary>The e-mails written to the local mailbox folder when no SMTP server is configured (Managers, Admins).</summary>
public sealed class MailboxModel(Mailbox mailbox, SmtpOptions smtp) : PageModel
{
    public IReadOnlyList<Mailbox.Entry> Messages { get; private set; } = [];
    public bool SmtpConfigured => !string.IsNullOrWhiteSpace(smtp.Host);

    public async Task OnGetAsync(CancellationToken ct) => Messages = await mailbox.ListAsync(ct);
}
