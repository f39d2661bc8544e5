using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Policies;

namespace ReturnsPortal.Domain.Returns;

/// <summary>
/// What a customer may do with one order line today. <see cref="QuantityReturnable"/> is what can still be sent
/// back by the route the line allows: any reason when <see cref="Eligible"/>, a defect when <see cref="DefectOnly"/>,
/// otherwise zero. Dates are Europe/Paris calendar days, inclusive (docs/decisions/0010-eligibility-deadlines.md).
/// <see cref="QuantityLeft"/> is what was not returned yet, whatever the rules; <see cref="OverriddenByGoodwill"/> names the
/// rule a manager's goodwill exception set aside (<see cref="GoodwillExceptions"/>, ADR 0037).
/// </summary>
public sealed record LineEligibility(
    int OrderLineId, int VariantId, string Sku, string ProductName, string? Size, string? Colour,
    int QuantityOrdered, int QuantityReturnable, bool Eligible, IneligibleReason? NotEligibleReason,
    NonReturnableReason? NonReturnableReason,
    DateOnly? Deadline,
    bool DefectOnly,
    DateOnly? GuaranteeDeadline,
    int QuantityLeft = 0,
    IneligibleReason? OverriddenByGoodwill = null);

public sealed record OrderEligibility(
    int OrderId, string OrderNumber, DateTime? DeliveredAt, DateOnly? CommercialDeadline, DateOnly? WithdrawalDeadline,
    DateOnly? GuaranteeDeadline, bool WithdrawalOpen, IReadOnlyList<LineEligibility> Lines)
{
    public bool AnyEligible => Lines.Any(l => l.Eligible);

    public bool AnyDefectOnly => Lines.Any(l => l.DefectOnly);
}

/// <summary>
/// Computes, from the order, the default return policy and earlier returns, what can be returned and until when:
/// the commercial window (per category), the 14-day legal withdrawal that no shorter window removes, and the
/// 2-year legal guarantee of conformity for defects. The rules are in <see cref="Compute"/>, pure and testable;
/// <see cref="ForOrderAsync"/> only loads the facts.
/// </summary>
public sealed class ReturnEligibility(Persistence.ReturnsDbContext db, TimeProvider clock)
{
    /// <summary>The right of withdrawal lasts 14 days from delivery (Code de la consommation L221-18).</summary>
    public const int WithdrawalDays = 14;

    /// <summary>The legal guarantee of conformity lasts 2 years from delivery (L217-3).</summary>
    public const int GuaranteeYears = 2;

    /// <summary>Statuses that give their quantities back: the goods never left the customer, or the label lapsed.</summary>
    public static readonly IReadOnlySet<ReturnStatus> FreeingStatuses = new HashSet<ReturnStatus> { ReturnStatus.Cancelled, ReturnStatus.Expired };

