using Microsoft.AspNetCore.Http.HttpResults;
using ReturnsPortal.Domain.Integrations;

namespace ReturnsPortal.Web.Api;

/// <summary>
/// Stock levels for a shop or a warehouse system, as a change feed (issue 5 item 4, ADR 0062): levels changed since a
/// time, oldest change first, keyset-paged on (UpdatedAt, Id) with an opaque cursor, behind scope <c>stock:read</c>.
/// A level that changes again moves to the end of the feed, so a client that follows the cursors sees every change.
/// </summary>
public static class StockApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public static RouteGroupBuilder MapStockApi(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        v1.MapGet("/stock", GetStockAsync)
            .RequireAuthorization(ApiScopes.StockRead)
            .WithTags("Stock")
            .WithName("ListStock")
            .WithSummary("Stock levels changed since a time, cursor-paged (scope stock:read).")
            .WithDescription("Each level is one SKU in one warehouse and bucket (sellable, openBox, refurbish, quarantine). Pass nextCursor back as " +
                "cursor for the next page; it is null on the last page. changedSince is an ISO 8601 date-time (UTC when no offset is given). " +
                $"limit: {DefaultLimit} by default, {MaxLimit} at most.")
            .ProducesValidationProblem();
        return v1;
    }

    public sealed record StockLevelResponse(
        string Sku, string Warehouse, Domain.Inventory.StockBucket Bucket, int OnHand, int Reserved, int Available, DateTime UpdatedAt);

    public sealed record StockPageResponse(IReadOnlyList<StockLevelResponse> Items, string? NextCursor);

    /// <summary>The query string of the feed; a malformed value is a bad request (400).</summary>
    public sealed record StockQuery(
        [property: FromQuery(Name = "changedSince")] string? ChangedSince,
        [property: FromQuery(Name = "cursor")] string? Cursor,
        [property: FromQuery(Name = "limit")] string? Limit)
    {
        public static DateTime? DateOf(string? text) =>
            !string.IsNullOrWhiteSpace(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed.UtcDateTime : null;

        /// <summary>Digits only, 1 to <see cref="MaxLimit"/>; null otherwise.</summary>
        public static int? LimitOf(string? text) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var take) && take is >= 1 and <= MaxLimit ? take : null;
    }

    public sealed class StockQueryValidator : AbstractValidator<StockQuery>
    {
        public StockQueryValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(q => q.ChangedSince).Must(d => StockQuery.DateOf(d) is not null).When(q => !string.IsNullOrWhiteSpace(q.ChangedSince))
                .WithMessage(_ => l["StockApi.ChangedSinceInvalid"]);
            RuleFor(q => q.Limit).Must(x => StockQuery.LimitOf(x) is not null).When(q => q.Limit is not null)
                .WithMessage(_ => l["StockApi.LimitInvalid", MaxLimit]);
            RuleFor(q => q.Cursor).Must(c => KeysetCursor.Parse(c) is not null).When(q => q.Cursor is not null)
                .WithMessage(_ => l["StockApi.CursorInvalid"]);
        }
    }

    private static async Task<Results<Ok<StockPageResponse>, ProblemHttpResult>> GetStockAsync(
        [AsParameters] StockQuery query, ReturnsDbContext db, CancellationToken ct)
    {
        var since = StockQuery.DateOf(query.ChangedSince);
        var take = StockQuery.LimitOf(query.Limit) ?? DefaultLimit;
        var after = KeysetCursor.Parse(query.Cursor);

        var levels = db.StockLevels.AsNoTracking();
        if (since is { } s)
        {
            levels = levels.Where(x => x.UpdatedAt >= s);
        }
        if (after is { } c)
        {
            levels = levels.Where(x => x.UpdatedAt > c.Key || (x.UpdatedAt == c.Key && x.Id > c.Id));
        }
        var rows = await levels
            .OrderBy(x => x.UpdatedAt).ThenBy(x => x.Id)
            .Take(take + 1)
            .Select(x => new
            {
                x.Id,
                Sku = db.Variants.Where(v => v.Id == x.VariantId).Select(v => v.Sku).First(),
                Warehouse = db.Warehouses.Where(w => w.Id == x.WarehouseId).Select(w => w.Code).First(),
                x.Bucket,
                x.Quantity,
                x.Reserved,
                x.UpdatedAt,
            })
            .ToListAsync(ct);
        var page = rows.Take(take).ToList();
        var next = rows.Count > take ? new KeysetCursor(page[^1].UpdatedAt, page[^1].Id).ToString() : null;
        return TypedResults.Ok(new StockPageResponse(
            [.. page.Select(x => new StockLevelResponse(x.Sku, x.Warehouse, x.Bucket,
                x.Quantity, x.Reserved, x.Quantity - x.Reserved, x.UpdatedAt))],
            next));
    }
}
