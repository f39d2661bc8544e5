using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.Domain.Customers;

/// <summary>
/// A customer's GDPR rights, by e-mail (ADR 0127): everything held about them (<see cref="CollectAsync"/>, the export)
/// and its erasure (<see cref="EraseAsync"/>), which keeps what the law obliges the merchant to keep: withdrawal records
/// (Code de la consommation L221-21, L221-18) and the accounting records of refunds and store credit (Code de commerce
/// L123-22), with the e-mail and names replaced by a pseudonym. Files (photos, mailbox) are the web layer's: the
/// results name the keys and message ids to delete or copy.
/// </summary>
public sealed class CustomerPrivacy(ReturnsDbContext db, TimeProvider clock)
{
    /// <summary>The e-mail as every record holds it (trimmed, lowercase), or null for something that is not one.</summary>
    public static string? Normalise(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return null;
        }
        var normalised = Order.NormaliseEmail(email);
        return normalised.Length <= Customer.EmailLength && normalised.IndexOf('@', StringComparison.Ordinal) is > 0 && !normalised.Any(char.IsWhiteSpace)
            ? normalised
            : null;
    }

#pragma warning disable CA1862, CA1304, CA1311 // ToLower() is translated to SQL lower() on both providers; the comparison overloads are not
    private IQueryable<Order> OrdersOf(string email) => db.Orders.Where(o => o.Email.ToLower() == email);

    private IQueryable<Customer> CustomersOf(string email) => db.Customers.Where(c => c.Email.ToLower() == email);

    private IQueryable<SentEmail> EmailsTo(string email) => db.SentEmails.Where(e => e.Recipient.ToLower() == email);