    public async Task<OrderEligibility?> ForOrderAsync(int orderId, CancellationToken ct)
    {
        var order = await OrderFactsAsync(orderId, ct);
        if (order is null)
        {
            return null;
        }
        // The policy in force is the current version (the default one; the lowest id if several are marked so).
        var policy = await db.Policies.AsNoTracking()
            .Include(p => p.CategoryOverrides).Include(p => p.SeasonalExtensions).Include(p => p.ProductOverrides)
            .InForce()
            .AsSplitQuery()
            .FirstOrDefaultAsync(ct);
        return Compute(order, policy?.ToFacts() ?? PolicyFacts.LegalOnly, clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>What an order's eligibility would be today under other terms (the policy editor's preview).</summary>
    public async Task<OrderEligibility?> ForOrderAsync(int orderId, PolicyFacts policy, CancellationToken ct) =>
        await OrderFactsAsync(orderId, ct) is { } order ? Compute(order, policy, clock.GetUtcNow().UtcDateTime) : null;

    private async Task<OrderFacts?> OrderFactsAsync(int orderId, CancellationToken ct) =>
        await db.Orders.AsNoTracking()
            .Where(o => o.Id == orderId)
            .Select(o => new OrderFacts(
                o.Id, o.Number, o.PlacedAt, o.ShippedAt, o.DeliveredAt,
                o.Lines.OrderBy(l => l.Id).Select(l => new LineFacts(
                    l.Id, l.VariantId, l.Variant!.Sku, l.Variant.Product!.Name, l.Variant.Size, l.Variant.Colour,
                    l.Variant.Product.CategoryId, l.Variant.Product.NonReturnableReason, l.Quantity, l.Variant.ProductId)).ToList(),
                // A join, not SelectMany over the navigation: that needs APPLY, which SQLite lacks.
                (from r in db.Returns
                 join rl in db.ReturnLines on r.Id equals rl.ReturnRequestId
                 where r.OrderId == o.Id
                 select new PriorReturnLine(rl.OrderLineId, rl.Quantity, r.Status)).ToList()))
            .SingleOrDefaultAsync(ct);

    /// <summary>The rules, from plain facts: no database, no clock.</summary>
    public static OrderEligibility Compute(OrderFacts order, PolicyFacts policy, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(policy);
        var today = ParisDate(nowUtc);
        var consumed = order.PriorReturns
            .Where(r => !FreeingStatuses.Contains(r.Status))
            .GroupBy(r => r.OrderLineId)
            .ToDictionary(g => g.Key, g => g.Sum(r => r.Quantity));

        if (order.DeliveredAt is not { } deliveredAt)
        {
            var waiting = order.Lines.Select(l => Line(l, 0, false, IneligibleReason.NotDelivered, null, false, null, 0)).ToList();
            return new OrderEligibility(order.OrderId, order.OrderNumber, null, null, null, null, false, waiting);
        }

        var delivered = ParisDate(deliveredAt);
        var windowStart = ParisDate(policy.WindowStart switch
        {
            WindowStart.Order => order.PlacedAt,
            WindowStart.Shipment => order.ShippedAt ?? deliveredAt,
            _ => deliveredAt,
        });
        var withdrawalDeadline = WithdrawalDeadline(delivered);
        var guaranteeDeadline = delivered.AddYears(GuaranteeYears);
        var commercialDeadline = windowStart.AddDays(policy.WindowDays);
        // A seasonal extension counts from the Paris day of purchase, whatever the window counts from.
        var seasonalUntil = policy.SeasonalUntil(ParisDate(order.PlacedAt));

        var lines = new List<LineEligibility>(order.Lines.Count);
        foreach (var line in order.Lines)
        {
            var left = Math.Max(0, line.Quantity - consumed.GetValueOrDefault(line.OrderLineId));
            var inGuarantee = today <= guaranteeDeadline;
            // Final sale is the merchant's own exclusion: it removes the commercial window, not the legal withdrawal,
            // which only hygiene (once unsealed) and personalised goods lose (L221-28).
            // The policy's exclusions (per product, per category) use the same reasons, so they cannot remove the
            // withdrawal either except for the legal exceptions.
            var excluded = line.NonReturnableReason ?? policy.NonReturnableFor(line.ProductId, line.CategoryId);
            var window = windowStart.AddDays(policy.WindowDaysFor(line.ProductId, line.CategoryId));
            DateOnly? deadline = excluded switch
            {
                null => Later(seasonalUntil is { } until ? Later(window, until) : window, withdrawalDeadline),
                NonReturnableReason.FinalSale => withdrawalDeadline,
                _ => null,
            };
            var effective = line with { NonReturnableReason = excluded };
            lines.Add((left, deadline) switch
            {
                (0, _) => Line(effective, 0, false, IneligibleReason.NothingLeftToReturn, deadline, false, guaranteeDeadline, 0),
                (_, { } last) when today <= last => Line(effective, left, true, null, last, false, guaranteeDeadline, left),
                (_, null) => Line(effective, inGuarantee ? left : 0, false, IneligibleReason.NonReturnable, null, inGuarantee, guaranteeDeadline, left),
                _ => Line(effective, inGuarantee ? left : 0, false, IneligibleReason.WindowClosed, deadline, inGuarantee, guaranteeDeadline, left),
            });
        }
        return new OrderEligibility(
            order.OrderId, order.OrderNumber, deliveredAt, commercialDeadline, withdrawalDeadline, guaranteeDeadline,
            today <= withdrawalDeadline, lines);
    }

    /// <summary>The Europe/Paris calendar day of a UTC instant.</summary>
    public static DateOnly ParisDate(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), ShopTime.Paris));

    /// <summary>
    /// Delivery day plus 14 days; a period ending on a Saturday, Sunday or French public holiday runs to the next
    /// working day (L221-19).
    /// </summary>
    public static DateOnly WithdrawalDeadline(DateOnly delivered)
    {
        var last = delivered.AddDays(WithdrawalDays);
        while (last.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || FrenchHolidays.IsHoliday(last))
        {
            last = last.AddDays(1);
        }
        return last;
    }

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    private static LineEligibility Line(
        LineFacts line, int returnable, bool eligible, IneligibleReason? reason, DateOnly? deadline, bool defectOnly, DateOnly? guarantee, int left) =>
        new(line.OrderLineId, line.VariantId, line.Sku, line.ProductName, line.Size, line.Colour, line.Quantity, returnable,
            eligible, reason, line.NonReturnableReason, deadline, defectOnly, guarantee, left);
}

