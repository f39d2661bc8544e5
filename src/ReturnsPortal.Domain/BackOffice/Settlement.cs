using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.Domain.BackOffice;

/// <summary>
/// The money (or credit, or replacement) a resolved return gives the customer, recorded exactly once: the idempotency
/// key is unique in the database (ADR 0031). It moves only by what happened (ADR 0117): a refund is Paid when the
/// provider or a person says it was paid, never when it was asked for; an exchange is Shipped only with a tracking
/// number. Every move records <see cref="SettlementMoved"/>, whose handler tells customers, shops and analytics.
/// </summary>
public sealed class Settlement : AggregateRoot, IVersioned
{
    public const int KeyLength = 60;
    public const int ReferenceLength = 100;
    public const int ReasonLength = 500;
    public const int CarrierLength = 60;
    public const int TrackingLength = 60;

    /// <summary>The longest a failed try waits before the next one.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(6);

    private Settlement() { }

    public int Id { get; private set; }
    public int ReturnRequestId { get; private set; }
    public SettlementKind Kind { get; private set; }
    public SettlementStatus Status { get; private set; }
    /// <summary>Fixed at creation: nothing changes it, so what was sent is what is paid.</summary>
    public Money Amount { get; private set; }
    /// <summary>The store-credit bonus on top of the amount (zero for a refund or an exchange).</summary>
    public Money Bonus { get; private set; }
    public string IdempotencyKey { get; private set; } = "";
    /// <summary>Ours: RI-, SC- or EX- and the RMA; unique, the settlement's identity for customers, shops and the API.</summary>
    public string Reference { get; private set; } = "";
    /// <summary>Who pays a refund (Manual, Stripe, Shop) or ships a replacement (Warehouse, Shop).</summary>
    public string Provider { get; private set; } = "";
    /// <summary>The provider's reference of the payment (Stripe's re_…, the bank transfer's, the shop's).</summary>
    public string? ProviderReference { get; private set; }
    public string? FailureReason { get; private set; }
    /// <summary>1, then one more each time a person retries a failed refund: each round has its own provider key.</summary>
    public int Round { get; private set; } = 1;
    /// <summary>Tries in this round (a timeout is tried again with the same key).</summary>
    public int Tries { get; private set; }
    public string? LastError { get; private set; }
    public DateTime? NextTryAt { get; private set; }
    public string? Carrier { get; private set; }
    public string? TrackingNumber { get; private set; }
    /// <summary>A cancelled exchange: what the customer chose instead (a refund or store credit), and why.</summary>
    public SettlementKind? InsteadKind { get; private set; }
    public string? CancelReason { get; private set; }
    /// <summary>Latest lawful refund date (L221-24): withdrawal + 14 days, or receipt if the goods came later.</summary>
    public DateTime? LegalDeadline { get; private set; }
    /// <summary>The merchant's promise: receipt + the policy's service days, never after the legal deadline.</summary>
    public DateTime? ServiceDeadline { get; private set; }
    public DateTime? SentAt { get; private set; }
    /// <summary>When it was paid, issued or shipped: the time the analytics measure.</summary>
    public DateTime? CompletedAt { get; private set; }
    public DateTime? FailedAt { get; private set; }
    public DateTime? CancelledAt { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTime UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";
    public int Version { get; set; }

    public static string KeyFor(string rma) => $"settle:{rma}";

    /// <summary>The key of the refund or credit given instead of a cancelled exchange.</summary>
    public static string InsteadKeyFor(string rma) => $"settle:{rma}:instead";

    /// <summary>The key sent to the provider: the same for every try of a round, a new one when a person retries.</summary>
    public string ProviderKey => Round == 1 ? IdempotencyKey : $"{IdempotencyKey}:r{Round}";

    /// <summary>A refund still owed to the customer (not paid yet), for the finance queue and the deadlines.</summary>
    public bool IsUnpaidRefund => IsUnpaid(Kind, Status);

    /// <summary>The rule of <see cref="IsUnpaidRefund"/> for read models; <see cref="UnpaidRefunds"/> is the same in SQL.</summary>
    public static bool IsUnpaid(SettlementKind kind, SettlementStatus status) =>
        kind == SettlementKind.Refund && status is SettlementStatus.Instructed or SettlementStatus.Sent or SettlementStatus.Failed;

    /// <summary>The refunds still owed, as a query: the finance queue, the staff dashboard and the digest read these.</summary>
    public static IQueryable<Settlement> UnpaidRefunds(IQueryable<Settlement> settlements) =>
        settlements.Where(s => s.Kind == SettlementKind.Refund
            && (s.Status == SettlementStatus.Instructed || s.Status == SettlementStatus.Sent || s.Status == SettlementStatus.Failed));

    /// <summary>
    /// The settlement of a resolved return, for the total its line decisions add up to. A refund starts Instructed and is
    /// handed over at once (Sent) unless Stripe's worker sends it; store credit is Issued; an exchange waits for its
    /// replacement. <paramref name="kind"/> overrides the return's resolution (the refund or credit instead of an exchange).
    /// </summary>
    public static Settlement For(
        ReturnRequest request, SettlementDeadlines deadlines, SettlementChannels channels, string actor, DateTime at,
        SettlementKind? kind = null, Money? amount = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(deadlines);
        ArgumentNullException.ThrowIfNull(channels);
        if (request.Status != ReturnStatus.Resolved)
        {
            throw new DomainException("settlement.status", $"Return {request.Rma} is {request.Status}: only a resolved return is settled.");
        }
        var currency = (request.Order ?? throw new InvalidOperationException("Load the order.")).Currency;
        var policy = request.Policy ?? throw new InvalidOperationException("Load the policy.");
        var total = amount ?? request.DecidedTotal(currency);
        var settledKind = kind ?? request.Resolution switch
        {
            Resolution.StoreCredit => SettlementKind.StoreCredit,
            Resolution.Exchange => SettlementKind.Exchange,
            _ => SettlementKind.Refund,
        };
        var settlement = new Settlement
        {
            ReturnRequestId = request.Id,
            Kind = settledKind,
            Amount = total,
            Bonus = settledKind == SettlementKind.StoreCredit ? total.Percent(policy.StoreCreditBonusPercent) : Money.Zero(currency),
            IdempotencyKey = kind is null ? KeyFor(request.Rma) : InsteadKeyFor(request.Rma),
            Reference = settledKind switch
            {
                SettlementKind.StoreCredit => "SC-",
                SettlementKind.Exchange => "EX-",
                _ => "RI-",
            } + request.Rma,
            Provider = settledKind switch
            {
                SettlementKind.Refund => channels.Refunds.ToString(),
                SettlementKind.Exchange => channels.Exchanges.ToString(),
                _ => "StoreCredit",
            },
            LegalDeadline = deadlines.Legal,
            ServiceDeadline = deadlines.Service,
            CreatedAt = at,
            CreatedBy = actor,
            UpdatedAt = at,
            UpdatedBy = actor,
        };
        var owed = total.Minor > 0 || (settledKind == SettlementKind.Exchange && request.Lines.Any(l =>
            l.Decision?.Verdict is LineVerdict.Accept or LineVerdict.AcceptWithDeduction));
        var initial = !owed ? SettlementStatus.NothingDue : settledKind switch
        {
            SettlementKind.StoreCredit => SettlementStatus.Issued,
            SettlementKind.Exchange => SettlementStatus.ReplacementRequested,
            _ => SettlementStatus.Instructed,
        };
        settlement.Status = initial;
        if (initial is SettlementStatus.Issued or SettlementStatus.NothingDue)
        {
            settlement.CompletedAt = at;
        }
        settlement.Record(new SettlementMoved(settlement, null, initial, actor, at));
        if (initial == SettlementStatus.Instructed && channels.Refunds != RefundProvider.Stripe)
        {
            // The finance queue and the shop's webhook are the hand-over itself: nothing can time out on the way.
            settlement.BeginTry(actor, at);
        }
        return settlement;
    }

    /// <summary>A refund is handed to its provider: Sent, with the same key on every try of this round.</summary>
    public void BeginTry(string actor, DateTime at)
    {
        RequireRefund();
        if (Status is not (SettlementStatus.Instructed or SettlementStatus.Sent) || ProviderReference is not null)
        {
            throw Invalid("settlement.not_sendable", "Only an instructed refund, or a sent one the provider has not accepted yet, is sent.");
        }
        Tries++;
        NextTryAt = null;
        SentAt ??= at;
        if (Status == SettlementStatus.Sent)
        {
            Touch(actor, at); // a try again after a timeout: still the same hand-over, announced once
            return;
        }
        Move(SettlementStatus.Sent, actor, at);
    }

    /// <summary>The provider took the refund and gave its reference; it stays Sent until it says the money moved.</summary>
    public void RecordAccepted(string providerReference, string actor, DateTime at)
    {
        RequireRefund();
        var reference = Required(providerReference, ReferenceLength, "settlement.reference_required");
        if (Status != SettlementStatus.Sent)
        {
            throw Invalid("settlement.not_sent", "Only a sent refund is accepted by its provider.");
        }
        ProviderReference = reference;
        LastError = null;
        NextTryAt = null;
        Touch(actor, at);
    }

    /// <summary>
    /// The provider was down, slow or answered an unknown error: the refund stays Sent (it may have been made), the error
    /// is recorded and the next try, with the same key, is due at <paramref name="retryAt"/>.
    /// </summary>
    public void RecordTryError(string error, DateTime retryAt, string actor, DateTime at)
    {
        RequireRefund();
        if (Status != SettlementStatus.Sent)
        {
            throw Invalid("settlement.not_sent", "Only a sent refund has tries.");
        }
        LastError = Truncate(error, ReasonLength);
        NextTryAt = retryAt;
        Touch(actor, at);
    }

    /// <summary>The time of the next try after <paramref name="tries"/> failed ones: 1, 2, 4 … minutes, at most six hours.</summary>
    public static DateTime Backoff(int tries, DateTime at) =>
        at + TimeSpan.FromMinutes(Math.Min(Math.Pow(2, Math.Max(0, tries - 1)), MaxBackoff.TotalMinutes));

    /// <summary>The money reached the customer: the provider's webhook, the shop's answer or a person with the reference.</summary>
    public void MarkPaid(string providerReference, string actor, DateTime at)
    {
        RequireRefund();
        var reference = Required(providerReference, ReferenceLength, "settlement.reference_required");
        if (Status is not (SettlementStatus.Sent or SettlementStatus.Failed))
        {
            throw Invalid("settlement.not_payable", $"This refund is {Status}: only a sent or failed refund is marked paid.");
        }
        ProviderReference = reference;
        CompletedAt = at;
        NextTryAt = null;
        Move(SettlementStatus.Paid, actor, at);
    }

    /// <summary>The provider declined, or a person found it could not be paid: staff are alerted, not the customer.</summary>
    public void MarkFailed(string reason, string actor, DateTime at, string? providerReference = null)
    {
        RequireRefund();
        var why = Required(reason, ReasonLength, "settlement.reason_required");
        if (Status != SettlementStatus.Sent)
        {
            throw Invalid("settlement.not_sent", $"This refund is {Status}: only a sent refund fails.");
        }
        FailureReason = why;
        FailedAt = at;
        NextTryAt = null;
        if (!string.IsNullOrWhiteSpace(providerReference))
        {
            ProviderReference = Truncate(providerReference.Trim(), ReferenceLength);
        }
        Move(SettlementStatus.Failed, actor, at);
    }

    /// <summary>
    /// A person tries a failed refund again: a new round with its own provider key (the failed one is final at the
    /// provider), handed over at once unless Stripe's worker sends it.
    /// </summary>
    public void Retry(RefundProvider provider, string actor, DateTime at)
    {
        RequireRefund();
        if (Status != SettlementStatus.Failed)
        {
            throw Invalid("settlement.not_failed", $"This refund is {Status}: only a failed refund is retried.");
        }
        Round++;
        Tries = 0;
        ProviderReference = null;
        LastError = null;
        Provider = provider.ToString();
        Move(SettlementStatus.Instructed, actor, at);
        if (provider != RefundProvider.Stripe)
        {
            BeginTry(actor, at);
        }
    }

    /// <summary>The replacement left with a carrier: the customer is told with the tracking number, never without.</summary>
    public void Ship(string carrier, string trackingNumber, IReadOnlyList<int> variantIds, string actor, DateTime at)
    {
        RequireExchange();
        var by = Required(carrier, CarrierLength, "settlement.carrier_required");
        var tracking = Required(trackingNumber, TrackingLength, "settlement.tracking_required");
        if (Status != SettlementStatus.ReplacementRequested)
        {
            throw Invalid("settlement.not_shippable", $"This exchange is {Status}: only a requested replacement is shipped.");
        }
        Carrier = by;
        TrackingNumber = tracking;
        CompletedAt = at;
        Move(SettlementStatus.Shipped, actor, at);
        Record(new ExchangeShipped(this, variantIds));
    }

    /// <summary>
    /// The replacement cannot be sent (out of stock, the customer changed their mind): the exchange is Cancelled and
    /// the customer's choice, a refund or store credit, is settled instead by the handler of the move.
    /// </summary>
    public void Cancel(SettlementKind instead, string reason, string actor, DateTime at)
    {
        RequireExchange();
        if (instead is not (SettlementKind.Refund or SettlementKind.StoreCredit))
        {
            throw Invalid("settlement.instead_invalid", "A cancelled exchange is settled by a refund or store credit.");
        }
        var why = Required(reason, ReasonLength, "settlement.reason_required");
        if (Status != SettlementStatus.ReplacementRequested)
        {
            throw Invalid("settlement.not_cancellable", $"This exchange is {Status}: only a requested replacement is cancelled.");
        }
        InsteadKind = instead;
        CancelReason = why;
        CancelledAt = at;
        Move(SettlementStatus.Cancelled, actor, at);
    }

    private void Move(SettlementStatus to, string actor, DateTime at)
    {
        var from = Status;
        Status = to;
        Touch(actor, at);
        Record(new SettlementMoved(this, from, to, actor, at));
    }

    private void Touch(string actor, DateTime at)
    {
        UpdatedAt = at;
        UpdatedBy = actor;
    }

    private void RequireRefund()
    {
        if (Kind != SettlementKind.Refund)
        {
            throw Invalid("settlement.not_refund", $"Settlement {Reference} is {Kind}, not a refund.");
        }
    }

    private void RequireExchange()
    {
        if (Kind != SettlementKind.Exchange)
        {
            throw Invalid("settlement.not_exchange", $"Settlement {Reference} is {Kind}, not an exchange.");
        }
    }

    private static string Required(string? value, int length, string code)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new DomainException(code, "This value is required.");
        }
        var trimmed = value.Trim();
        return trimmed.Length > length ? throw new DomainException(code + "_too_long", $"At most {length} characters.") : trimmed;
    }

    private static string Truncate(string value, int length) => value.Length > length ? value[..length] : value;

    private static DomainException Invalid(string code, string message) => new(code, message);
}

