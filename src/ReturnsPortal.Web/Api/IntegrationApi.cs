using System.Text.Json;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http.HttpResults;
using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Orders;

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

        v1.MapPost("/carrier-events", CarrierEventAsync).WithTags("Data in").RequireAuthorization(ApiScopes.CarrierEventsWrite).Accepts<CarrierEventBody>("application/json")
            .WithName("RecordCarrierEvent")
            .WithSummary("A carrier scan: picked_up or in_transit moves the return to inTransit, delivered_to_warehouse marks it arriving (scope carrier-events:write).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return v1;
    }

    public sealed record AmountBody(decimal? Amount, string? Currency);

    public sealed record AddressBody(string? Line1, string? Line2, string? Postcode, string? City, string? Country);

    public sealed record OrderLineBody(string? Sku, int? Quantity, decimal? UnitPrice);

    /// <summary>
    /// An order as the shop has it; <c>paymentMethod</c>: card, payPal, bankTransfer, giftCard; <c>paymentReference</c>
    /// (optional): the PSP's payment id or the bank reference, 1 to 100 printable ASCII characters, kept when absent;
    /// prices in the order's currency, major units.
    /// </summary>
    public sealed record OrderBody(
        string? Number, string? Email, string? FirstName, string? LastName, string? Language, AddressBody? Address,
        DateTimeOffset? PlacedAt, DateTimeOffset? ShippedAt, DateTimeOffset? DeliveredAt, string? PaymentMethod, string? Currency,
        IReadOnlyList<OrderLineBody?>? Lines, string? PaymentReference = null)
    {
        public static ValueTask<OrderBody?> BindAsync(HttpContext http) => ApiJsonBody.ReadAsync<OrderBody>(http);
    }

    public sealed record OrderResponse(string Number, bool Created, int Lines);

    /// <summary><c>nonReturnable</c>: hygiene, personalised or finalSale (absent: returnable).</summary>
    public sealed record ProductBody(
        string? Sku, string? ProductCode, string? Name, string? Brand, string? CategoryCode, string? CategoryName,
        string? Size, string? Colour, AmountBody? Price, string? NonReturnable);

    public sealed record ProductsBody(IReadOnlyList<ProductBody?>? Products)
    {
        public static ValueTask<ProductsBody?> BindAsync(HttpContext http) => ApiJsonBody.ReadAsync<ProductsBody>(http);
    }

    public sealed record ProductsResponse(int Created, int Updated);

    /// <summary>The order's own rules are the domain's (<see cref="CatalogSync.Check(OrderData)"/>, shared with the CSV import); this adds what only JSON can get wrong.</summary>
    public sealed class OrderBodyValidator : AbstractValidator<OrderBody>
    {
        public OrderBodyValidator(IStringLocalizer<SharedResource> l) => RuleFor(b => b).Custom((body, context) =>
        {
            if (body.PaymentMethod is not null && ParsePayment(body.PaymentMethod) is null)
            {
                context.AddFailure("paymentMethod", l["Sync.Error.value"]);
            }
            var lines = body.Lines ?? [];
            for (var i = 0; i < lines.Count; i++)
            {
                if (lines[i]?.UnitPrice is { } price && Minor(price) is null)
                {
                    context.AddFailure($"lines[{i}].unitPrice", l["Sync.Error.price"]);
                }
            }
            foreach (var error in CatalogSync.Check(ToData(body)))
            {
                context.AddFailure(OrderField(error.Field), l["Sync.Error." + error.Code]);
            }
        });
    }

    /// <summary>As for orders: <see cref="CatalogSync.Check(ProductData)"/> per product, plus the count, JSON values and duplicates.</summary>
    public sealed class ProductsBodyValidator : AbstractValidator<ProductsBody>
    {
        public ProductsBodyValidator(IStringLocalizer<SharedResource> l) => RuleFor(b => b).Custom((body, context) =>
        {
            var products = body.Products ?? [];
            if (products.Count is 0 or > MaxProductsPerRequest)
            {
                context.AddFailure("products", l["Sync.Error.products_count"]);
            }
            for (var i = 0; i < products.Count; i++)
            {
                var p = products[i];
                if (p?.NonReturnable is not null && ParseNonReturnable(p.NonReturnable) is null)
                {
                    context.AddFailure($"products[{i}].nonReturnable", l["Sync.Error.value"]);
                }
                if (p?.Price?.Amount is not null && Minor(p.Price.Amount) is null)
                {
                    context.AddFailure($"products[{i}].price.amount", l["Sync.Error.price"]);
                }
                var prefix = $"products[{i}].";
                foreach (var error in CatalogSync.Check(ToData(p)))
                {
                    context.AddFailure(prefix + error.Field switch { "price" => "price.amount", "currency" => "price.currency", _ => error.Field },
                        l["Sync.Error." + error.Code]);
                }
            }
            var duplicate = products.Select((p, i) => (Sku: p?.Sku?.Trim(), i)).Where(x => x.Sku is not null)
                .GroupBy(x => x.Sku, StringComparer.Ordinal).SelectMany(g => g.Skip(1));
            foreach (var (_, i) in duplicate)
            {
                context.AddFailure($"products[{i}].sku", l["Sync.Error.sku_duplicate"]);
            }
        });
    }

    private static OrderData ToData(OrderBody body) => new(
        body.Number, body.Email, body.FirstName, body.LastName, body.Language,
        body.Address?.Line1, body.Address?.Line2, body.Address?.Postcode, body.Address?.City, body.Address?.Country,
        body.PlacedAt?.UtcDateTime, body.ShippedAt?.UtcDateTime, body.DeliveredAt?.UtcDateTime, ParsePayment(body.PaymentMethod), body.Currency,
        (body.Lines ?? []).Select(x => new OrderLineData(x?.Sku, x?.Quantity, Minor(x?.UnitPrice))).ToList())
    {
        PaymentReference = body.PaymentReference,
    };

    private static ProductData ToData(ProductBody? p) => new(
        p?.Sku, p?.ProductCode, p?.Name, p?.Brand, p?.CategoryCode, p?.CategoryName, p?.Size, p?.Colour,
        Minor(p?.Price?.Amount), p?.Price?.Currency, ParseNonReturnable(p?.NonReturnable));


    public sealed record ReturnFeedLine(string Sku, int Quantity, string ReasonCode);

    public sealed record ReturnFeedItem(
        string Rma, string OrderNumber, string Status, string Resolution, string Method, string? CarrierTrackingNumber,
        DateTime? ArrivingAt, ReturnsApi.AmountResponse RefundEstimate, DateTime CreatedAt, DateTime UpdatedAt,
        IReadOnlyList<ReturnFeedLine> Lines, IReadOnlyList<SettlementsApi.SettlementResponse> Settlements);

    /// <summary>A page of the feed; <c>nextCursor</c> is null on the last page (pass it back as <c>cursor</c>, with the same filters).</summary>
    public sealed record ReturnFeedPage(IReadOnlyList<ReturnFeedItem> Items, string? NextCursor);

    /// <summary>The filters of the returns feed (query string); a malformed one is a bad request (400).</summary>
    public sealed record FeedQuery(
        [property: FromQuery(Name = "status")] string? Status,
        [property: FromQuery(Name = "updatedSince")] string? UpdatedSince,
        [property: FromQuery(Name = "cursor")] string? Cursor,
        [property: FromQuery(Name = "limit")] int? Limit)
    {
        /// <summary>Any case of a status name; null when empty or unknown.</summary>
        public static ReturnStatus? StatusOf(string? status) => string.IsNullOrEmpty(status) ? null
            : Enum.GetValues<ReturnStatus>().Where(s => string.Equals(s.ToString(), status, StringComparison.OrdinalIgnoreCase)).Select(s => (ReturnStatus?)s).FirstOrDefault();

        /// <summary>An ISO 8601 date-time, UTC when no offset is given; null when empty or unreadable.</summary>
        public static DateTime? DateOf(string? text) =>
            !string.IsNullOrEmpty(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed.UtcDateTime : null;
    }

    public sealed class FeedQueryValidator : AbstractValidator<FeedQuery>
    {
        public FeedQueryValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(q => q.Status).Must(s => FeedQuery.StatusOf(s) is not null).When(q => !string.IsNullOrEmpty(q.Status))
                .WithMessage(_ => l["Sync.Error.value"]);
            RuleFor(q => q.UpdatedSince).Must(d => FeedQuery.DateOf(d) is not null).When(q => !string.IsNullOrEmpty(q.UpdatedSince))
                .WithMessage(_ => l["Sync.Error.date"]);
            RuleFor(q => q.Cursor).Must(c => KeysetCursor.Parse(c) is not null).When(q => q.Cursor is not null)
                .WithMessage(_ => l["Sync.Error.cursor"]);
            RuleFor(q => q.Limit).InclusiveBetween(1, MaxLimit).WithMessage(_ => l["Sync.Error.limit"]);
        }
    }

    /// <summary><c>event</c>: picked_up, in_transit or delivered_to_warehouse; <c>at</c>: when the carrier saw it (default now).</summary>
    [BadRequestWhenInvalid]
    public sealed record CarrierEventBody(string? TrackingNumber, string? Event, DateTimeOffset? At)
    {
        public static ValueTask<CarrierEventBody?> BindAsync(HttpContext http) => ApiJsonBody.ReadAsync<CarrierEventBody>(http);
    }

    public sealed record CarrierEventResponse(string Rma, string Status, DateTime? ArrivingAt, bool Changed);

    private static async Task<Results<Created<OrderResponse>, Ok<OrderResponse>, ProblemHttpResult>> UpsertOrderAsync(
        OrderBody? body, ReturnsDbContext db, CatalogSync sync, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        if (body is null)
        {
            return BadBody(l);
        }
        var data = ToData(body);
        var unknown = await sync.UnknownSkusAsync(data, ct);
        if (unknown.Count > 0)
        {
            var failures = unknown.Select(e => new ValidationFailure(OrderField(e.Field), l["Sync.Error." + e.Code].Value));
            return ApiValidation.Problem(ApiValidation.Errors(new ValidationResult(failures)), l, StatusCodes.Status422UnprocessableEntity, l["Sync.UnknownSkuDetail"]);
        }
        var created = await WithUpsertRetryAsync(db, () => sync.UpsertOrderAsync(data, clock.GetUtcNow().UtcDateTime, ct), ct);
        var response = new OrderResponse(Order.NormaliseNumber(data.Number!), created, data.Lines.Count);
        return created ? TypedResults.Created((string?)null, response) : TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<ProductsResponse>, ProblemHttpResult>> UpsertProductsAsync(
        ProductsBody? body, ReturnsDbContext db, CatalogSync sync, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        if (body is null)
        {
            return BadBody(l);
        }
        var items = body.Products!.Select(ToData).ToList();
        var skus = items.Select(p => p.Sku!.Trim()).ToList();
        var existing = await db.Variants.AsNoTracking().CountAsync(v => skus.Contains(v.Sku), ct);
        await WithUpsertRetryAsync(db, () => sync.UpsertProductsAsync(items, ct), ct);
        return TypedResults.Ok(new ProductsResponse(items.Count - existing, existing));
    }

    private static async Task<Results<Ok<ReturnFeedPage>, ProblemHttpResult>> ListReturnsAsync(
        [AsParameters] FeedQuery filter, ReturnsDbContext db, CancellationToken ct)
    {
        var wanted = FeedQuery.StatusOf(filter.Status);
        DateTime? since = FeedQuery.DateOf(filter.UpdatedSince);
        var position = KeysetCursor.Parse(filter.Cursor);
        var take = filter.Limit ?? DefaultLimit;
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
        // The page's settlements in one more query, whatever the page's size (ADR 0120).
        var settlements = await SettlementsApi.OfReturnsAsync(db, [.. page.Select(r => r.Id)], ct);
        return TypedResults.Ok(new ReturnFeedPage(
            page.Select(r => new ReturnFeedItem(
                r.Rma, r.Number, Camel(r.Status), Camel(r.Resolution), Camel(r.Method), r.CarrierTrackingNumber, r.ArrivingAt,
                new ReturnsApi.AmountResponse(r.RefundEstimate.Minor / 100m, r.RefundEstimate.Currency), r.CreatedAt, r.UpdatedAt, r.Lines,
                [.. settlements[r.Id]])).ToList(),
            next));
    }

    private static async Task<Results<Ok<CarrierEventResponse>, ProblemHttpResult>> CarrierEventAsync(
        CarrierEventBody? body, ReturnsDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        // A scan the carrier could not have sent is a bad request (400: [BadRequestWhenInvalid], checked by the validation filter).
        if (body is null)
        {
            return BadBody(l);
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
}
