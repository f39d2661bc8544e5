namespace ReturnsPortal.Domain.Analytics;

/// <summary>
/// What the dashboard is narrowed to besides the period (ADR 0087). Each filter applies only to the figures whose
/// facts carry it (<see cref="Applies"/>): sales have no reason, resolution or warehouse, a reason is a line's and a
/// resolution a return's. A rate whose numerator a filter narrows but whose denominator it cannot is withheld.
/// </summary>
public sealed record AnalyticsFilter
{
    public static readonly AnalyticsFilter None = new();

    /// <summary>The lines of this category and the returns with at least one such line (ADR 0040).</summary>
    public int? CategoryId { get; init; }

    /// <summary>The return lines given this reason.</summary>
    public int? ReasonId { get; init; }

    /// <summary>The returns whose customer chose this resolution.</summary>
    public Resolution? Resolution { get; init; }

    /// <summary>The returns routed to this warehouse (<see cref="ReturnRequest.WarehouseId"/>).</summary>
    public int? WarehouseId { get; init; }

    public IReadOnlyList<AnalyticsFilterKind> Active
    {
        get
        {
            var active = new List<AnalyticsFilterKind>();
            if (CategoryId is not null)
            {
                active.Add(AnalyticsFilterKind.Category);
            }
            if (ReasonId is not null)
            {
                active.Add(AnalyticsFilterKind.Reason);
            }
            if (Resolution is not null)
            {
                active.Add(AnalyticsFilterKind.Resolution);
            }
            if (WarehouseId is not null)
            {
                active.Add(AnalyticsFilterKind.Warehouse);
            }
            return active;
        }
    }

    /// <summary>
    /// Return rates (returned ÷ sold, in units and value) are withheld when an active filter narrows the returned side
    /// but cannot narrow the sales (reason, warehouse): a ratio of a filtered part to an unfiltered whole is no rate.
    /// </summary>
    public bool WithholdsReturnRates =>
        Active.Any(f => Applies(f, AnalyticsFigure.ReturnedUnits) != Applies(f, AnalyticsFigure.Sales));

    /// <summary>Per active filter, the figures it does not narrow (what the page says under the form).</summary>
    public IReadOnlyList<(AnalyticsFilterKind Filter, IReadOnlyList<AnalyticsFigure> LeftOut)> LeftOut() =>
        [.. Active.Select(f => (f, (IReadOnlyList<AnalyticsFigure>)[.. Enum.GetValues<AnalyticsFigure>().Where(figure => !Applies(f, figure))]))
            .Where(f => f.Item2.Count > 0)];

    /// <summary>
    /// Which filter narrows which figure (ADR 0087). Reason: the returned lines (units, value, reasons, trend). Resolution:
    /// the returns rollup (counts, statuses, resolutions, settlement shares, costs). Warehouse: everything that comes
    /// from returns (not sales, not the per-product rates). Problem products compare a product's rate with its
    /// category's over all returns; the goodwill count reads its own index, by period only.
    /// </summary>
    public static bool Applies(AnalyticsFilterKind filter, AnalyticsFigure figure) => (filter, figure) switch
    {
        (_, AnalyticsFigure.Goodwill) => false,
        (AnalyticsFilterKind.Category, _) => true,
        (AnalyticsFilterKind.Reason, AnalyticsFigure.ReturnedUnits) => true,
        (AnalyticsFilterKind.Resolution, AnalyticsFigure.Returns) => true,
        (AnalyticsFilterKind.Warehouse, AnalyticsFigure.ReturnedUnits or AnalyticsFigure.Returns
            or AnalyticsFigure.ProcessingTimes or AnalyticsFigure.Dispositions) => true,
        _ => false,
    };
}