#pragma warning restore CA1862, CA1304, CA1311

    private IQueryable<StoreCreditAccount> CreditOf(string email) => db.StoreCreditAccounts.Where(a => a.CustomerEmail == email);

    /// <summary>Withdrawal acknowledgements: the e-mails kept as proof with the withdrawal record (ADR 0127).</summary>
    private IQueryable<SentEmail> KeptEmails() =>
        db.SentEmails.Where(e => db.Outbox.Any(m => m.Id == e.OutboxMessageId && m.Type == MessageTypes.WithdrawalReceived));

    /// <summary>The most recent erasure of this e-mail, if any: a search for an erased customer says when it happened.</summary>
    public Task<CustomerErasure?> LastErasureAsync(string email, CancellationToken ct)
    {
        var hash = CustomerErasure.HashOf(email);
        return db.CustomerErasures.AsNoTracking().Where(e => e.EmailHash == hash).OrderByDescending(e => e.ErasedAt).FirstOrDefaultAsync(ct);
    }

    /// <summary>Everything held about <paramref name="email"/> (normalised), or null when nothing is.</summary>
    public async Task<CustomerData?> CollectAsync(string email, CancellationToken ct)
    {
        var customers = await CustomersOf(email).AsNoTracking().OrderBy(c => c.Id)
            .Select(c => new CustomerRecord(c.Email, c.FirstName, c.LastName, c.Language,
                new AddressRecord(c.Address.Line1, c.Address.Line2, c.Address.Postcode, c.Address.City, c.Address.Country), c.CreatedAt))
            .ToListAsync(ct);
        var orders = await OrdersOf(email).AsNoTracking().OrderBy(o => o.PlacedAt)
            .Select(o => new OrderRecord(o.Id, o.Number, o.Email, o.CustomerName, o.Postcode, o.PlacedAt, o.ShippedAt, o.DeliveredAt,
                o.PaymentMethod.ToString(), o.Currency, o.PaymentReference,
                o.Lines.OrderBy(l => l.Id).Select(l => new OrderLineRecord(l.Variant!.Sku, l.Variant.Product!.Name, l.Variant.Size, l.Variant.Colour,
                    l.Quantity, new MoneyRecord(l.UnitPricePaid.Minor, l.UnitPricePaid.Currency))).ToList()))
            .ToListAsync(ct);
        var orderIds = orders.Select(o => o.Id).ToList();
        var returns = await CollectReturnsAsync(orderIds, ct);
        var accounts = await CreditOf(email).AsNoTracking().Include(a => a.Entries).OrderBy(a => a.Id).ToListAsync(ct);
        var credit = accounts.Select(a => new StoreCreditRecord(a.Code, a.Currency, a.CreatedAt, new MoneyRecord(a.Balance.Minor, a.Currency),
            a.Entries.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id)
                .Select(e => new StoreCreditEntryRecord(e.Kind.ToString(), new MoneyRecord(e.Amount.Minor, e.Amount.Currency), e.Reference, e.CreatedAt)).ToList()))
            .ToList();
        var withdrawals = await db.Withdrawals.AsNoTracking()
            .Where(w => w.CustomerEmail == email || orderIds.Contains(w.OrderId)).OrderBy(w => w.SubmittedAt)
            .Select(w => new WithdrawalRecord(w.Reference, w.OrderNumber, w.CustomerName, w.CustomerEmail, w.Language, w.SubmittedAt, w.RefundDeadline, w.Content))
            .ToListAsync(ct);
        var emails = await EmailsTo(email).AsNoTracking().OrderBy(e => e.SentAt)
            .Select(e => new SentEmailRecord(e.MessageId, e.Recipient, e.Subject, e.Language, e.SentAt))
            .ToListAsync(ct);
        if (customers.Count == 0 && orders.Count == 0 && credit.Count == 0 && withdrawals.Count == 0 && emails.Count == 0)
        {
            return null;
        }
        return new CustomerData(email, customers, orders, returns, credit, withdrawals, emails);
    }

    private async Task<List<ReturnRecord>> CollectReturnsAsync(List<int> orderIds, CancellationToken ct)
    {
        var requests = await db.Returns.AsNoTracking().AsSplitQuery()
            .Where(r => orderIds.Contains(r.OrderId))
            .Include(r => r.Order)
            .Include(r => r.History)
            .Include(r => r.Lines).ThenInclude(l => l.Photos)
            .Include(r => r.Lines).ThenInclude(l => l.InspectionPhotos)
            .Include(r => r.Lines).ThenInclude(l => l.Decision)
            .Include(r => r.Lines).ThenInclude(l => l.OrderLine!).ThenInclude(l => l.Variant!).ThenInclude(v => v.Product)
            .Include(r => r.Lines).ThenInclude(l => l.Reason)
            .OrderBy(r => r.CreatedAt)
            .ToListAsync(ct);
        var ids = requests.Select(r => r.Id).ToList();
        var settlements = await db.Settlements.AsNoTracking().Where(s => ids.Contains(s.ReturnRequestId)).OrderBy(s => s.CreatedAt).ToListAsync(ct);
        return requests.Select(r => new ReturnRecord(
            r.Rma, r.Order!.Number, r.Status.ToString(), r.Resolution.ToString(), r.Method.ToString(), r.Language, r.CreatedAt,
            r.Pickup is { } p ? new PickupRecord(p.Line1, p.Line2, p.Postcode, p.City, p.Date) : null,
            new MoneyRecord(r.RefundEstimate.Minor, r.RefundEstimate.Currency),
            r.Lines.OrderBy(l => l.Id).Select(l => new ReturnLineRecord(
                l.OrderLine?.Variant?.Sku, l.OrderLine?.Variant?.Product?.Name, l.Quantity, l.Reason?.Code, l.Comment,
                l.ReceiptOutcome?.ToString(), l.QuantityReceived, l.Grade?.ToString(), l.InspectedAt,
                l.Decision is { } d && d.DecidedAt != default
                    ? new DecisionRecord(d.Verdict.ToString(), d.Disposition.ToString(), new MoneyRecord(d.PricePaid.Minor, d.PricePaid.Currency),
                        new MoneyRecord(d.Deduction.Minor, d.Deduction.Currency), new MoneyRecord(d.Total.Minor, d.Total.Currency), d.DecidedAt)
                    : null,
                [.. l.Photos.Select(ph => new PhotoRecord(ph.Id, "customer", ph.FileKey, ph.ContentType, ph.FileName, ph.Length)),
                 .. l.InspectionPhotos.Select(ph => new PhotoRecord(ph.Id, "inspection", ph.FileKey, ph.ContentType, ph.FileName, ph.Length))])).ToList(),
            r.History.OrderBy(h => h.At).Select(h => new StatusChangeRecord(h.From?.ToString(), h.To.ToString(), h.At, ActorKind(h.Actor), h.Note)).ToList(),
            settlements.Where(s => s.ReturnRequestId == r.Id).Select(s => new SettlementRecord(
                s.Reference, s.Kind.ToString(), s.Status.ToString(), new MoneyRecord(s.Amount.Minor, s.Amount.Currency),
                new MoneyRecord(s.Bonus.Minor, s.Bonus.Currency), s.ProviderReference, s.CreatedAt, s.SentAt, s.CompletedAt, s.FailedAt, s.CancelledAt)).ToList()))
            .ToList();
    }

    /// <summary>Staff members are other people: the export says a staff member acted, not which one (ADR 0127).</summary>
    private static string ActorKind(string actor) => actor switch
    {
        "customer" => "customer",
        SystemActor.Name => "system",
        _ when actor.StartsWith("api", StringComparison.Ordinal) => "shop",
        _ => "staff",
    };

    /// <summary>
    /// Why <paramref name="email"/> (normalised) cannot be erased now: returns still open (not closed, cancelled, expired,
    /// or resolved with nothing left to pay or ship) and refunds not paid yet. Empty when it can.
    /// </summary>
    public async Task<ErasureBlockers> BlockersAsync(string email, CancellationToken ct)
    {
        var orderIds = OrdersOf(email).Select(o => o.Id);
        var returns = db.Returns.Where(r => orderIds.Contains(r.OrderId));
        // Settlements that still owe the customer something: a refund to pay, a replacement to ship.
        var owing = db.Settlements.Where(s => returns.Any(r => r.Id == s.ReturnRequestId)
            && (s.Status == SettlementStatus.Instructed || s.Status == SettlementStatus.Sent || s.Status == SettlementStatus.Failed
                || s.Status == SettlementStatus.ReplacementRequested));
        var openRmas = await returns
            .Where(r => !(r.Status == ReturnStatus.Closed || r.Status == ReturnStatus.Cancelled || r.Status == ReturnStatus.Expired
                || (r.Status == ReturnStatus.Resolved && !owing.Any(s => s.ReturnRequestId == r.Id))))
            .OrderBy(r => r.Rma).Select(r => r.Rma).ToListAsync(ct);
        var unpaid = await Settlement.UnpaidRefunds(db.Settlements).Where(s => returns.Any(r => r.Id == s.ReturnRequestId))
            .OrderBy(s => s.Reference).Select(s => s.Reference).ToListAsync(ct);
        return new ErasureBlockers(openRmas, unpaid);
    }

    /// <summary>
    /// Erases <paramref name="email"/> (normalised) everywhere, in one transaction, and records the erasure; refuses
    /// (<c>privacy.erasure_blocked</c>) while <see cref="BlockersAsync"/> finds anything. Kept unchanged: withdrawal
    /// records and their acknowledgement e-mails; kept pseudonymised: orders (number, dates, lines, amounts, payment
    /// reference), returns (RMA, lines, decisions, history), settlements and store credit (amounts, references, code).
    /// Gone: the customer record's name and address, the orders' e-mail, name and postcode, pickup addresses, the
    /// customer's comments, drafts, photos, other e-mails sent, and the e-mail and name in outbox and webhook bodies.
    /// </summary>
    public async Task<ErasureOutcome> EraseAsync(string email, string actor, string channel, CancellationToken ct)
    {
        var blockers = await BlockersAsync(email, ct);
        if (!blockers.IsEmpty)
        {
            throw new DomainException("privacy.erasure_blocked", $"Open returns ({string.Join(", ", blockers.OpenReturns)}) or unpaid refunds ({string.Join(", ", blockers.UnpaidRefunds)}).");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var pseudonym = CustomerErasure.PseudonymFor(email);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        var orders = await OrdersOf(email).ToListAsync(ct);
        var orderIds = orders.Select(o => o.Id).ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var order in orders)
        {
            names.Add(order.CustomerName);
            order.Email = pseudonym;
            order.CustomerName = CustomerErasure.ErasedName;
            order.Postcode = "";
        }
        foreach (var customer in await CustomersOf(email).ToListAsync(ct))
        {
            names.Add($"{customer.FirstName} {customer.LastName}");
            customer.Email = pseudonym;
            customer.FirstName = CustomerErasure.ErasedName;
            customer.LastName = CustomerErasure.ErasedName;
            customer.Address = new PostalAddress { Line1 = CustomerErasure.ErasedName, Postcode = "", City = "", Country = customer.Address.Country };
        }

        var requests = await db.Returns.Include(r => r.Lines).ThenInclude(l => l.Photos).Include(r => r.Lines).ThenInclude(l => l.InspectionPhotos)
            .Where(r => orderIds.Contains(r.OrderId)).ToListAsync(ct);
        var fileKeys = new List<string>();
        foreach (var request in requests)
        {
            request.ErasePersonalData();
            foreach (var line in request.Lines)
            {
                fileKeys.AddRange(line.Photos.Select(p => p.FileKey));
                fileKeys.AddRange(line.InspectionPhotos.Select(p => p.FileKey));
                db.RemoveRange(line.Photos);
                db.RemoveRange(line.InspectionPhotos);
            }
        }
        var requestIds = requests.Select(r => r.Id).ToList();
        var parcels = await db.UnidentifiedParcels.Include(p => p.Photos).Where(p => p.ReturnRequestId != null && requestIds.Contains(p.ReturnRequestId.Value)).ToListAsync(ct);
        foreach (var parcel in parcels)
        {
            fileKeys.AddRange(parcel.Photos.Select(p => p.FileKey));
            db.RemoveRange(parcel.Photos);
        }
        var parcelIds = parcels.Select(p => p.Id).ToList();
        await db.UnidentifiedParcels.Where(p => parcelIds.Contains(p.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.SenderName, (string?)null).SetProperty(p => p.Postcode, (string?)null), ct);

        var drafts = await db.ReturnDrafts.Where(d => orderIds.Contains(d.OrderId)).ToListAsync(ct);
        db.ReturnDrafts.RemoveRange(drafts);

        var accounts = await CreditOf(email).Select(a => a.Id).ToListAsync(ct);
        await db.StoreCreditAccounts.Where(a => accounts.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.CustomerEmail, pseudonym), ct);

        var kept = KeptEmails().Select(e => e.Id);
        var erasedEmails = await EmailsTo(email).Where(e => !kept.Contains(e.Id)).Select(e => new { e.Id, e.MessageId }).ToListAsync(ct);
        var erasedEmailIds = erasedEmails.Select(e => e.Id).ToList();
        await db.SentEmails.Where(e => erasedEmailIds.Contains(e.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Recipient, pseudonym).SetProperty(e => e.Subject, ""), ct);

        await RedactBodiesAsync(email, pseudonym, names, ct);

        var withdrawalsKept = await db.Withdrawals.CountAsync(w => w.CustomerEmail == email || orderIds.Contains(w.OrderId), ct);
        var settlementsKept = await db.Settlements.CountAsync(s => requestIds.Contains(s.ReturnRequestId), ct);
        var record = CustomerErasure.Record(email, actor, channel, now, orders.Count, requests.Count, fileKeys.Count, erasedEmails.Count, withdrawalsKept, settlementsKept);
        db.CustomerErasures.Add(record);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new ErasureOutcome(record, fileKeys, drafts.Select(d => d.Data).ToList(), erasedEmails.Select(e => e.MessageId).ToList());
    }

    /// <summary>
    /// Replaces the e-mail (and the names) inside outbox and webhook bodies, as JSON writes them, so the bodies stay
    /// valid JSON; a body that does not name the customer is not touched. Withdrawal records keep their own copy.
    /// </summary>
    private async Task RedactBodiesAsync(string email, string pseudonym, IEnumerable<string> names, CancellationToken ct)
    {
        var replacements = new List<(string From, string To)> { (Json(email), Json(pseudonym)) };
        replacements.AddRange(names.Where(n => n.Trim().Length >= 3).Select(n => (Json(n), Json(CustomerErasure.ErasedName))));
        var emailJson = Json(email);
        foreach (var (from, to) in replacements)
        {
            // Only in bodies that name the e-mail: a name alone ("Léa Martin") may be someone else's.
            await db.Outbox.Where(m => m.Payload.Contains(emailJson) || m.Payload.Contains(pseudonym))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Payload, m => m.Payload.Replace(from, to)), ct);
            await db.WebhookDeliveries.Where(d => d.Body.Contains(emailJson) || d.Body.Contains(pseudonym))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Body, d => d.Body.Replace(from, to)), ct);
        }
    }

    /// <summary>A string as System.Text.Json writes it inside quotes (the bodies are written by it).</summary>
    private static string Json(string value) => System.Text.Json.JsonSerializer.Serialize(value)[1..^1];
}

