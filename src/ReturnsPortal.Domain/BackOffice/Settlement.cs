using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.Domain.BackOffice;

/// <summary>
/// The money (or credit, or replacement) a resolved return gives the customer, recorded exactly once: the
/// idempotency key is unique in the database (docs/decisions/0031-settlement-exactly-once.md).
/// </summary>
public sealed class Settlement : AggregateRoot
{
    public const int KeyLength = 60;
    public const int ReferenceLength = 100;

    private Settlement() { }

    public int Id { get; private set; }
    public int ReturnRequestId { get; private set; }
    public SettlementKind Kind { get; private set; }
    public Money Amount { get; private set; }
    /// <summary>The store-credit bonus on top of the amount (zero for a refund or an exchange).</summary>
    public Money Bonus { get; private set; }
    public string IdempotencyKey { get; private set; } = "";
    public string Reference { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";

    public static string KeyFor(string rma) => $"settle:{rma}";

    /// <summary>The settlement of a resolved return, for the total its line decisions add up to.</summary>
    public static Settlement For(ReturnRequest request, string reference, string actor, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Status != ReturnStatus.Resolved)
        {
            throw new DomainException("settlement.status", $"Return {request.Rma} is {request.Status}: only a resolved return is settled.");
        }
        var currency = (request.Order ?? throw new InvalidOperationException("Load the order.")).Currency;
        var policy = request.Policy ?? throw new InvalidOperationException("Load the policy.");
        var amount = request.DecidedTotal(currency);
        var kind = request.Resolution switch
        {
            Resolution.StoreCredit => SettlementKind.StoreCredit,
            Resolution.Exchange => SettlementKind.Exchange,
            _ => SettlementKind.Refund,
        };
        var settlement = new Settlement
        {
            ReturnRequestId = request.Id,
            Kind = kind,
            Amount = amount,
            Bonus = kind == SettlementKind.StoreCredit ? amount.Percent(policy.StoreCreditBonusPercent) : Money.Zero(currency),
            IdempotencyKey = KeyFor(request.Rma),
            Reference = reference,
            CreatedAt = at,
            CreatedBy = actor,
        };
        settlement.Record(new SettlementIssued(settlement, request));
        return settlement;
    }
}

/// <summary>Where refunds to the original payment go. A real provider receives the idempotency key too.</summary>
public interface IPaymentGateway
{
    /// <summary>Asks for a refund and returns the provider's reference; the same key must never refund twice.</summary>
    Task<string> RequestRefundAsync(string idempotencyKey, string orderNumber, Money amount, CancellationToken ct);
}

/// <summary>
/// The built-in gateway: it moves no money, it records a refund instruction (the Settlement row) whose reference the
/// merchant copies into the payment provider. The reference is derived from the key, so a retry gets the same one.
/// </summary>
public sealed class RecordedRefundGateway : IPaymentGateway
{
    public Task<string> RequestRefundAsync(string idempotencyKey, string orderNumber, Money amount, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        return Task.FromResult("RI-" + idempotencyKey.Replace("settle:", "", StringComparison.Ordinal));
    }
}

/// <summary>
/// Adds the settlement of a return that has just become Resolved, in the caller's unit of work: the handler of
/// <see cref="ReturnResolved"/> (ADR 0098), so no page calls it.
/// </summary>
public sealed class Settlements(ReturnsDbContext db, IPaymentGateway gateway)
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
        var key = Settlement.KeyFor(request.Rma);
        // Already added in this unit of work (a caller and the event handler), or saved earlier (a retry).
        if (db.Settlements.Local.Any(s => s.IdempotencyKey == key) || await db.Settlements.AnyAsync(s => s.IdempotencyKey == key, ct))
        {
            return null;
        }
        var order = request.Order ?? throw new InvalidOperationException("Load the order.");
        var reference = request.Resolution == Resolution.Refund
            ? await gateway.RequestRefundAsync(key, order.Number, request.DecidedTotal(order.Currency), ct)
            // Store credit is credited to the customer's account below; the exchange's replacement shipment comes later.
            : key.Replace("settle:", request.Resolution == Resolution.StoreCredit ? "SC-" : "EX-", StringComparison.Ordinal);
        var settlement = Settlement.For(request, reference, actor, at);
        db.Settlements.Add(settlement);
        if (settlement.Kind == SettlementKind.StoreCredit)
        {
            await CreditAsync(request, order, settlement, actor, at, ct);
        }
        return settlement;
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
