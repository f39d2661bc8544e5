using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Withdrawals;
using ReturnsPortal.Web.Files;
using ReturnsPortal.Web.Notifications;

namespace ReturnsPortal.Web.Tests.Infrastructure;

/// <summary>A customer with a history to export and erase (ADR 0127), made for one test.</summary>
public static class PrivacySteps
{
    /// <summary>What a test checks after an export or an erasure.</summary>
    public sealed record History(
        string Email, string OrderNumber, string Rma, string CustomerPhotoKey, string InspectionPhotoKey, string MailKey, string MessageId,
        string AckMessageId, string WithdrawalReference, long SettlementAmount);

    /// <summary>
    /// A finished return settled in store credit (nothing owed), with a customer photo and an inspection photo in the
    /// file store, a withdrawal and its acknowledgement e-mail, and another e-mail with its mailbox copy. The customer's
    /// e-mail is typed back in capitals by the tests: matching ignores case and spaces.
    /// </summary>
    public static async Task<History> CustomerWithHistoryAsync(PortalFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var made = await TestReturns.ReturnAsync(factory, ReturnStatus.Closed, Resolution.StoreCredit, unitPriceMinor: 4_990);
        return await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var files = sp.GetRequiredService<IFileStore>();
            var now = DateTime.UtcNow;
            var request = await db.Returns.Include(r => r.Lines).ThenInclude(l => l.Photos).Include(r => r.Lines).ThenInclude(l => l.InspectionPhotos)
                .Include(r => r.Order).ThenInclude(o => o!.Lines).ThenInclude(l => l.Variant!).ThenInclude(v => v.Product)
                .SingleAsync(r => r.Rma == made.Rma);
            string customerKey, inspectionKey;
            using (var content = new MemoryStream(StaffSteps.Png))
            {
                customerKey = await files.SaveAsync("draft-" + Guid.NewGuid().ToString("N"), "png", content, default);
            }
            using (var content = new MemoryStream(StaffSteps.Png))
            {
                inspectionKey = await files.SaveAsync("inspections", "png", content, default);
            }
            request.Lines[0].Photos.Add(new ReturnLinePhoto(customerKey, "image/png", "talon.png", StaffSteps.Png.Length));
            request.Lines[0].InspectionPhotos.Add(new InspectionPhoto(inspectionKey, "image/png", "atelier.png", StaffSteps.Png.Length));

            var withdrawal = Withdrawal.Submit(request.Order!, "Camille Test", made.Email, "fr", "Commande " + made.OrderNumber, Withdrawal.NewReference(), now);
            db.Withdrawals.Add(withdrawal);
            await db.SaveChangesAsync();
            var ack = await db.Outbox.Where(m => m.Type == MessageTypes.WithdrawalReceived && m.Payload.Contains(withdrawal.Reference)).SingleAsync();
            var created = await db.Outbox.Where(m => m.Payload.Contains(made.Rma)).OrderBy(m => m.Id).FirstAsync();
            var messageId = $"<{Guid.NewGuid():N}@test>";
            var ackMessageId = $"<{Guid.NewGuid():N}@test>";
            db.SentEmails.Add(new SentEmail
            {
                DedupeKey = "privacy-test:" + messageId,
                OutboxMessageId = created.Id,
                MessageId = messageId,
                Recipient = made.Email,
                Subject = $"Votre retour {made.Rma}",
                SentAt = now,
            });
            db.SentEmails.Add(new SentEmail
            {
                DedupeKey = "privacy-test:" + ackMessageId,
                OutboxMessageId = ack.Id,
                MessageId = ackMessageId,
                Recipient = made.Email,
                Subject = "Accusé de réception de votre rétractation",
                SentAt = now,
            });
            await db.SaveChangesAsync();
            var mailKey = Mailbox.KeyOf(Mailbox.FileIdFor(messageId));
            using (var mail = new MemoryStream(Encoding.UTF8.GetBytes($"To: {made.Email}\r\nSubject: Votre retour {made.Rma}\r\n\r\nBonjour Camille\r\n")))
            {
                await files.WriteAsync(mailKey, mail, default);
            }
            var amount = await db.Settlements.Where(s => s.ReturnRequestId == request.Id).Select(s => s.Amount.Minor).SingleAsync();
            return new History(made.Email, made.OrderNumber, made.Rma, customerKey, inspectionKey, mailKey, messageId, ackMessageId, withdrawal.Reference, amount);
        });
    }

    /// <summary>The e-mail as a person might type it: surrounding spaces, capitals.</summary>
    public static string Typed(string email) => "  " + email.ToUpperInvariant() + " ";

    /// <summary>The JSON file <paramref name="name"/> of an export's ZIP.</summary>
    public static JsonElement Json(ZipArchive zip, string name)
    {
        ArgumentNullException.ThrowIfNull(zip);
        var entry = zip.GetEntry(name) ?? throw new InvalidOperationException($"No {name} in the export.");
        using var stream = entry.Open();
        return JsonDocument.Parse(stream).RootElement.Clone();
    }

    public static byte[] Bytes(ZipArchive zip, string name)
    {
        ArgumentNullException.ThrowIfNull(zip);
        var entry = zip.GetEntry(name) ?? throw new InvalidOperationException($"No {name} in the export.");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static Task<bool> FileExistsAsync(PortalFactory factory, string key) =>
        factory.WithScopeAsync(async sp =>
        {
            await using var stream = await sp.GetRequiredService<IFileStore>().OpenAsync(key, default);
            return stream is not null;
        });

    public static Task<T> DbAsync<T>(PortalFactory factory, Func<ReturnsDbContext, Task<T>> query) =>
        factory.WithScopeAsync(sp => query(sp.GetRequiredService<ReturnsDbContext>()));

    public static string HashOf(string email) => CustomerErasure.HashOf(email);
}