/// <summary>Why an erasure is refused now: the open returns' RMAs and the unpaid refunds' references.</summary>
public sealed record ErasureBlockers(IReadOnlyList<string> OpenReturns, IReadOnlyList<string> UnpaidRefunds)
{
    public bool IsEmpty => OpenReturns.Count == 0 && UnpaidRefunds.Count == 0;
}

/// <summary>
/// What an erasure did: its record, and what the web layer deletes after the commit: photo files, the erased drafts'
/// JSON (their photos), the Message-IDs of the e-mails whose mailbox copies go.
/// </summary>
public sealed record ErasureOutcome(CustomerErasure Record, IReadOnlyList<string> FileKeys, IReadOnlyList<string> DraftData, IReadOnlyList<string> MessageIds);

// The export's records: their JSON names (camelCase of these) are a contract with the person who reads them (ADR 0127).

public sealed record CustomerData(
    string Email, IReadOnlyList<CustomerRecord> Customers, IReadOnlyList<OrderRecord> Orders, IReadOnlyList<ReturnRecord> Returns,
    IReadOnlyList<StoreCreditRecord> StoreCredit, IReadOnlyList<WithdrawalRecord> Withdrawals, IReadOnlyList<SentEmailRecord> Emails);

public sealed record MoneyRecord(long AmountMinor, string Currency);

