using System.Security.Cryptography;
using System.Text;
using MimeKit;
using ReturnsPortal.Web.Files;

namespace ReturnsPortal.Web.Notifications;

/// <summary>
/// Reads the .eml files of the mailbox fallback for /manage/mailbox (never served as static files). They are files of
/// the store (<c>mailbox/&lt;id&gt;.eml</c>, ADR 0112): with <c>Files:Store=Database</c> every instance lists what any
/// instance sent.
/// </summary>
public sealed class Mailbox(IFileStore files)
{
    public const int ListLimit = 200;

    public sealed record Entry(string Id, DateTime Date, string To, string Subject);

    public sealed record Message(string Id, DateTime Date, string From, string To, string Subject, string Language, string Text);

    /// <summary>The newest <see cref="ListLimit"/> messages (by when they were written), newest first by their date.</summary>
    public async Task<IReadOnlyList<Entry>> ListAsync(CancellationToken ct)
    {
        var newest = (await files.ListAsync(FileKeys.Mailbox, ct))
            .Select(f => (File: f, Id: IdOf(f.Key))).Where(f => f.Id is not null)
            .OrderByDescending(f => f.File.WrittenAt).Take(ListLimit).ToList();
        // One read for the whole page (one query with the database store), not one per mail.
        var contents = await files.ReadManyAsync([.. newest.Select(f => f.File.Key)], ct);
        var entries = new List<Entry>();
        foreach (var (file, id) in newest)
        {
            // Gone since the listing (a resend replaces, an operator cleans up): not listed.
            if (contents.TryGetValue(file.Key, out var content))
            {
                using var mime = await MimeMessage.LoadAsync(new MemoryStream(content, writable: false), ct);
                entries.Add(new Entry(id!, mime.Date.UtcDateTime, mime.To.ToString(), mime.Subject ?? ""));
            }
        }
        return entries.OrderByDescending(e => e.Date).ToList();
    }

    /// <summary>One message by its file id (32 lowercase hex digits, so no path can be smuggled in), or null.</summary>
    public async Task<Message?> ReadAsync(string id, CancellationToken ct)
    {
        if (!IsFileId(id) || await LoadAsync(KeyOf(id), ct) is not { } mime)
        {
            return null;
        }
        using (mime)
        {
            return new Message(id, mime.Date.UtcDateTime, mime.From.ToString(), mime.To.ToString(), mime.Subject ?? "",
                mime.Body?.Headers[HeaderId.ContentLanguage] ?? "", mime.TextBody ?? "");
        }
    }

    /// <summary>The store key of a message: its file id under <see cref="FileKeys.Mailbox"/>.</summary>
    public static string KeyOf(string fileId) =>
        IsFileId(fileId) ? FileKeys.Of(FileKeys.Mailbox, fileId + ".eml") : throw new ArgumentException("Not a mailbox file id.", nameof(fileId));

    /// <summary>A file name safe on every system, from a Message-ID: a resend of the same message replaces it.</summary>
    public static string FileIdFor(string messageId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)))[..32];

    public static bool IsFileId(string id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);

    private static string? IdOf(string key)
    {
        var name = FileKeys.NameOf(key);
        return name.EndsWith(".eml", StringComparison.Ordinal) && IsFileId(name[..^4]) ? name[..^4] : null;
    }

    private async Task<MimeMessage?> LoadAsync(string key, CancellationToken ct)
    {
        if (await files.OpenAsync(key, ct) is not { } stream)
        {
            return null;
        }
        await using (stream)
        {
            return await MimeMessage.LoadAsync(stream, ct);
        }
    }
}
