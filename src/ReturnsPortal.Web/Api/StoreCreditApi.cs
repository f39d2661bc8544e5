using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Integrations;

namespace ReturnsPortal.Web.Api;

/// <summary>
/// The shop reads a store-credit code's balance (<c>store-credit:read</c>) and spends it at checkout
/// (<c>store-credit:write</c>), idempotently by the shop's reference (ADR 0033); scopes of their own (ADR 0124). Amounts are decimal in the account's currency.
/// </summary>
public static class StoreCreditApi
{
    public static RouteGroupBuilder MapStoreCreditApi(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var credit = v1.MapGroup("/store-credit").WithTags("Store credit");
        credit.MapGet("/{code}", GetBalanceAsync).RequireAuthorization(ApiScopes.StoreCreditRead)
            .WithName("GetStoreCredit").WithSummary("Balance and entries of a store-credit code (scope store-credit:read).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        credit.MapPost("/{code}/redemptions", RedeemAsync).Accepts<RedemptionBody>("application/json").RequireAuthorization(ApiScopes.StoreCreditWrite)
            .WithName("RedeemStoreCredit").WithSummary("Spends part of a code's balance, once per shop reference (scope store-credit:write).")
            .WithDescription("201 for a new redemption, 200 when the same reference and amount were redeemed already.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        return v1;
    }

    public sealed record RedemptionBody(decimal? Amount, string? Reference)
    {
        public static ValueTask<RedemptionBody?> BindAsync(HttpContext http) => ApiJsonBody.ReadAsync<RedemptionBody>(http);
    }

    public sealed record AmountResponse(decimal Amount, string Currency);

    public sealed record EntryResponse(string Kind, AmountResponse Amount, string Reference, DateTime At);

    public sealed record BalanceResponse(string Code, AmountResponse Balance, IReadOnlyList<EntryResponse> Entries);

    public sealed record RedemptionResponse(string Code, string Reference, AmountResponse Amount, AmountResponse Balance, DateTime At);

    private static async Task<Results<Ok<BalanceResponse>, ProblemHttpResult>> GetBalanceAsync(
        string code, ReturnsDbContext db, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var account = await FindAsync(db.StoreCreditAccounts.AsNoTracking(), code, ct);
        if (account is null)
        {
            return NotFound(l);
        }
        return TypedResults.Ok(new BalanceResponse(
            account.Code, Amount(account.Balance),
            account.Entries.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id)
                .Select(e => new EntryResponse(JsonNamingPolicy.CamelCase.ConvertName(e.Kind.ToString()), Amount(e.Amount), e.Reference, e.CreatedAt)).ToList()));
    }

    private static async Task<Results<Created<RedemptionResponse>, Ok<RedemptionResponse>, ProblemHttpResult>> RedeemAsync(
        string code, RedemptionBody? body, ReturnsDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        // A JSON body has passed its validator already (ApiValidation.ValidateArguments: 422 before the code is looked up).
        if (body is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: l["Api.ValidationTitle"], detail: l["StoreCredit.BodyInvalid"]);
        }
        var account = await FindAsync(db.StoreCreditAccounts, code, ct);
        if (account is null)
        {
            return NotFound(l);
        }
        var money = new Money(MoneyParser.ToMinor(body.Amount!.Value)!.Value, account.Currency);
        try
        {
            var (entry, created) = account.Redeem(money, body.Reference!, "api", clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
            var response = new RedemptionResponse(account.Code, entry.Reference, Amount(entry.Amount), Amount(account.Balance), entry.CreatedAt);
            return created ? TypedResults.Created($"/api/v1/store-credit/{account.Code}", response) : TypedResults.Ok(response);
        }
        catch (DomainException e) when (e.Code == "storecredit.insufficient")
        {
            return ApiValidation.Problem(new Dictionary<string, string[]> { ["amount"] = [l["StoreCredit.AboveBalance", Amount(account.Balance).Amount]] },
                l, StatusCodes.Status422UnprocessableEntity);
        }
        catch (DomainException e) when (e.Code == "storecredit.reference_reused")
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: l["StoreCredit.ConflictTitle"], detail: l["StoreCredit.ReferenceReused"]);
        }
        catch (DbUpdateException e) when (!DatabaseUnavailable.Is(e))
        {
            // An outage goes on to the 503 of ADR 0114 (the client retries with the same reference). Otherwise another redemption on this code (or this reference) was saved first: the client retries and gets a fresh answer.
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: l["StoreCredit.ConflictTitle"], detail: l["StoreCredit.Concurrent"]);
        }
    }

    private static Task<StoreCreditAccount?> FindAsync(IQueryable<StoreCreditAccount> accounts, string code, CancellationToken ct)
    {
        var normalised = StoreCreditAccount.NormaliseCode(code);
        return normalised is null
            ? Task.FromResult<StoreCreditAccount?>(null)
            : accounts.Include(a => a.Entries).SingleOrDefaultAsync(a => a.Code == normalised, ct);
    }

    private static AmountResponse Amount(Money money) => new(money.Minor / 100m, money.Currency);

    private static ProblemHttpResult NotFound(IStringLocalizer l) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: l["StoreCredit.NotFoundTitle"], detail: l["StoreCredit.NotFound"]);

    public sealed class RedemptionBodyValidator : AbstractValidator<RedemptionBody>
    {
        public RedemptionBodyValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(b => b.Amount).Must(a => a is > 0 and <= 10_000_000m && MoneyParser.ToMinor(a.Value) is not null)
                .WithMessage(_ => l["StoreCredit.AmountInvalid"]);
            RuleFor(b => b.Reference).Must(r => !string.IsNullOrWhiteSpace(r) && r.Trim().Length <= StoreCreditEntry.ReferenceLength)
                .WithMessage(_ => l["StoreCredit.ReferenceInvalid"]);
        }
    }
}