/// <summary>The facts about an order that eligibility depends on; times in UTC.</summary>
public sealed record OrderFacts(
    int OrderId, string OrderNumber, DateTime PlacedAt, DateTime? ShippedAt, DateTime? DeliveredAt,
    IReadOnlyList<LineFacts> Lines, IReadOnlyList<PriorReturnLine> PriorReturns);

public sealed record LineFacts(
    int OrderLineId, int VariantId, string Sku, string ProductName, string? Size, string? Colour,
    int CategoryId, NonReturnableReason? NonReturnableReason, int Quantity, int ProductId = 0);

/// <summary>A line of an earlier return of this order, whatever its status.</summary>
public sealed record PriorReturnLine(int OrderLineId, int Quantity, ReturnStatus Status);

public sealed record CategoryWindow(int CategoryId, int WindowDays);

/// <summary>Bought from <paramref name="From"/> to <paramref name="To"/> (Paris days, included) → returnable until <paramref name="Until"/>.</summary>
public sealed record SeasonalWindow(DateOnly From, DateOnly To, DateOnly Until);

/// <summary>A product's own window and/or exclusion.</summary>
public sealed record ProductRule(int ProductId, int? WindowDays, NonReturnableReason? NonReturnable);

public sealed record CategoryExclusion(int CategoryId, NonReturnableReason Reason);

/// <summary>The commercial policy's window; <see cref="LegalOnly"/> when the shop has no policy (the law still applies).</summary>
public sealed record PolicyFacts(
    int WindowDays, WindowStart WindowStart, IReadOnlyList<CategoryWindow> CategoryWindows,
    IReadOnlyList<SeasonalWindow>? Seasonal = null, IReadOnlyList<ProductRule>? Products = null,
    IReadOnlyList<CategoryExclusion>? CategoryExclusions = null)
{
    public static readonly PolicyFacts LegalOnly = new(0, WindowStart.Delivery, []);

    public int WindowDaysFor(int categoryId) =>
        CategoryWindows.FirstOrDefault(c => c.CategoryId == categoryId)?.WindowDays ?? WindowDays;

    /// <summary>A product's own window wins over its category's, which wins over the policy's.</summary>
    public int WindowDaysFor(int productId, int categoryId) =>
        Products?.FirstOrDefault(p => p.ProductId == productId)?.WindowDays ?? WindowDaysFor(categoryId);

    public NonReturnableReason? NonReturnableFor(int productId, int categoryId) =>
        Products?.FirstOrDefault(p => p.ProductId == productId)?.NonReturnable
        ?? CategoryExclusions?.FirstOrDefault(c => c.CategoryId == categoryId)?.Reason;

    /// <summary>The latest "returnable until" of the seasonal extensions that cover this purchase day, if any.</summary>
    public DateOnly? SeasonalUntil(DateOnly purchased) =>
        Seasonal?.Where(s => s.From <= purchased && purchased <= s.To).Select(s => (DateOnly?)s.Until).Max();
}
