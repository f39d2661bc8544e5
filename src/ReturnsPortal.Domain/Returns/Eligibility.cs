using Microsoft.EntityFrameworkCore;

namespace ReturnsPortal.Domain.Returns;

public enum IneligibleReason { NotDelivered, NonReturnable, WindowClosed, NothingLeftToReturn }

public sealed record LineEligibility(int OrderLineId, int VariantId, string Sku, string ProductName, string? Size, string? Colour,
    int QuantityOrdered, int QuantityReturnable, bool Eligible, IneligibleReason? NotEligibleReason,
    Catalog.NonReturnableReason? NonReturnableReason, DateOnly? Deadline, bool DefectOnly, DateOnly? GuaranteeDeadline);

public sealed record OrderEligibility(int OrderId, string OrderNumber, DateTime? DeliveredAt, DateOnly? CommercialDeadline,
    DateOnly? WithdrawalDeadline, DateOnly? GuaranteeDeadline, bool WithdrawalOpen, IReadOnlyList<LineEligibility> Lines);

/// <summary>
/// Placeholder written by the start-return branch so it compiles on its own; the eligibility branch's version
/// replaces this file at merge (same API).
/// </summary>
public sealed class ReturnEligibility(Persistence.ReturnsDbContext db, TimeProvider clock)
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public async Task<OrderEligibility?> ForOrderAsync(int orderId, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().Where(o => o.Id == orderId)
            .Select(o => new
            {
                o.Id,
                o.Number,
                o.DeliveredAt,
                Lines = o.Lines.OrderBy(l => l.Id).Select(l => new
                {
                    l.Id,
                    l.VariantId,
                    l.Variant!.Sku,
                    l.Variant.Product!.Name,
                    l.Variant.Size,
                    l.Variant.Colour,
                    l.Quantity,
                    l.Variant.Product.NonReturnableReason,
                    l.Variant.Product.CategoryId,
                }).ToList(),
            })
            .SingleOrDefaultAsync(ct);
        if (order is null)
        {
            return null;
        }
        var policy = await db.Policies.AsNoTracking().Include(p => p.CategoryOverrides).Where(p => p.IsDefault).OrderBy(p => p.Id).FirstAsync(ct);
        var lineIds = order.Lines.Select(l => l.Id).ToList();
        var taken = await db.ReturnLines.AsNoTracking()
            .Where(l => lineIds.Contains(l.OrderLineId))
            .Where(l => db.Returns.Any(r => r.Id == l.ReturnRequestId
                && r.Status != ReturnStatus.Cancelled && r.Status != ReturnStatus.Expired && r.Status != ReturnStatus.Rejected))
            .GroupBy(l => l.OrderLineId)
            .Select(g => new { OrderLineId = g.Key, Quantity = g.Sum(l => l.Quantity) })
            .ToDictionaryAsync(x => x.OrderLineId, x => x.Quantity, ct);

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, Paris));
        DateOnly? delivered = order.DeliveredAt is { } at ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(at, Paris)) : null;
        var withdrawal = delivered?.AddDays(14);
        var guarantee = delivered?.AddYears(2);
        var lines = order.Lines.Select(l =>
        {
            var left = Math.Max(0, l.Quantity - taken.GetValueOrDefault(l.Id));
            var commercial = delivered?.AddDays(policy.WindowDaysFor(l.CategoryId));
            DateOnly? deadline = commercial is null ? null : commercial > withdrawal ? commercial : withdrawal;
            IneligibleReason? reason = delivered is null ? IneligibleReason.NotDelivered
                : l.NonReturnableReason is not null ? IneligibleReason.NonReturnable
                : left == 0 ? IneligibleReason.NothingLeftToReturn
                : today > guarantee ? IneligibleReason.WindowClosed
                : null;
            var defectOnly = reason is null && today > deadline;
            return new LineEligibility(l.Id, l.VariantId, l.Sku, l.Name, l.Size, l.Colour, l.Quantity, reason is null ? left : 0,
                reason is null, reason, l.NonReturnableReason, deadline, defectOnly, guarantee);
        }).ToList();
        var commercialDeadline = delivered?.AddDays(policy.WindowDays);
        return new OrderEligibility(order.Id, order.Number, order.DeliveredAt, commercialDeadline, withdrawal, guarantee,
            withdrawal is not null && today <= withdrawal, lines);
    }
}
