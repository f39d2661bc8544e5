using Microsoft.AspNetCore.Http.HttpResults;
using ReturnsPortal.Domain.Analytics;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Web.Pages.Manage.Analytics;

namespace ReturnsPortal.Web.Api;

/// <summary>
/// The analytics summary for BI tools, behind an API key with scope <c>analytics:read</c>; same figures and
/// definitions as the dashboard (ADR 0040), amounts in minor units with their currency.
/// </summary>
public static class AnalyticsApi
{
    public static RouteGroupBuilder MapAnalyticsApi(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        v1.MapGroup("/analytics").RequireAuthorization(ApiScopes.AnalyticsRead).WithTags("Analytics")
            .MapGet("/summary", GetSummaryAsync)
            .WithName("GetAnalyticsSummary").WithSummary("Return rates, reasons, problem products, costs and dispositions for a period (scope analytics:read).")
            .ProducesValidationProblem();
        return v1;
    }

    /// <summary>The period asked for (query string, yyyy-MM-dd); a bad one is a bad request (400).</summary>
    public sealed record SummaryQuery([property: FromQuery(Name = "from")] string? From, [property: FromQuery(Name = "to")] string? To);

    public sealed class SummaryQueryValidator : AbstractValidator<SummaryQuery>
    {
        // The dashboard's rules and messages (AnalyticsPeriod.Validate), on the API's field names.
        public SummaryQueryValidator(IStringLocalizer<SharedResource> l) =>
            RuleFor(q => q).Period(q => q.From, q => q.To, l, "from", "to");
    }

    public sealed record AmountResponse(long Minor, string Currency);

    public sealed record ReasonResponse(string Code, long Units, double Share);

    public sealed record ProblemProductResponse(
        string Sku, string Name, double ReturnRate, double CategoryRate, long UnitsSold, long UnitsReturned, string TopReason, double TopReasonShare);

    public sealed record SummaryResponse(
        DateOnly From, DateOnly To, long UnitsSold, long UnitsReturned, double? ReturnRateUnits, AmountResponse ValueSold,
        AmountResponse ValueReturned, double? ReturnRateValue, int Refunded, int StoreCreditIssued, int Exchanges,
        IReadOnlyList<ReasonResponse> ByReason, IReadOnlyList<ProblemProductResponse> ProblemProducts,
        int Settled, double? SettledWithinServiceLevelShare, double? SettledWithinLegalDeadlineShare)
    {
        /// <summary>Cost of returns (ADR 0047), additive: refunds paid, label fees borne, write-offs and their total.</summary>
        public CostsResponse? Costs { get; init; }

        /// <summary>Disposition mix (ADR 0047), additive: lines and units decided in the period per disposition.</summary>
        public IReadOnlyList<DispositionResponse>? Dispositions { get; init; }
    }

    public sealed record DispositionResponse(string Disposition, long Lines, long Units);

    public sealed record CostsResponse(AmountResponse RefundsPaid, AmountResponse LabelFeesBorne, AmountResponse WriteOffs, AmountResponse Total);

    private static async Task<Results<Ok<SummaryResponse>, ProblemHttpResult>> GetSummaryAsync(
        [AsParameters] SummaryQuery query, RollupBuilder rollups, RollupAnalytics analytics, CancellationToken ct)
    {
        var (first, last) = (AnalyticsPeriod.ParseDay(query.From), AnalyticsPeriod.ParseDay(query.To));
        // Marked days first, so that what was just saved shows (ADR 0041); cheap when nothing is marked.
        await rollups.CatchUpAsync(ct);
        var report = await analytics.ReportAsync(new AnalyticsPeriod(first!.Value, last!.Value), null, ct);
        var k = report.Current;
        return TypedResults.Ok(new SummaryResponse(
            report.Period.From, report.Period.To, k.UnitsSold, k.UnitsReturned, k.ReturnRateUnits,
            new AmountResponse(k.ValueSold.Minor, k.ValueSold.Currency), new AmountResponse(k.ValueReturned.Minor, k.ValueReturned.Currency),
            k.ReturnRateValue, k.Refunds, k.StoreCredits, k.Exchanges,
            report.Reasons.Select(r => new ReasonResponse(r.Code, r.Units, r.Share)).ToList(),
            report.ProblemProducts.Select(p => new ProblemProductResponse(
                p.Code, p.Name, p.ReturnRate, p.CategoryRate, p.UnitsSold, p.UnitsReturned, p.TopReasonCode, p.TopReasonShare)).ToList(),
            k.Settled, k.ServiceLevelShare, k.LegalDeadlineShare)
        {
            Costs = new CostsResponse(Amount(k.Costs.RefundsPaid), Amount(k.Costs.LabelFeesBorne), Amount(k.Costs.WriteOffs), Amount(k.Costs.Total)),
            Dispositions = [.. report.Dispositions.Select(d => new DispositionResponse(d.Disposition.ToString(), d.Lines, d.Units))],
        });
    }

    private static AmountResponse Amount(Money money) => new(money.Minor, money.Currency);
}
