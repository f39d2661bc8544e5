using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Inventory;

namespace ReturnsPortal.Web.Api;

/// <summary>
/// The shop's answers to the settlements handed to it (ADR 0117, 0120): the result of a refund it was asked to pay
/// (refund.requested), the shipment or cancellation of a replacement it was asked to ship (exchange.requested). Scope
/// <c>settlements:write</c>. A repeated answer (the shop retrying after a timeout) is 200 with the state unchanged; a
/// different answer to a final settlement is 409 with its current status.
/// </summary>
public static class SettlementsApi
{
    /// <summary>Who the settlement's history shows moved it.</summary>
    public const string Actor = "shop";

    public static RouteGroupBuilder MapSettlementsApi(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var write = v1.MapGroup("").RequireAuthorization(ApiScopes.SettlementsWrite).WithTags("Settlements");
        write.MapPost("/refunds/{id}/result", RecordRefundResultAsync).Accepts<RefundResultBody>("application/json")
            .WithName("RecordRefundResult")
            .WithSummary("The shop paid (status paid, its reference) or could not pay (status failed, a reason) a refund it was asked for (scope settlements:write).")
            .WithDescription("id: refund.requested's reference (RI-…), or the numeric id. The same result again answers 200 unchanged; another result for a final refund 409. A failed refund may still be reported paid.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        write.MapPost("/exchanges/{id}/shipment", RecordShipmentAsync).Accepts<ShipmentBody>("application/json")
            .WithName("RecordExchangeShipment")
            .WithSummary("The shop shipped the replacement of an exchange, with carrier and tracking number (scope settlements:write).")
            .WithDescription("id: exchange.requested's reference (EX-…), or the numeric id. The same shipment again answers 200 unchanged; another answer for a final exchange 409.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        write.MapPost("/exchanges/{id}/cancellation", RecordCancellationAsync).Accepts<CancellationBody>("application/json")
            .WithName("RecordExchangeCancellation")
            .WithSummary("The shop cannot ship the replacement: the customer gets a refund or store credit instead (scope settlements:write).")
            .WithDescription("instead: refund or store_credit. The same cancellation again answers 200 unchanged.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        return v1;
    }

    /// <summary><c>status</c>: paid (with <c>reference</c>, the shop's payment reference) or failed (with <c>reason</c>).</summary>
    public sealed record RefundResultBody(string? Status, string? Reference, string? Reason)
    {
        public static ValueTask<RefundResultBody?> BindAsync(HttpContext http) => ApiJsonBody.ReadAsync<RefundResultBody>(http);
    }

    public sealed record ShipmentBody(string? Carrier, string? TrackingNumber)
    {
        public static ValueTask<ShipmentBody?> BindAsync(HttpContext http) => ApiJsonBody.ReadAsync<ShipmentBody>(http);
    }

    /// <summary><c>instead</c>: refund or store_credit, the customer's choice; <c>reason</c>: why it cannot be shipped.</summary>
    public sealed record CancellationBody(string? Instead, string? Reason)
    {
        public static ValueTask<CancellationBody?> BindAsync(HttpContext http) => ApiJsonBody.ReadAsync<CancellationBody>(http);
    }

    /// <summary>
    /// A settlement's state, in the returns feed and in every answer of this API: amounts in major units of
    /// <c>currency</c> like the rest of the API (the webhooks' payloads carry minor units), times in UTC.
    /// </summary>
    public sealed record SettlementResponse(
        int Id, string Kind, string Status, decimal Amount, decimal Bonus, string Currency, string Reference, string Provider,
        string? ProviderReference, string? FailureReason, string? Carrier, string? TrackingNumber, string? InsteadKind,
        DateTime? LegalDeadline, DateTime? ServiceDeadline, DateTime CreatedAt, DateTime? SentAt, DateTime? CompletedAt,
        DateTime? FailedAt, DateTime? CancelledAt)
    {
        public static SettlementResponse Of(Settlement s)
        {
            ArgumentNullException.ThrowIfNull(s);
            return new(
                s.Id, Camel(s.Kind), Camel(s.Status), s.Amount.Minor / 100m, s.Bonus.Minor / 100m, s.Amount.Currency, s.Reference, s.Provider,
                s.ProviderReference, s.FailureReason, s.Carrier, s.TrackingNumber, s.InsteadKind is { } k ? Camel(k) : null,
                s.LegalDeadline, s.ServiceDeadline, s.CreatedAt, s.SentAt, s.CompletedAt, s.FailedAt, s.CancelledAt);
        }
    }

    /// <summary>The settlements of the given returns, in one query (the feed's page, never one query per return).</summary>
    public static async Task<ILookup<int, SettlementResponse>> OfReturnsAsync(ReturnsDbContext db, IReadOnlyCollection<int> returnIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ids = returnIds.ToList();
        if (ids.Count == 0)
        {
            return Array.Empty<SettlementResponse>().ToLookup(_ => 0);
        }
        var settlements = await db.Settlements.AsNoTracking().Where(s => ids.Contains(s.ReturnRequestId))
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).ToListAsync(ct);
        return settlements.ToLookup(s => s.ReturnRequestId, SettlementResponse.Of);
    }

    private static async Task<Results<Ok<SettlementResponse>, ProblemHttpResult>> RecordRefundResultAsync(
        string id, RefundResultBody? body, ReturnsDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        // A JSON body has passed its validator already (422 naming the field, before the refund is looked up).
        if (body is null)
        {
            return BadBody(l);
        }
        var settlement = await FindAsync(db, id, SettlementKind.Refund, ct);
        if (settlement is null)
        {
            return NotFound(l, "Settlements.RefundNotFound");
        }
        if (settlement.Provider != nameof(RefundProvider.Shop))
        {
            return Conflict(l, l["Settlements.PaidByOther", settlement.Provider], settlement);
        }
        var paid = body.Status == "paid";
        var reference = body.Reference?.Trim();
        var reason = body.Reason?.Trim();
        // The shop retrying after a timeout: the same answer finds it already recorded.
        if ((paid && settlement.Status == SettlementStatus.Paid && settlement.ProviderReference == reference)
            || (!paid && settlement.Status == SettlementStatus.Failed && settlement.FailureReason == reason))
        {
            return TypedResults.Ok(SettlementResponse.Of(settlement));
        }
        var at = clock.GetUtcNow().UtcDateTime;
        return await MoveAsync(db, settlement, l, () =>
        {
            if (paid)
            {
                settlement.MarkPaid(reference!, Actor, at);
            }
            else
            {
                settlement.MarkFailed(reason!, Actor, at);
            }
            return Task.CompletedTask;
        }, ct);
    }

    private static async Task<Results<Ok<SettlementResponse>, ProblemHttpResult>> RecordShipmentAsync(
        string id, ShipmentBody? body, ReturnsDbContext db, StockLedger ledger, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        if (body is null)
        {
            return BadBody(l);
        }
        var (settlement, refused) = await ExchangeAsync(db, id, l, ct);
        if (refused is not null)
        {
            return refused;
        }
        if (settlement!.Status == SettlementStatus.Shipped
            && settlement.Carrier == body.Carrier!.Trim() && settlement.TrackingNumber == body.TrackingNumber!.Trim())
        {
            return TypedResults.Ok(SettlementResponse.Of(settlement));
        }
        var at = clock.GetUtcNow().UtcDateTime;
        return await MoveAsync(db, settlement, l,
            () => new ReplacementShipping(db, ledger).ShipAsync(settlement, body.Carrier!, body.TrackingNumber!, Actor, at, ct), ct);
    }

    private static async Task<Results<Ok<SettlementResponse>, ProblemHttpResult>> RecordCancellationAsync(
        string id, CancellationBody? body, ReturnsDbContext db, StockLedger ledger, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        if (body is null)
        {
            return BadBody(l);
        }
        var (settlement, refused) = await ExchangeAsync(db, id, l, ct);
        if (refused is not null)
        {
            return refused;
        }
        var instead = InsteadOf(body.Instead)!.Value;
        if (settlement!.Status == SettlementStatus.Cancelled && settlement.InsteadKind == instead)
        {
            return TypedResults.Ok(SettlementResponse.Of(settlement));
        }
        var at = clock.GetUtcNow().UtcDateTime;
        return await MoveAsync(db, settlement, l,
            () => new ReplacementShipping(db, ledger).CancelAsync(settlement, instead, body.Reason!, Actor, at, ct), ct);
    }

    /// <summary>An exchange the shop ships, or the problem that says why this one is not its to answer.</summary>
    private static async Task<(Settlement? Settlement, ProblemHttpResult? Refused)> ExchangeAsync(
        ReturnsDbContext db, string id, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var settlement = await FindAsync(db, id, SettlementKind.Exchange, ct);
        if (settlement is null)
        {
            return (null, NotFound(l, "Settlements.ExchangeNotFound"));
        }
        // The warehouse ships its own replacements on /staff/exchanges: a shop answering for one would ship it twice.
        return settlement.Provider != nameof(ExchangeShipFrom.Shop)
            ? (settlement, Conflict(l, l["Settlements.ShippedByOther", settlement.Provider], settlement))
            : (settlement, null);
    }

    /// <summary>
    /// The settlement by its id, or by its reference (RI-…, EX-…, which every message about it carries): the messages
    /// queued in the save that creates a settlement are written before the database gives it its id (ADR 0120).
    /// </summary>
    private static Task<Settlement?> FindAsync(ReturnsDbContext db, string id, SettlementKind kind, CancellationToken ct)
    {
        var settlements = db.Settlements.Where(s => s.Kind == kind);
        if (int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return settlements.SingleOrDefaultAsync(s => s.Id == number, ct);
        }
        // A reference names one settlement of a kind (a refund instead of an exchange has the exchange's RMA, not a refund's).
        var reference = id.Trim();
        return settlements.Where(s => s.Reference == reference).OrderByDescending(s => s.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// One domain move and one save. A refused move (already final, not sent) and a concurrent one (another answer or
    /// a person saved first) are 409 with the status the settlement has now.
    /// </summary>
    private static async Task<Results<Ok<SettlementResponse>, ProblemHttpResult>> MoveAsync(
        ReturnsDbContext db, Settlement settlement, IStringLocalizer<SharedResource> l, Func<Task> move, CancellationToken ct)
    {
        try
        {
            await move();
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(SettlementResponse.Of(settlement));
        }
        catch (DomainException e)
        {
            return Conflict(l, DomainMessage(l, e.Code, settlement), settlement);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.Settlements.AsNoTracking().SingleAsync(s => s.Id == settlement.Id, ct);
            return Conflict(l, l["Settlements.Concurrent", StatusLabel(l, current.Status)], current);
        }
    }

    private static string DomainMessage(IStringLocalizer l, string code, Settlement settlement) => code switch
    {
        "settlement.not_payable" or "settlement.not_sent" or "settlement.not_shippable" or "settlement.not_cancellable"
            => l["Settlements.AlreadyFinal", StatusLabel(l, settlement.Status)],
        _ => l["Settlements.Refused", StatusLabel(l, settlement.Status)],
    };

    private static string StatusLabel(IStringLocalizer l, SettlementStatus status) => Camel(status);

    private static ProblemHttpResult Conflict(IStringLocalizer l, string detail, Settlement settlement) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: l["Settlements.ConflictTitle"], detail: detail,
            extensions: new Dictionary<string, object?> { ["settlement"] = SettlementResponse.Of(settlement) });

    private static ProblemHttpResult NotFound(IStringLocalizer l, string key) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: l["Settlements.NotFoundTitle"], detail: l[key]);

    private static ProblemHttpResult BadBody(IStringLocalizer l) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: l["Api.ValidationTitle"], detail: l["Settlements.BodyInvalid"]);

    private static SettlementKind? InsteadOf(string? value) => value switch
    {
        "refund" => SettlementKind.Refund,
        "store_credit" => SettlementKind.StoreCredit,
        _ => null,
    };

    private static string Camel<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    public sealed class RefundResultBodyValidator : AbstractValidator<RefundResultBody>
    {
        public RefundResultBodyValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(b => b.Status).Must(s => s is "paid" or "failed").WithMessage(_ => l["Settlements.StatusInvalid"]);
            RuleFor(b => b.Reference).Must(r => r?.Trim() is { Length: > 0 and <= Settlement.ReferenceLength })
                .When(b => b.Status == "paid").WithMessage(_ => l["Settlements.ReferenceRequired", Settlement.ReferenceLength]);
            RuleFor(b => b.Reason).Must(r => r?.Trim() is { Length: > 0 and <= Settlement.ReasonLength })
                .When(b => b.Status == "failed").WithMessage(_ => l["Settlements.ReasonRequired", Settlement.ReasonLength]);
        }
    }

    public sealed class ShipmentBodyValidator : AbstractValidator<ShipmentBody>
    {
        public ShipmentBodyValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(b => b.Carrier).Must(c => c?.Trim() is { Length: > 0 and <= Settlement.CarrierLength })
                .WithMessage(_ => l["Settlements.CarrierRequired", Settlement.CarrierLength]);
            RuleFor(b => b.TrackingNumber).Must(t => t?.Trim() is { Length: > 0 and <= Settlement.TrackingLength })
                .WithMessage(_ => l["Settlements.TrackingRequired", Settlement.TrackingLength]);
        }
    }

    public sealed class CancellationBodyValidator : AbstractValidator<CancellationBody>
    {
        public CancellationBodyValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(b => b.Instead).Must(i => InsteadOf(i) is not null).WithMessage(_ => l["Settlements.InsteadInvalid"]);
            RuleFor(b => b.Reason).Must(r => r?.Trim() is { Length: > 0 and <= Settlement.ReasonLength })
                .WithMessage(_ => l["Settlements.ReasonRequired", Settlement.ReasonLength]);
        }
    }
}
