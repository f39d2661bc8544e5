using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using ReturnsPortal.Web.Files;

namespace ReturnsPortal.Web.Notifications;

/// <summary>Hands one e-mail to the outside world; throws when it was not accepted.</summary>
public interface IEmailSender
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>Sends through the configured SMTP server with MailKit, one connection per message.</summary>
public sealed class SmtpEmailSender(SmtpOptions options) : IEmailSender
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        using var client = new SmtpClient { Timeout = 30_000 };
        var security = !options.UseTls ? SecureSocketOptions.None
            : options.Port == 465 ? SecureSocketOptions.SslOnConnect
            : SecureSocketOptions.StartTls;
        await client.ConnectAsync(options.Host ?? throw new InvalidOperationException("Smtp:Host is not set."), options.Port, security, ct);
        if (!string.IsNullOrEmpty(options.User))
        {
            await client.AuthenticateAsync(options.User, options.Password ?? "", ct);
        }
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }

    /// <summary>
    /// A 5xx refusal of the recipient is permanent: trying again cannot help, the message is dead-lettered at once.
    /// </summary>
    public static bool IsUndeliverable(Exception exception) =>
        exception is SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted } refused && (int)refused.StatusCode >= 500;
}

/// <summary>
/// The Development fallback when no SMTP server is configured: each e-mail becomes an .eml file of the file store
/// (<c>mailbox/&lt;id&gt;.eml</c>, on disk &lt;DataPath&gt;/mailbox as before, or in the database with
/// <c>Files:Store=Database</c>, ADR 0112), read on /manage/mailbox. The id comes from the Message-ID, so a resend
/// overwrites.
/// </summary>
public sealed class MailboxEmailSender(IFileStore files) : IEmailSender
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = Mailbox.FileIdFor(message.MessageId ?? MimeKit.Utils.MimeUtils.GenerateMessageId());
        using var content = new MemoryStream();
        await message.WriteToAsync(content, ct);
        content.Position = 0;
        await files.WriteAsync(Mailbox.KeyOf(id), content, ct);
    }
}
