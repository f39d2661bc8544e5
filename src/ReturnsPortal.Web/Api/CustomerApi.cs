using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Web.Pages.Returns;

namespace ReturnsPortal.Web.Api;

/// <summary>
/// The read side of customer returns for headless shops: return reasons and an order's eligibility, behind an API
/// key with scope <c>returns:read</c>; errors are RFC 9457 problem details.
/// </summary>
public static class CustomerApi
{
    public static RouteGroupBuilder MapCustomerApi(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var read = v1.MapGroup("").RequireAuthorization(ApiScopes.ReturnsRead).WithTags("Returns");
        read.MapGet("/reasons", GetReasonsAsync)
            .WithName("ListReasons").WithSummary("Active return reasons, in the client's language (scope returns:read).");
        read.MapGet("/orders/{orderNumber}/eligibility", GetEligibilityAsync).RequireRateLimiting(RateLimits.CustomerProof)
            .WithName("GetOrderEligibility").WithSummary("Which lines of an order can be returned, and until when (scope returns:read).")
            .WithDescription("Limited per client address together with the customer pages, and wrong e-mails per order number (429 with Retry-After).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);
        return v1;
    }

    public sealed record ReasonResponse(string Code, string Label, bool IsDefect, bool PhotoRequired);

    public sealed record EligibilityResponse(
        string OrderNumber, DateTime? DeliveredAt, DateOnly? WithdrawalDeadline, bool WithdrawalOpen, DateOnly? GuaranteeDeadline,
        IReadOnlyList<EligibilityLineResponse> Lines);

    public sealed record EligibilityLineResponse(
        int LineId, string Sku, string Name, int QuantityOrdered, int QuantityReturnable, bool Eligible,
        string? NotEligibleReason, string? NonReturnableReason, DateOnly? Deadline, bool DefectOnly, DateOnly? GuaranteeDeadline);

    private static async Task<Ok<List<ReasonResponse>>> GetReasonsAsync(ReturnsDbContext db, CancellationToken ct)
    {
        var english = ShopLanguage.CurrentIsEnglish;
        var reasons = await db.Reasons.AsNoTracking()
            .Where(r => r.IsActive)
            .OrderBy(r => r.SortOrder).ThenBy(r => r.Code)
            .Select(r => new ReasonResponse(r.Code, english ? r.LabelEn : r.LabelFr, r.IsDefect, r.PhotoWanted))
            .ToListAsync(ct);
        return TypedResults.Ok(reasons);
    }

    /// <summary>The look-up an eligibility request makes: the order number of the path and the e-mail of the query.</summary>
    public sealed record EligibilityQuery([property: FromRoute(Name = "orderNumber")] string? OrderNumber, [property: FromQuery(Name = "email")] string? Email);

    public sealed class EligibilityQueryValidator : AbstractValidator<EligibilityQuery>
    {
        public EligibilityQueryValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(q => q.OrderNumber).Must(n => !string.IsNullOrWhiteSpace(n) && n.Length <= Order.NumberLength)
                .WithMessage(_ => l["FindOrder.OrderNumberTooLong"]);
            RuleFor(q => q.Email).OrderEmail(l);
        }
    }

    private static async Task<Results<Ok<EligibilityResponse>, ProblemHttpResult>> GetEligibilityAsync(
        [AsParameters] EligibilityQuery query, HttpContext http, ReturnsDbContext db, ReturnEligibility eligibility, ProofAttempts attempts,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var attempt = ProofAttempts.OrderKey(query.OrderNumber!);
        if (await attempts.BeginAsync(attempt, ct) is { } wait)
        {
            return RateLimits.TooManyProblem(http, wait, l);
        }
        var orderId = await OrderLookup.FindAsync(db, query.OrderNumber!, query.Email, null, null, ct);
        var result = orderId is { } id ? await eligibility.ForOrderAsync(id, ct) : null;
        if (orderId is not null)
        {
            await attempts.SucceededAsync(attempt, ct);
        }
        if (result is null)
        {
            // As on the page: one neutral answer, whether the number exists or not.
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: l["Api.OrderNotFoundTitle"], detail: l["FindOrder.NotFound"]);
        }
        return TypedResults.Ok(new EligibilityResponse(
            result.OrderNumber, result.DeliveredAt, result.WithdrawalDeadline, result.WithdrawalOpen, result.GuaranteeDeadline,
            result.Lines.Select(line => new EligibilityLineResponse(
                line.OrderLineId, line.Sku, line.ProductName, line.QuantityOrdered, line.QuantityReturnable, line.Eligible,
                Camel(line.NotEligibleReason), Camel(line.NonReturnableReason), line.Deadline, line.DefectOnly,
                line.GuaranteeDeadline)).ToList()));
    }

    /// <summary>Enum values as the API's camelCase strings ("windowClosed"), whatever the JSON options say.</summary>
    private static string? Camel<T>(T? value) where T : struct, Enum =>
        value is { } v ? JsonNamingPolicy.CamelCase.ConvertName(v.ToString()) : null;
}