public sealed record AddressRecord(string Line1, string? Line2, string Postcode, string City, string Country);

public sealed record CustomerRecord(string Email, string FirstName, string LastName, string Language, AddressRecord Address, DateTime CreatedAt);

public sealed record OrderLineRecord(string Sku, string Product, string? Size, string? Colour, int Quantity, MoneyRecord UnitPricePaid);

public sealed record OrderRecord(
    [property: System.Text.Json.Serialization.JsonIgnore] int Id,
    string Number, string Email, string CustomerName, string Postcode, DateTime PlacedAt, DateTime? ShippedAt, DateTime? DeliveredAt,
    string PaymentMethod, string Currency, string? PaymentReference, IReadOnlyList<OrderLineRecord> Lines);

public sealed record PickupRecord(string Line1, string? Line2, string Postcode, string City, DateOnly Date);

public sealed record PhotoRecord(
    [property: System.Text.Json.Serialization.JsonIgnore] int Id, string Kind,
    [property: System.Text.Json.Serialization.JsonIgnore] string FileKey, string ContentType, string FileName, long Length)
{
    /// <summary>Where the photo is in the export's ZIP.</summary>
    public string Path => $"photos/{Kind}-{Id}{System.IO.Path.GetExtension(FileKey)}";
}

public sealed record DecisionRecord(string Verdict, string Disposition, MoneyRecord PricePaid, MoneyRecord Deduction, MoneyRecord Total, DateTime DecidedAt);

