using System.Security.Cryptography;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

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
/// The Development fallback when no SMTP server is configured: each e-mail becomes an .eml file in
/// &lt;DataPath&gt;/mailbox, read on /manage/mailbox. The file name comes from the Message-ID, so a resend overwrites.
/// </summary>
public sealed class MailboxEmailSender(MailboxFolder folder) : IEmailSender
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        Directory.CreateDirectory(folder.Path);
        var path = System.IO.Path.Combine(folder.Path, MailboxFolder.FileIdFor(message.MessageId ?? MimeKit.Utils.MimeUtils.GenerateMessageId()) + ".eml");
        var temporary = path + ".tmp";
        await message.WriteToAsync(temporary, ct);
        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>Where the mailbox fallback keeps its files.</summary>
public sealed record MailboxFolder(string Path)
{
    /// <summary>A file name safe on every system, from a Message-ID.</summary>
    public static string FileIdFor(string messageId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)))[..32];

    public static bool IsFileId(string id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);
}
