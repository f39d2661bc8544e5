using System.Globalization;
using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Web.Api;

/// <summary>
/// The shop's plug (issue 5 items 3–4): orders and products in (<c>orders:write</c>), returns out as a cursor-paged
/// feed (<c>returns:read</c>), carrier events in (<c>returns:write</c>). Malformed JSON and wrong types answer 400,
/// broken rules 422 listing each field, as the rest of the API (ADR 0050, ADR 0071, ADR 0073).
/// </summary>
public static class IntegrationApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    public const int MaxProductsPerRequest = 1000;
    private const int UpsertAttempts = 3;

    public static RouteGroupBuilder MapIntegrationApi(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var writeOrders = v1.MapGroup("").WithTags("Data in").RequireAuthorization(ApiScopes.OrdersWrite);
        writeOrders.MapPost("/orders", UpsertOrderAsync).Accepts<OrderBody>("application/json")
            .WithName("UpsertOrder").WithSummary("Creates or updates an order by its number (customer by e-mail, lines by SKU; scope orders:write).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        writeOrders.MapPost("/products", UpsertProductsAsync).Accepts<ProductsBody>("application/json")
            .WithName("UpsertProducts").WithSummary($"Creates or updates up to {MaxProductsPerRequest} product variants by SKU (scope orders:write).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        v1.MapGet("/returns", ListReturnsAsync).WithTags("Data out").RequireAuthorization(ApiScopes.ReturnsRead)
            .WithName("ListReturnChanges").WithSummary("Returns changed since a time, oldest change first, cursor-paged on (updatedAt, id) (scope returns:read).")
            .WithDescription($"limit: {DefaultLimit} by default, {MaxLimit} at most.")
            .ProducesValidationProblem();

        v1.MapPost("/carrier-events", CarrierEventAsync).WithTags("Data in").RequireAuthorization(ApiScopes.ReturnsWrite).Accepts<CarrierEventBody>("application/json")
            .WithName("RecordCarrierEvent")
            .WithSummary("A carrier scan: picked_up or in_transit moves the return to inTransit, delivered_to_warehouse marks it arriving (scope returns:write).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return v1;
    }

    public sealed record AmountBody(decimal? Amount, string? Currency);

    public sealed record AddressBody(string? Line1, string? Line2, string? Postcode, string? City, string? Country);

    public sealed record OrderLineBody(string? Sku, int? Quantity, decimal? UnitPrice);

    /// <summary>An order as the shop has it; <c>paymentMethod</c>: card, payPal, bankTransfer, giftCard; prices in the order's currency, major units.</summary>
    public sealed record OrderBody(
        string? Number, string? Email, string? FirstName, string? LastName, string? Language, AddressBody? Address,
        DateTimeOffset? PlacedAt, DateTimeOffset? ShippedAt, DateTimeOffset? DeliveredAt, string? PaymentMethod, string? Currency,
        IReadOnlyList<OrderLineBody?>? Lines);

    public sealed record OrderResponse(string Number, bool Created, int Lines);

    /// <summary><c>nonReturnable</c>: hygiene, personalised or finalSale (absent: returnable).</summary>
    public sealed record ProductBody(
        string? Sku, string? ProductCode, string? Name, string? Brand, string? CategoryCode, string? CategoryName,
        string? Size, string? Colour, AmountBody? Price, string? NonReturnable);

    public sealed record ProductsBody(IReadOnlyList<ProductBody?>? Products);

    public sealed record ProductsResponse(int Created, int Updated);

    public sealed record ReturnFeedLine(string Sku, int Quantity, string ReasonCode);

    public sealed record ReturnFeedItem(
        string Rma, string OrderNumber, string Status, string Resolution, string Method, string? CarrierTrackingNumber,
        DateTime? ArrivingAt, ReturnsApi.AmountResponse RefundEstimate, DateTime CreatedAt, DateTime UpdatedAt,
        IReadOnlyList<ReturnFeedLine> Lines);

    /// <summary>A page of the feed; <c>nextCursor</c> is null on the last page (pass it back as <c>cursor</c>, with the same filters).</summary>
    public sealed record ReturnFeedPage(IReadOnlyList<ReturnFeedItem> Items, string? NextCursor);

    /// <summary><c>event</c>: picked_up, in_transit or delivered_to_warehouse; <c>at</c>: when the carrier saw it (default now).</summary>
    public sealed record CarrierEventBody(string? TrackingNumber, string? Event, DateTimeOffset? At);

    public sealed record CarrierEventResponse(string Rma, string Status, DateTime? ArrivingAt, bool Changed);

    private static async Task<Results<Created<OrderResponse>, Ok<OrderResponse>, ProblemHttpResult>> UpsertOrderAsync(
        HttpContext http, ReturnsDbContext db, CatalogSync sync, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var body = await ReadAsync<OrderBody>(http, ct);
        if (body is null)
        {
            return BadBody(l);
        }
        var errors = new Errors(l);
        var payment = ParsePayment(body.PaymentMethod);
        if (body.PaymentMethod is not null && payment is null)
        {
            errors.Add("paymentMethod", "value");
        }
        var lines = body.Lines ?? [];
        var data = new OrderData(
            body.Number, body.Email, body.FirstName, body.LastName, body.Language,
            body.Address?.Line1, body.Address?.Line2, body.Address?.Postcode, body.Address?.City, body.Address?.Country,
            body.PlacedAt?.UtcDateTime, body.ShippedAt?.UtcDateTime, body.DeliveredAt?.UtcDateTime, payment, body.Currency,
            lines.Select(x => new OrderLineData(x?.Sku, x?.Quantity, Minor(x?.UnitPrice))).ToList());
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i]?.UnitPrice is { } price && Minor(price) is null)
            {
                errors.Add($"lines[{i}].unitPrice", "price");
            }
        }
        errors.AddRange(CatalogSync.Check(data), OrderField);
        if (errors.Any)
        {
            return errors.Problem();
        }
        var unknown = await sync.UnknownSkusAsync(data, ct);
        if (unknown.Count > 0)
        {
            errors.AddRange(unknown, OrderField);
            return errors.Problem(detail: l["Sync.UnknownSkuDetail"]);
        }
        var created = await WithUpsertRetryAsync(db, () => sync.UpsertOrderAsync(data, clock.GetUtcNow().UtcDateTime, ct), ct);
        var response = new OrderResponse(Order.NormaliseNumber(data.Number!), created, data.Lines.Count);
        return created ? TypedResults.Created((string?)null, response) : TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<ProductsResponse>, ProblemHttpResult>> UpsertProductsAsync(
        HttpContext http, ReturnsDbContext db, CatalogSync sync, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var body = await ReadAsync<ProductsBody>(http, ct);
        if (body is null)
        {
            return BadBody(l);
        }
        var errors = new Errors(l);
        var products = body.Products ?? [];
        if (products.Count is 0 or > MaxProductsPerRequest)
        {
            errors.Add("products", "products_count");
        }
        var items = new List<ProductData>();
        for (var i = 0; i < products.Count; i++)
        {
            var p = products[i];
            var reason = ParseNonReturnable(p?.NonReturnable);
            if (p?.NonReturnable is not null && reason is null)
            {
                errors.Add($"products[{i}].nonReturnable", "value");
            }
            var minor = Minor(p?.Price?.Amount);
            if (p?.Price?.Amount is not null && minor is null)
            {
                errors.Add($"products[{i}].price.amount", "price");
            }
            var item = new ProductData(p?.Sku, p?.ProductCode, p?.Name, p?.Brand, p?.CategoryCode, p?.CategoryName, p?.Size, p?.Colour,
                minor, p?.Price?.Currency, reason);
            var prefix = $"products[{i}].";
            errors.AddRange(CatalogSync.Check(item), f => prefix + f switch { "price" => "price.amount", "currency" => "price.currency", _ => f });
            items.Add(item);
        }
        var duplicate = items.Select((p, i) => (p.Sku?.Trim(), i)).Where(x => x.Item1 is not null)
            .GroupBy(x => x.Item1, StringComparer.Ordinal).SelectMany(g => g.Skip(1));
        foreach (var (_, i) in duplicate)
        {
            errors.Add($"products[{i}].sku", "sku_duplicate");
        }
        if (errors.Any)
        {
            return errors.Problem();
        }
        var skus = items.Select(p => p.Sku!.Trim()).ToList();
        var existing = await db.Variants.AsNoTracking().CountAsync(v => skus.Contains(v.Sku), ct);
        await WithUpsertRetryAsync(db, () => sync.UpsertProductsAsync(items, ct), ct);
        return TypedResults.Ok(new ProductsResponse(items.Count - existing, existing));
    }

    private static async Task<Results<Ok<ReturnFeedPage>, ProblemHttpResult>> ListReturnsAsync(
        string? status, string? updatedSince, string? cursor, int? limit, ReturnsDbContext db, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new Errors(l);
        ReturnStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            wanted = Enum.GetValues<ReturnStatus>().Where(s => string.Equals(s.ToString(), status, StringComparison.OrdinalIgnoreCase)).Select(s => (ReturnStatus?)s).FirstOrDefault();
            if (wanted is null)
            {
                errors.Add("status", "value");
            }
        }
        DateTime? since = null;
        if (!string.IsNullOrEmpty(updatedSince))
        {
            if (DateTimeOffset.TryParse(updatedSince, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                since = parsed.UtcDateTime;
            }
            else
            {
                errors.Add("updatedSince", "date");
            }
        }
        var position = KeysetCursor.Parse(cursor);
        if (cursor is not null && position is null)
        {
            errors.Add("cursor", "cursor");
        }
        if (limit is < 1 or > MaxLimit)
        {
            errors.Add("limit", "limit");
        }
        if (errors.Any)
        {
            return errors.Problem(StatusCodes.Status400BadRequest);
        }
        var take = limit ?? DefaultLimit;
        var query = db.Returns.AsNoTracking();
        if (wanted is { } s)
        {
            query = query.Where(r => r.Status == s);
        }
        if (since is { } from)
        {
            query = query.Where(r => r.UpdatedAt >= from);
        }
        if (position is { } p)
        {
            query = query.Where(r => r.UpdatedAt > p.Key || (r.UpdatedAt == p.Key && r.Id > p.Id));
        }
        var rows = await query.OrderBy(r => r.UpdatedAt).ThenBy(r => r.Id).Take(take + 1)
            .Select(r => new
            {
                r.Id,
                r.Rma,
                r.Order!.Number,
                r.Status,
                r.Resolution,
                r.Method,
                r.CarrierTrackingNumber,
                r.ArrivingAt,
                r.RefundEstimate,
                r.CreatedAt,
                r.UpdatedAt,
                Lines = r.Lines.OrderBy(x => x.Id).Select(x => new ReturnFeedLine(x.OrderLine!.Variant!.Sku, x.Quantity, x.Reason!.Code)).ToList(),
            })
            .ToListAsync(ct);
        var page = rows.Take(take).ToList();
        var next = rows.Count > take ? new KeysetCursor(page[^1].UpdatedAt, page[^1].Id).ToString() : null;
        return TypedResults.Ok(new ReturnFeedPage(
            page.Select(r => new ReturnFeedItem(
                r.Rma, r.Number, Camel(r.Status), Camel(r.Resolution), Camel(r.Method), r.CarrierTrackingNumber, r.ArrivingAt,
                new ReturnsApi.AmountResponse(r.RefundEstimate.Minor / 100m, r.RefundEstimate.Currency), r.CreatedAt, r.UpdatedAt, r.Lines)).ToList(),
            next));
    }

    private static async Task<Results<Ok<CarrierEventResponse>, ProblemHttpResult>> CarrierEventAsync(
        HttpContext http, ReturnsDbContext db, IValidator<CarrierEventBody> validator, TimeProvider clock, IStringLocalizer<SharedResource> l,
        CancellationToken ct)
    {
        var body = await ReadAsync<CarrierEventBody>(http, ct);
        if (body is null)
        {
            return BadBody(l);
        }
        // A scan the carrier could not have sent is a bad request (400), as before.
        if (await validator.ProblemIfInvalidAsync(body, l, StatusCodes.Status400BadRequest, ct) is { } invalid)
        {
            return invalid;
        }
        var tracking = body.TrackingNumber!.Trim();
        var carrierEvent = CarrierEventOf(body.Event);
        var now = clock.GetUtcNow().UtcDateTime;
        // The carrier's time, never in the future: a late scan keeps its real time, a wrong clock cannot run ahead of ours.
        var at = body.At is { } given && given.UtcDateTime < now ? given.UtcDateTime : now;
        var rma = RmaNumber.Normalise(tracking);
        // The carrier's own number once known; the label's RMA otherwise (the parcel reference printed on every label).
        var request = await db.Returns
            .Where(r => r.CarrierTrackingNumber == tracking || (rma != null && r.Rma == rma))
            .OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(ct);
        if (request is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: l["Carrier.NotFoundTitle"], detail: l["Carrier.NotFound"]);
        }
        bool changed;
        try
        {
            changed = request.ApplyCarrierEvent(carrierEvent!.Value, "carrier", at);
            if (changed)
            {
                await db.SaveChangesAsync(ct);
            }
        }
        catch (Exception e) when (e is DomainException or DbUpdateConcurrencyException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: l["Carrier.ConflictTitle"],
                detail: string.Format(CultureInfo.CurrentCulture, l["Carrier.Conflict"], l["Track.Status." + request.Status]));
        }
        return TypedResults.Ok(new CarrierEventResponse(request.Rma, Camel(request.Status), request.ArrivingAt, changed));
    }

    private static CarrierEvent? CarrierEventOf(string? value) => value switch
    {
        "picked_up" => CarrierEvent.PickedUp,
        "in_transit" => CarrierEvent.InTransit,
        "delivered_to_warehouse" => CarrierEvent.DeliveredToWarehouse,
        _ => null,
    };

    public sealed class CarrierEventBodyValidator : AbstractValidator<CarrierEventBody>
    {
        public CarrierEventBodyValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(b => b.TrackingNumber).Must(t => t?.Trim() is { Length: > 0 and <= ReturnRequest.TrackingLength })
                .WithMessage(_ => l["Sync.Error.required"]);
            RuleFor(b => b.Event).Must(e => CarrierEventOf(e) is not null).WithMessage(_ => l["Sync.Error.carrier_event"]);
        }
    }

    /// <summary>
    /// Saves an upsert, and when another client inserted the same order number or SKU meanwhile (unique index),
    /// starts again from a clean slate: the second try finds the row and updates it (ADR 0071).
    /// </summary>
    public static async Task<T> WithUpsertRetryAsync<T>(ReturnsDbContext db, Func<Task<T>> upsert, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(upsert);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await upsert();
                await db.SaveChangesAsync(ct);
                return result;
            }
            catch (DbUpdateException e) when (attempt < UpsertAttempts && IsUniqueViolation(e))
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    public static bool IsUniqueViolation(DbUpdateException e) => e?.InnerException switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19,
        _ => false,
    };

    private static async Task<T?> ReadAsync<T>(HttpContext http, CancellationToken ct) where T : class
    {
        try
        {
            return await http.Request.ReadFromJsonAsync<T>(ct);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static ProblemHttpResult BadBody(IStringLocalizer<SharedResource> l) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: l["Api.ValidationTitle"], detail: l["Sync.BodyInvalid"]);

    private static string OrderField(string field) =>
        field is "line1" or "line2" or "postcode" or "city" or "country" ? "address." + field : field;

    private static long? Minor(decimal? amount) =>
        amount is { } a && MoneyParser.ToMinor(a) is { } cents && cents >= 0 ? cents : null;

    private static PaymentMethod? ParsePayment(string? value) =>
        Enum.GetValues<PaymentMethod>().Where(m => Camel(m) == value).Select(m => (PaymentMethod?)m).FirstOrDefault();

    private static NonReturnableReason? ParseNonReturnable(string? value) =>
        Enum.GetValues<NonReturnableReason>().Where(m => Camel(m) == value).Select(m => (NonReturnableReason?)m).FirstOrDefault();

    private static string Camel<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    private sealed class Errors(IStringLocalizer l)
    {
        private readonly Dictionary<string, List<string>> errors = [];

        public bool Any => errors.Count > 0;

        public void Add(string field, string code)
        {
            var message = l["Sync.Error." + code].Value;
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }
            if (!list.Contains(message, StringComparer.Ordinal))
            {
                list.Add(message);
            }
        }

        public void AddRange(IEnumerable<SyncError> found, Func<string, string> field)
        {
            foreach (var error in found)
            {
                Add(field(error.Field), error.Code);
            }
        }

        public ProblemHttpResult Problem(int status = StatusCodes.Status422UnprocessableEntity, string? detail = null) =>
            TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()))
            {
                Status = status,
                Title = l["Api.ValidationTitle"].Value,
                Detail = detail,
            });
    }
}