public sealed record ReturnLineRecord(
    string? Sku, string? Product, int Quantity, string? Reason, string? Comment, string? ReceiptOutcome, int? QuantityReceived,
    string? Grade, DateTime? InspectedAt, DecisionRecord? Decision, IReadOnlyList<PhotoRecord> Photos);

public sealed record StatusChangeRecord(string? From, string To, DateTime At, string By, string? Note);

public sealed record SettlementRecord(
    string Reference, string Kind, string Status, MoneyRecord Amount, MoneyRecord Bonus, string? ProviderReference,
    DateTime CreatedAt, DateTime? SentAt, DateTime? CompletedAt, DateTime? FailedAt, DateTime? CancelledAt);

public sealed record ReturnRecord(
    string Rma, string OrderNumber, string Status, string Resolution, string Method, string Language, DateTime CreatedAt,
    PickupRecord? Pickup, MoneyRecord RefundEstimate, IReadOnlyList<ReturnLineRecord> Lines, IReadOnlyList<StatusChangeRecord> History,
    IReadOnlyList<SettlementRecord> Settlements);

public sealed record StoreCreditEntryRecord(string Kind, MoneyRecord Amount, string Reference, DateTime CreatedAt);

public sealed record StoreCreditRecord(string Code, string Currency, DateTime CreatedAt, MoneyRecord Balance, IReadOnlyList<StoreCreditEntryRecord> Entries);

public sealed record WithdrawalRecord(
    string Reference, string OrderNumber, string CustomerName, string CustomerEmail, string Language, DateTime SubmittedAt, DateTime RefundDeadline, string Content);

public sealed record SentEmailRecord(string MessageId, string Recipient, string Subject, string Language, DateTime SentAt);