/// <summary>The two dates an unpaid refund is watched against (ADR 0117).</summary>
public sealed record SettlementDeadlines(DateTime? Legal, DateTime? Service)
{
    public static readonly SettlementDeadlines None = new(null, null);

    /// <summary>
    /// Legal: 14 days from the request (or the withdrawal's own refund date), or receipt when the goods came back later
    /// (L221-24 lets the merchant wait for them). Service: receipt + the policy's days, never after the legal date.
    /// </summary>
    public static SettlementDeadlines Of(DateTime requestedAt, DateTime? receivedAt, int serviceDays, DateTime? withdrawalDeadline)
    {
        var receipt = receivedAt ?? requestedAt;
        var legalBase = withdrawalDeadline ?? requestedAt.AddDays(ReturnDeadlines.LegalRefundDays);
        var legal = receipt > legalBase ? receipt : legalBase;
        var promised = receipt.AddDays(ReturnDeadlines.ServiceLevel(serviceDays));
        return new SettlementDeadlines(legal, promised < legal ? promised : legal);
    }

    /// <summary>The urgency of the earlier of the two dates.</summary>
    public static DeadlineUrgency Urgency(DateTime? legal, DateTime? service, DateTime now) =>
        ReturnDeadlines.Urgency(service is { } s && (legal is null || s < legal) ? s : legal, now);
}

