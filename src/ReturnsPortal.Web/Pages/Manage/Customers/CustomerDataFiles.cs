using System.IO.Compression;
using System.Text.Json;
using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Web.Files;
using ReturnsPortal.Web.Notifications;
using ReturnsPortal.Web.Pages.Returns.Start;

namespace ReturnsPortal.Web.Pages.Manage.Customers;

/// <summary>
/// The files side of a customer's GDPR rights (ADR 0127), shared by the Admin page and the API: the export written as
/// a ZIP straight into the response (one JSON file per kind, then each photo and mailbox copy streamed from the file
/// store one at a time, never all in memory), and the files deleted after an erasure's commit.
/// </summary>
public static class CustomerDataFiles
{
    public const string ContentType = "application/zip";

    /// <summary>camelCase, ISO 8601 dates (UTC with "Z"), indented for a person to read.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string FileName(DateTime at) => $"customer-data-{at:yyyyMMdd-HHmmss}.zip";

    /// <summary>An e-mail sent, and where its copy is in the ZIP (null when the mailbox has none: SMTP sent it).</summary>
    public sealed record EmailEntry(string MessageId, string Recipient, string Subject, string Language, DateTime SentAt, string? File);

    /// <summary>What the ZIP holds: <c>export.json</c> names the customer, the time and every file.</summary>
    public sealed record Manifest(string Email, DateTime ExportedAt, IReadOnlyList<string> Files, IReadOnlyList<string> MissingFiles);

    public static async Task WriteZipAsync(Stream output, CustomerData data, IFileStore files, DateTime at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(files);
        var written = new List<string>();
        var missing = new List<string>();
        // ZipArchive still writes an entry's data descriptor synchronously, which the server refuses: those few bytes
        // are held here and sent asynchronously before the next write.
        await using var body = new AsyncOnlyStream(output);
        var zip = await ZipArchive.CreateAsync(body, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct);

        // The files first: emails.json says which mailbox copies exist.
        foreach (var photo in data.Returns.SelectMany(r => r.Lines).SelectMany(l => l.Photos))
        {
            (await CopyAsync(zip, files, photo.FileKey, photo.Path, ct) ? written : missing).Add(photo.Path);
        }
        var emails = new List<EmailEntry>();
        foreach (var email in data.Emails)
        {
            var path = $"emails/{Mailbox.FileIdFor(email.MessageId)}.eml";
            var copied = await CopyAsync(zip, files, Mailbox.KeyOf(Mailbox.FileIdFor(email.MessageId)), path, ct);
            if (copied)
            {
                written.Add(path);
            }
            emails.Add(new EmailEntry(email.MessageId, email.Recipient, email.Subject, email.Language, email.SentAt, copied ? path : null));
        }
        await WriteJsonAsync(zip, "customer.json", data.Customers, written, ct);
        await WriteJsonAsync(zip, "orders.json", data.Orders, written, ct);
        await WriteJsonAsync(zip, "returns.json", data.Returns, written, ct);
        await WriteJsonAsync(zip, "storeCredit.json", data.StoreCredit, written, ct);
        await WriteJsonAsync(zip, "withdrawals.json", data.Withdrawals, written, ct);
        await WriteJsonAsync(zip, "emails.json", emails, written, ct);
        await WriteJsonAsync(zip, "export.json", new Manifest(data.Email, at, [.. written, "export.json"], missing), written, ct);
        await zip.DisposeAsync();
        await body.FlushAsync(ct);
    }

    private static async Task WriteJsonAsync<T>(ZipArchive zip, string name, T value, List<string> written, CancellationToken ct)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        await using (var stream = await entry.OpenAsync(ct))
        {
            await JsonSerializer.SerializeAsync(stream, value, Json, ct);
        }
        written.Add(name);
    }

    /// <summary>Copies one stored file into the ZIP; false when the store has it no more (retention, a lost disk).</summary>
    private static async Task<bool> CopyAsync(ZipArchive zip, IFileStore files, string key, string path, CancellationToken ct)
    {
        await using var content = await files.OpenAsync(key, ct);
        if (content is null)
        {
            return false;
        }
        // Photos and mails are compressed already or small: stored as they are.
        var entry = zip.CreateEntry(path, CompressionLevel.NoCompression);
        await using var target = await entry.OpenAsync(ct);
        await content.CopyToAsync(target, ct);
        return true;
    }

    /// <summary>
    /// Deletes what an erasure names once its transaction is committed: photos, the erased drafts' uploaded photos, the
    /// mailbox copies of the e-mails erased. A file already gone counts as deleted. Returns how many files went.
    /// Until the uploads colleague's draft/return file removal lands in Files/, this goes through the store directly.
    /// </summary>
    public static async Task<int> DeleteErasedAsync(IFileStore files, ErasureOutcome outcome, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(outcome);
        var keys = outcome.FileKeys
            .Concat(outcome.DraftData.SelectMany(DraftPhotoKeys))
            .Concat(outcome.MessageIds.Select(id => Mailbox.KeyOf(Mailbox.FileIdFor(id))))
            .Distinct(StringComparer.Ordinal).ToList();
        var deleted = 0;
        foreach (var key in keys)
        {
            if (await files.DeleteAsync(key, ct))
            {
                deleted++;
            }
        }
        return deleted;
    }

    /// <summary>The file keys of the photos a draft's JSON names (none when it cannot be read: an older shape).</summary>
    public static IEnumerable<string> DraftPhotoKeys(string draftData)
    {
        DraftChoices? choices;
        try
        {
            choices = JsonSerializer.Deserialize<DraftChoices>(draftData);
        }
        catch (JsonException)
        {
            return [];
        }
        return choices?.Lines.Values.SelectMany(l => l.Photos).Select(p => p.FileKey).Where(IsStoreKey).ToList() ?? [];
    }

    private static bool IsStoreKey(string key)
    {
        try
        {
            FileKeys.Check(key);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// A write-only stream over the response: synchronous writes (small: ZIP headers and descriptors) are buffered and
    /// go out with the next asynchronous write or flush, so the response never sees a synchronous write.
    /// </summary>
    private sealed class AsyncOnlyStream(Stream inner) : Stream
    {
        private readonly MemoryStream pending = new();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => pending.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => pending.Write(buffer);

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await DrainAsync(cancellationToken);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            await DrainAsync(cancellationToken);
            await inner.FlushAsync(cancellationToken);
        }

        // Nothing is written synchronously: what is pending goes out with FlushAsync.
        public override void Flush() { }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override async ValueTask DisposeAsync()
        {
            await DrainAsync(default);
            await pending.DisposeAsync();
            await base.DisposeAsync();
        }

        private async Task DrainAsync(CancellationToken ct)
        {
            if (pending.Length > 0)
            {
                await inner.WriteAsync(pending.GetBuffer().AsMemory(0, (int)pending.Length), ct);
                pending.SetLength(0);
            }
        }
    }
}
