using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Persistence;

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
                $"limit: {DefaultLimit} by default, {MaxLimit} at most.");
        return v1;
    }

    public sealed record StockLevelResponse(
        string Sku, string Warehouse, Domain.Inventory.StockBucket Bucket, int OnHand, int Reserved, int Available, DateTime UpdatedAt);

    public sealed record StockPageResponse(IReadOnlyList<StockLevelResponse> Items, string? NextCursor);

    private static async Task<Results<Ok<StockPageResponse>, ValidationProblem>> GetStockAsync(
        string? changedSince, string? cursor, string? limit, ReturnsDbContext db, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        DateTime? since = null;
        if (!string.IsNullOrWhiteSpace(changedSince))
        {
            if (DateTimeOffset.TryParse(changedSince, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                since = parsed.UtcDateTime;
            }
            else
            {
                errors["changedSince"] = [l["StockApi.ChangedSinceInvalid"]];
            }
        }
        var take = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit))
        {
            errors["limit"] = [l["StockApi.LimitInvalid", MaxLimit]];
        }
        var after = KeysetCursor.Parse(cursor);
        if (cursor is not null && after is null)
        {
            errors["cursor"] = [l["StockApi.CursorInvalid"]];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: l["Api.ValidationTitle"]);
        }

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