/// <summary>
/// Adds the settlement of a return that has just become Resolved, in the caller's unit of work: the handler of
/// <see cref="ReturnResolved"/> (ADR 0098), so no page calls it; and the refund or credit given instead of a cancelled
/// exchange, the handler of its <see cref="SettlementMoved"/>.
/// </summary>
public sealed class Settlements(ReturnsDbContext db, SettlementChannels channels)
{
    /// <summary>
    /// Adds the settlement unless one exists for the key (a retry). The caller saves: the status change and the
    /// settlement commit together; a concurrent second one fails on the unique key or on the return's version.
    /// </summary>
    public async Task<Settlement?> AddIfResolvedAsync(ReturnRequest request, string actor, DateTime at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Status != ReturnStatus.Resolved)
        {
            return null;
        }
        return await AddAsync(request, Settlement.KeyFor(request.Rma), null, null, actor, at, ct);
    }

    /// <summary>The refund or store credit the customer chose instead of a cancelled exchange, for the same amount.</summary>
    public async Task<Settlement?> AddInsteadOfAsync(Settlement exchange, string actor, DateTime at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        if (exchange.Status != SettlementStatus.Cancelled || exchange.InsteadKind is not { } kind)
        {
            return null;
        }
        var request = db.Returns.Local.SingleOrDefault(r => r.Id == exchange.ReturnRequestId)
            ?? await db.Returns.Include(r => r.Lines).SingleAsync(r => r.Id == exchange.ReturnRequestId, ct);
        await LoadAsync(request, ct);
        return await AddAsync(request, Settlement.InsteadKeyFor(request.Rma), kind, exchange.Amount, actor, at, ct);
    }

    private async Task<Settlement?> AddAsync(
        ReturnRequest request, string key, SettlementKind? kind, Money? amount, string actor, DateTime at, CancellationToken ct)
    {
        // Already added in this unit of work (a caller and the event handler), or saved earlier (a retry).
        if (db.Settlements.Local.Any(s => s.IdempotencyKey == key) || await db.Settlements.AnyAsync(s => s.IdempotencyKey == key, ct))
        {
            return null;
        }
        var order = request.Order ?? throw new InvalidOperationException("Load the order.");
        var settlement = Settlement.For(request, await DeadlinesAsync(request, ct), channels, actor, at, kind, amount);
        db.Settlements.Add(settlement);
        if (settlement.Kind == SettlementKind.StoreCredit)
        {
            await CreditAsync(request, order, settlement, actor, at, ct);
        }
        return settlement;
    }

    private async Task<SettlementDeadlines> DeadlinesAsync(ReturnRequest request, CancellationToken ct)
    {
        var received = request.History.Where(h => h.To == ReturnStatus.Received).Select(h => (DateTime?)h.At).Max()
            ?? await db.Returns.Where(r => r.Id == request.Id)
                .SelectMany(r => r.History).Where(h => h.To == ReturnStatus.Received).MaxAsync(h => (DateTime?)h.At, ct);
        var withdrawal = await db.Withdrawals.Where(w => w.OrderId == request.OrderId).MinAsync(w => (DateTime?)w.RefundDeadline, ct);
        return SettlementDeadlines.Of(request.CreatedAt, received, request.Policy!.RefundServiceDays, withdrawal);
    }

    private async Task LoadAsync(ReturnRequest request, CancellationToken ct)
    {
        var entry = db.Entry(request);
        if (request.Order is null)
        {
            await entry.Reference(r => r.Order).LoadAsync(ct);
        }
        if (request.Policy is null)
        {
            await entry.Reference(r => r.Policy).LoadAsync(ct);
        }
    }

    /// <summary>
    /// Store credit goes into the customer's account in the same unit of work as the settlement (ADR 0033); the account
    /// records <see cref="StoreCreditIssued"/>, whose handler tells the customer their code and balance.
    /// </summary>
    private async Task CreditAsync(ReturnRequest request, Orders.Order order, Settlement settlement, string actor, DateTime at, CancellationToken ct)
    {
        if ((settlement.Amount + settlement.Bonus).Minor <= 0)
        {
            return; // every line refused: nothing to credit, nothing to announce
        }
        var email = Orders.Order.NormaliseEmail(order.Email);
        var account = db.StoreCreditAccounts.Local.FirstOrDefault(a => a.CustomerEmail == email)
            ?? await db.StoreCreditAccounts.Include(a => a.Entries).SingleOrDefaultAsync(a => a.CustomerEmail == email, ct);
        if (account is null)
        {
            account = StoreCreditAccount.Open(email, order.Currency, at);
            db.StoreCreditAccounts.Add(account);
        }
        account.CreditFor(request, settlement, actor, at);
    }
}
