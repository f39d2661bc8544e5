using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Policies;

namespace ReturnsPortal.Domain.Withdrawals;

/// <summary>
/// What a customer who withdrew must know next (ADR 0093): send the goods back by <see cref="SendBackBy"/> (14 days after
/// the withdrawal, L221-23) to <see cref="Warehouse"/>, at their own cost unless <see cref="ReturnIsFree"/>, and the refund
/// comes by <see cref="RefundBy"/> (L221-24). <see cref="Returns"/> are the order's returns that still count, newest first.
/// </summary>
public sealed record WithdrawalFollowUp(
    string Reference, DateTime SubmittedAt, DateOnly SendBackBy, DateOnly RefundBy, string? Warehouse,
    bool ReturnIsFree, Money? CheapestLabel, IReadOnlyList<string> Returns)
{
    /// <summary>Statuses in which the goods are back with the merchant.</summary>
    public static readonly IReadOnlySet<ReturnStatus> GoodsBack = new HashSet<ReturnStatus>
    {
        ReturnStatus.Received, ReturnStatus.Inspected, ReturnStatus.AwaitingApproval, ReturnStatus.Resolved, ReturnStatus.Closed,
    };
}

/// <summary>Builds <see cref="WithdrawalFollowUp"/>: what the order's withdrawal asks of the customer next.</summary>
public sealed class WithdrawalFollowUps(ReturnsDbContext db, WarehouseRouting routing)
{
    private static readonly ReturnMethod[] Shipped = [ReturnMethod.DropOff, ReturnMethod.Pickup];

    /// <summary>The follow-up of the order's withdrawal, or null when the order has none.</summary>
    public async Task<WithdrawalFollowUp?> ForOrderAsync(int orderId, CancellationToken ct)
    {
        var withdrawal = await db.Withdrawals.AsNoTracking().Where(w => w.OrderId == orderId)
            .Select(w => new { w.Reference, w.SubmittedAt, w.RefundDeadline, Currency = db.Orders.Where(o => o.Id == w.OrderId).Select(o => o.Currency).First() })
            .SingleOrDefaultAsync(ct);
        if (withdrawal is null)
        {
            return null;
        }
        var returns = await db.Returns.AsNoTracking()
            .Where(r => r.OrderId == orderId && r.Status != ReturnStatus.Cancelled && r.Status != ReturnStatus.Expired)
            .OrderByDescending(r => r.Id).Select(r => new { r.Rma, r.WarehouseId }).ToListAsync(ct);
        // The parcel goes where the order's return goes: its routed warehouse, else where routing would send its lines.
        var warehouseId = returns.Count > 0
            ? returns[0].WarehouseId
            : await routing.RouteAsync(orderId, await db.OrderLines.Where(l => l.OrderId == orderId).Select(l => l.Id).ToListAsync(ct), ct);
        var warehouse = await WarehouseRouting.ForReturn(db, warehouseId)
            .Select(w => new { w.Name, w.Address.Line1, w.Address.Line2, w.Address.Postcode, w.Address.City })
            .FirstOrDefaultAsync(ct);
        var policy = await db.Policies.AsNoTracking().Include(p => p.MethodFees).InForce().FirstOrDefaultAsync(ct);
        // The consumer bears the direct cost of sending back unless the merchant offers to (L221-23): a free shipped method.
        var labels = policy is null
            ? []
            : Shipped.Where(policy.Offers).Select(m => policy.LabelFee(m, withdrawal.Currency)).OrderBy(f => f.Minor).ToList();
        return new WithdrawalFollowUp(
            withdrawal.Reference, withdrawal.SubmittedAt,
            ReturnEligibility.ParisDate(withdrawal.SubmittedAt).AddDays(Withdrawal.LegalPeriod.Days),
            ReturnEligibility.ParisDate(withdrawal.RefundDeadline),
            warehouse is null
                ? null
                : string.Join(", ", new[] { warehouse.Name, warehouse.Line1, warehouse.Line2, $"{warehouse.Postcode} {warehouse.City}" }
                    .Where(x => !string.IsNullOrWhiteSpace(x))),
            labels.Count > 0 && labels[0].Minor == 0,
            labels.Count > 0 ? labels[0] : null,
            returns.Select(r => r.Rma).ToList());
    }
}
