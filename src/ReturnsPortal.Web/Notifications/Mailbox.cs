using MimeKit;

namespace ReturnsPortal.Web.Notifications;

/// <summary>Reads the .eml files of the mailbox fallback for /manage/mailbox (never served as static files).</summary>
public sealed class Mailbox(MailboxFolder folder)
{
    public const int ListLimit = 200;

    public sealed record Entry(string Id, DateTime Date, string To, string Subject);

    public sealed record Message(string Id, DateTime Date, string From, string To, string Subject, string Language, string Text);

    public async Task<IReadOnlyList<Entry>> ListAsync(CancellationToken ct)
    {
        if (!Directory.Exists(folder.Path))
        {
            return [];
        }
        var entries = new List<Entry>();
        foreach (var file in new DirectoryInfo(folder.Path).GetFiles("*.eml").OrderByDescending(f => f.LastWriteTimeUtc).Take(ListLimit))
        {
            using var mime = await MimeMessage.LoadAsync(file.FullName, ct);
            entries.Add(new Entry(Path.GetFileNameWithoutExtension(file.Name), mime.Date.UtcDateTime, mime.To.ToString(), mime.Subject ?? ""));
        }
        return entries.OrderByDescending(e => e.Date).ToList();
    }

    /// <summary>One message by its file id (32 lowercase hex digits, so no path can be smuggled in), or null.</summary>
    public async Task<Message?> ReadAsync(string id, CancellationToken ct)
    {
        if (!MailboxFolder.IsFileId(id))
        {
            return null;
        }
        var path = Path.Combine(folder.Path, id + ".eml");
        if (!File.Exists(path))
        {
            return null;
        }
        using var mime = await MimeMessage.LoadAsync(path, ct);
        return new Message(id, mime.Date.UtcDateTime, mime.From.ToString(), mime.To.ToString(), mime.Subject ?? "",
            mime.Body?.Headers[HeaderId.ContentLanguage] ?? "", mime.TextBody ?? "");
    }
}
