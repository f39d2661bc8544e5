using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http.HttpResults;
using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Web.Labels;
using ReturnsPortal.Web.Pages.Returns;

namespace ReturnsPortal.Web.Api;

/// <summary>
/// The write side of customer returns for headless shops (issue 3 item 7): create a return through the same
/// <see cref="ReturnStarter"/> as the wizard, read it, cancel it, get its label, find drop-off points. Reads need
/// <c>returns:read</c>, writes <c>returns:write</c>; every broken rule comes back in one 422 (ADR 0050).
/// </summary>
public static class ReturnsApi
{
    public const int DropOffPointsShown = 10;
    public const int IdempotencyKeyMaxLength = 100;

    private const string ProofLimitDescription =
        "Limited per client address together with the customer pages, and wrong e-mails per RMA from every address (429 with Retry-After).";

    public static RouteGroupBuilder MapReturnsApi(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var read = v1.MapGroup("").RequireAuthorization(ApiScopes.ReturnsRead).WithTags("Returns");
        // Each call with an RMA and an e-mail is a customer's proof: limited per client address with the customer pages,
        // and wrong e-mails per RMA from every address together (ADR 0122).
        read.MapGet("/returns/{rma}", GetReturnAsync).RequireRateLimiting(RateLimits.CustomerProof)
            .WithName("GetReturn").WithSummary("A return with its lines and timeline, for the e-mail of its order (scope returns:read).")
            .WithDescription(ProofLimitDescription)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);
        read.MapGet("/returns/{rma}/label", GetLabelAsync).RequireRateLimiting(RateLimits.CustomerProof).Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .WithName("GetReturnLabel").WithSummary("The return label as a PDF (scope returns:read).")
            .WithDescription(ProofLimitDescription)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);
        read.MapGet("/drop-off-points", GetDropOffPointsAsync)
            .WithName("ListDropOffPoints").WithSummary($"The {DropOffPointsShown} drop-off points nearest a postcode (scope returns:read).")
            .ProducesValidationProblem();

        var write = v1.MapGroup("").RequireAuthorization(ApiScopes.ReturnsWrite).WithTags("Returns");
        write.MapPost("/returns", CreateReturnAsync).Accepts<CreateReturnBody>("application/json")
            .WithName("CreateReturn").WithSummary("Creates a return as the wizard does; the same idempotencyKey answers the same return (scope returns:write).")
            .WithDescription("201 with the new return, 200 when the idempotencyKey was used already for this order. Every broken rule comes back in one 422.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        write.MapPost("/returns/{rma}/cancel", CancelReturnAsync).RequireRateLimiting(RateLimits.CustomerProof)
            .WithName("CancelReturn").WithSummary("Cancels a return that has not left yet (scope returns:write).")
            .WithDescription(ProofLimitDescription)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return v1;
    }

    public sealed record CreateReturnBody(
        string? OrderNumber, string? Email, IReadOnlyList<CreateReturnLine?>? Lines, string? Resolution, string? ExchangeSku,
        string? Method, int? DropOffPointId, PickupBody? Pickup, string? IdempotencyKey)
    {
        public static ValueTask<CreateReturnBody?> BindAsync(HttpContext http) => ApiJsonBody.ReadAsync<CreateReturnBody>(http);
    }

    public sealed record CreateReturnLine(int? LineId, int? Quantity, string? ReasonCode, string? Comment, IReadOnlyList<PhotoBody?>? Photos = null);

    /// <summary>A photo of a returned item, base64-encoded; checked by its bytes like the wizard's uploads (JPEG, PNG, WebP, 5 MB).</summary>
    public sealed record PhotoBody(string? FileName, string? ContentBase64);

    /// <summary>Only for <c>method: "pickup"</c>: where and when the carrier collects the parcel.</summary>
    public sealed record PickupBody(string? Line1, string? Line2, string? Postcode, string? City, DateOnly? Date);

    /// <summary>
    /// Every rule of a return that the body alone (and the active reasons, the catalogue's SKUs) can check, all broken
    /// ones in one 422; the rules that need the order and its policy stay in <see cref="ReturnStarter"/>.
    /// </summary>
    public sealed class CreateReturnBodyValidator : AbstractValidator<CreateReturnBody>
    {
        public CreateReturnBodyValidator(ReturnsDbContext db, Files.PhotoOptions photos, IStringLocalizer<SharedResource> l)
        {
            ArgumentNullException.ThrowIfNull(photos);
            // The return's quota, all lines together (ADR 0126): 4 base64 characters carry 3 bytes.
            RuleFor(b => b.Lines).Must(lines => photos.Allows(
                    lines!.Sum(x => x?.Photos?.Count ?? 0),
                    lines!.Sum(x => x?.Photos?.Sum(p => (long)(p?.ContentBase64?.Length ?? 0) / 4 * 3) ?? 0)))
                .When(b => b.Lines is not null)
                .WithMessage(_ => l["Start.Error.photo_quota", photos.MaxPerReturn, photos.MaxMegabytesPerReturn]);
            RuleFor(b => b.OrderNumber).Cascade(CascadeMode.Stop)
                .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => l["ReturnsApi.OrderNumberRequired"])
                .Must(n => n!.Length <= Order.NumberLength).WithMessage(_ => l["FindOrder.OrderNumberTooLong"]);
            RuleFor(b => b.Email).OrderEmail(l);
            RuleFor(b => b.Lines).Must(x => x is { Count: > 0 }).WithMessage(_ => l["Start.Error.no_lines"]);
            RuleFor(b => b.Lines).CustomAsync(async (lines, context, ct) =>
            {
                lines ??= [];
                var codes = lines.Where(x => x?.ReasonCode is not null).Select(x => x!.ReasonCode!).Distinct().ToList();
                var reasons = await db.Reasons.AsNoTracking().Where(r => codes.Contains(r.Code) && r.IsActive).Select(r => r.Code).ToListAsync(ct);
                for (var i = 0; i < lines.Count; i++)
                {
                    foreach (var (field, key) in LineErrors(lines, i, reasons))
                    {
                        context.AddFailure(field, l[key]);
                    }
                }
            });
            RuleFor(b => b.Resolution).Cascade(CascadeMode.Stop)
                .Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage(_ => l["Start.Error.resolution_required"])
                .Must(r => ParseEnum<Resolution>(r) is not null).WithMessage(_ => l["ReturnsApi.ValueUnknown"]);
            RuleFor(b => b.Method).Cascade(CascadeMode.Stop)
                .Must(m => !string.IsNullOrWhiteSpace(m)).WithMessage(_ => l["Start.Error.method_required"])
                .Must(m => ParseEnum<ReturnMethod>(m) is not null).WithMessage(_ => l["ReturnsApi.ValueUnknown"]);
            RuleFor(b => b.ExchangeSku).Cascade(CascadeMode.Stop)
                .Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage(_ => l["Start.Error.exchange_required"])
                .MustAsync(async (s, ct) => await ExchangeVariantIdAsync(db, s, ct) is not null).WithMessage(_ => l["ReturnsApi.SkuUnknown"])
                .When(b => ParseEnum<Resolution>(b.Resolution) == Resolution.Exchange);
            RuleFor(b => b.DropOffPointId).NotNull().WithMessage(_ => l["Start.Error.dropoff_required"])
                .When(b => ParseEnum<ReturnMethod>(b.Method) == ReturnMethod.DropOff);
            RuleFor(b => b.IdempotencyKey)
                .Must(k => !string.IsNullOrWhiteSpace(k) && k.Length <= IdempotencyKeyMaxLength).WithMessage(_ => l["ReturnsApi.IdempotencyKeyRequired"]);
        }

        /// <summary>The broken rules of line <paramref name="i"/>, as (JSON field, resource key).</summary>
        private static IEnumerable<(string Field, string Key)> LineErrors(IReadOnlyList<CreateReturnLine?> lines, int i, List<string> activeReasons)
        {
            var field = $"lines[{i}]";
            if (lines[i] is not { } line)
            {
                yield return (field, "ReturnsApi.LineRequired");
                yield break;
            }
            if (line.LineId is null)
            {
                yield return ($"{field}.lineId", "ReturnsApi.LineIdRequired");
            }
            else if (lines.Take(i).Any(x => x?.LineId == line.LineId))
            {
                yield return ($"{field}.lineId", "ReturnsApi.LineTwice");
            }
            if (line.Quantity is not > 0)
            {
                yield return ($"{field}.quantity", "ReturnsApi.QuantityPositive");
            }
            if (string.IsNullOrWhiteSpace(line.ReasonCode))
            {
                yield return ($"{field}.reasonCode", "Start.Error.reason_required");
            }
            else if (!activeReasons.Contains(line.ReasonCode, StringComparer.Ordinal))
            {
                yield return ($"{field}.reasonCode", "Start.Error.reason_unknown");
            }
            if (line.Comment is { Length: > ReturnLine.CommentLength })
            {
                yield return ($"{field}.comment", "Start.Error.comment_too_long");
            }
            var posted = line.Photos ?? [];
            if (posted.Count > ReturnLinePhoto.MaxPerLine)
            {
                yield return ($"{field}.photos", "Start.Error.photo_too_many");
                yield break;
            }
            for (var p = 0; p < posted.Count; p++)
            {
                if (ReadPhoto(posted[p]).ErrorKey is { } key)
                {
                    yield return ($"{field}.photos[{p}]", key);
                }
            }
        }
    }

    /// <summary>A posted photo decoded and recognised by its bytes, or the resource key of what is wrong with it.</summary>
    private sealed record PhotoRead(byte[]? Bytes, string? ContentType, string FileName, string? ErrorKey);

    private static PhotoRead ReadPhoto(PhotoBody? photo)
    {
        var base64 = photo?.ContentBase64;
        // 4 base64 characters carry 3 bytes: refuse an oversize photo before decoding it.
        if (base64 is { Length: > (int)(ReturnLinePhoto.MaxBytes / 3 * 4) + 4 })
        {
            return new(null, null, "", "Start.Error.photo_too_big");
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64 ?? "");
        }
        catch (FormatException)
        {
            return new(null, null, "", "Start.Error.photo_not_image");
        }
        if (bytes.Length > ReturnLinePhoto.MaxBytes)
        {
            return new(null, null, "", "Start.Error.photo_too_big");
        }
        if (PhotoSignature.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, PhotoSignature.BytesNeeded))) is not { } type)
        {
            return new(null, null, "", "Start.Error.photo_not_image");
        }
        var name = photo?.FileName is { Length: > 0 and <= ReturnLinePhoto.FileNameLength } given ? Path.GetFileName(given) : "photo";
        return new(bytes, type, name, null);
    }

    /// <summary>Only the documented camelCase names: "1" or "Refund " are not values of the API.</summary>
    private static T? ParseEnum<T>(string? value) where T : struct, Enum =>
        Enum.GetValues<T>().Where(v => Camel(v) == value).Select(v => (T?)v).FirstOrDefault();

    private static async Task<int?> ExchangeVariantIdAsync(ReturnsDbContext db, string? sku, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(sku) ? null
            : await db.Variants.AsNoTracking().Where(v => v.Sku == sku.Trim()).Select(v => (int?)v.Id).SingleOrDefaultAsync(ct);

    public sealed record AmountResponse(decimal Amount, string Currency);

    public sealed record FeesResponse(AmountResponse LabelFee, string LabelFeeWaiver, AmountResponse RestockingFees);

    public sealed record RefundLineResponse(int LineId, int Quantity, AmountResponse Paid, AmountResponse RestockingFee, AmountResponse Refund);

    public sealed record RefundEstimateResponse(decimal Amount, string Currency, IReadOnlyList<RefundLineResponse> Lines);

    public sealed record CreatedResponse(
        string Rma, string Status, FeesResponse Fees, RefundEstimateResponse RefundEstimate, string LabelUrl, string TrackingUrl);

    public sealed record ReturnLineResponse(int LineId, string Sku, string Name, int Quantity, string ReasonCode, string? Comment, string? ExchangeSku);

    public sealed record TimelineStepResponse(string Status, string Label, DateTime At);

    public sealed record ReturnResponse(
        string Rma, string OrderNumber, string Status, string StatusLabel, string Resolution, string Method, bool CanCancel,
        AmountResponse RefundEstimate, IReadOnlyList<ReturnLineResponse> Lines, IReadOnlyList<TimelineStepResponse> Timeline,
        string LabelUrl, string TrackingUrl, IReadOnlyList<SettlementsApi.SettlementResponse> Settlements);

    public sealed record CancelledResponse(string Rma, string Status, string StatusLabel);

    /// <summary>What proves a client may see a return: the e-mail of its order (query parameter).</summary>
    public sealed record ReturnQuery([property: FromQuery(Name = "email")] string? Email);

    public sealed class ReturnQueryValidator : AbstractValidator<ReturnQuery>
    {
        public ReturnQueryValidator(IStringLocalizer<SharedResource> l) => RuleFor(q => q.Email).OrderEmail(l);
    }

    /// <summary>Where the client looks for drop-off points; a malformed postcode is a bad request (400), not a rule of the return (422).</summary>
    public sealed record DropOffQuery([property: FromQuery(Name = "postcode")] string? Postcode);

    public sealed class DropOffQueryValidator : AbstractValidator<DropOffQuery>
    {
        public DropOffQueryValidator(IStringLocalizer<SharedResource> l) =>
            RuleFor(q => q.Postcode).Must(p => DropOffSearch.IsPostcode(p?.Trim())).WithMessage(_ => l["Start.Error.postcode"]);
    }

    public sealed record DropOffPointResponse(int Id, string Name, string Carrier, string Address, string Postcode, string City, string Hours, double DistanceKm);

    private static async Task<Results<Created<CreatedResponse>, Ok<CreatedResponse>, ProblemHttpResult>> CreateReturnAsync(
        CreateReturnBody? body, HttpContext http, ReturnsDbContext db, ReturnStarter starter, Files.IFileStore files, ProofAttempts attempts,
        Files.PhotoOptions photoOptions,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        // The validation filter (ApiValidation.ValidateArguments) has checked the body's rules (422) when it was JSON.
        if (body is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: l["Api.ValidationTitle"], detail: l["ReturnsApi.BodyInvalid"]);
        }
        var lines = body.Lines!;
        var codes = lines.Select(x => x!.ReasonCode!).Distinct().ToList();
        var reasons = await db.Reasons.AsNoTracking().Where(r => codes.Contains(r.Code) && r.IsActive).ToDictionaryAsync(r => r.Code, r => r.Id, StringComparer.Ordinal, ct);
        var resolution = ParseEnum<Resolution>(body.Resolution);
        var method = ParseEnum<ReturnMethod>(body.Method);
        var exchangeVariantId = resolution == Resolution.Exchange ? await ExchangeVariantIdAsync(db, body.ExchangeSku, ct) : null;
        var photos = lines.SelectMany((x, i) => (x!.Photos ?? []).Select(p => (Line: i, Photo: ReadPhoto(p)))).ToList();

        // Order number + e-mail is a customer's proof: wrong ones count per order number (ADR 0122).
        var attempt = ProofAttempts.OrderKey(body.OrderNumber!);
        if (await attempts.BeginAsync(attempt, ct) is { } wait)
        {
            return RateLimits.TooManyProblem(http, wait, l);
        }
        var orderId = await OrderLookup.FindAsync(db, body.OrderNumber!, body.Email, null, null, ct);
        if (orderId is null)
        {
            return OrderNotFound(l);
        }
        await attempts.SucceededAsync(attempt, ct);
        // Every photo re-encoded in memory first (ADR 0126): one that does not decode fails the request, nothing stored.
        var cleaned = new List<(int Line, Files.CleanPhoto Photo)>();
        foreach (var ((line, (bytes, contentType, fileName, _)), index) in photos.Select((x, i) => (x, i)))
        {
            if (Files.PhotoUploads.Clean(bytes!, contentType!, fileName, photoOptions) is not { } clean)
            {
                var position = photos.Take(index).Count(x => x.Line == line);
                return ApiValidation.Problem(ApiValidation.Errors(new ValidationResult([new ValidationFailure($"lines[{line}].photos[{position}]", l["Start.Error.photo_not_image"].Value)])), l, StatusCodes.Status422UnprocessableEntity);
            }
            cleaned.Add((line, clean));
        }
        StartReturnCommand Command(IReadOnlyList<(int Line, ReturnLinePhoto Photo)> withPhotos) => new(
            orderId.Value,
            lines.Select((x, i) => new StartLine(x!.LineId!.Value, x.Quantity!.Value, reasons[x.ReasonCode!], x.Comment, exchangeVariantId,
                withPhotos.Where(p => p.Line == i).Select(p => p.Photo).ToList())).ToList(),
            resolution, method, method == ReturnMethod.DropOff ? body.DropOffPointId : null,
            method == ReturnMethod.Pickup && body.Pickup is { } p ? new StartPickup(p.Line1, p.Line2, p.Postcode, p.City, p.Date) : method == ReturnMethod.Pickup ? new StartPickup(null, null, null, null, null) : null,
            ShopLanguage.Current,
            ScopedKey(orderId.Value, body.IdempotencyKey!));
        var scopedKey = ScopedKey(orderId.Value, body.IdempotencyKey!);
        StartResult result;
        if (await db.Returns.AsNoTracking().AnyAsync(r => r.IdempotencyKey == scopedKey, ct))
        {
            // A replay: the return exists with the photos of the first request; these are not stored again.
            result = await starter.StartAsync(Command([]), "api", ct);
        }
        else
        {
            // The whole request checked with the photos as they would be, before any is stored.
            var pending = cleaned.Select(c => (c.Line, new ReturnLinePhoto("pending", c.Photo.ContentType, c.Photo.FileName, c.Photo.Bytes.LongLength))).ToList();
            var (errors, _) = await starter.CheckAsync(Command(pending), StartStep.Confirm, ct);
            if (errors.Count > 0)
            {
                result = new StartResult(null, false, errors, null);
            }
            else
            {
                var folder = $"api-{Guid.NewGuid():N}";
                var stored = new List<(int Line, ReturnLinePhoto Photo)>();
                try
                {
                    foreach (var (line, photo) in cleaned)
                    {
                        var key = await Files.PhotoUploads.StoreAsync(files, folder, photo, ct);
                        stored.Add((line, new ReturnLinePhoto(key, photo.ContentType, photo.FileName, photo.Bytes.LongLength)));
                    }
                    result = await starter.StartAsync(Command(stored), "api", ct);
                }
                catch
                {
                    await Files.PhotoUploads.DeleteAsync(files, stored.Select(s => s.Photo.FileKey), CancellationToken.None);
                    throw;
                }
                if (!result.Succeeded || result.AlreadyExisted)
                {
                    // Refused after all (a race, stock gone) or a parallel replay won: the files belong to no return.
                    await Files.PhotoUploads.DeleteAsync(files, stored.Select(s => s.Photo.FileKey), CancellationToken.None);
                }
            }
        }
        if (!result.Succeeded)
        {
            // The rules that need the order and its policy are the domain's (ReturnStarter); each lands on its JSON field.
            var failures = result.Errors.Select(e => new ValidationFailure(FieldOf(e, lines), l["Start.Error." + e.Code].Value));
            return ApiValidation.Problem(ApiValidation.Errors(new ValidationResult(failures)), l, StatusCodes.Status422UnprocessableEntity);
        }
        var created = await CreatedAsync(db, result.Rma!, ct);
        // A replay of the same idempotency key answers 200 with the return created the first time (ADR 0050).
        return result.AlreadyExisted ? TypedResults.Ok(created) : TypedResults.Created(ApiUrl(created.Rma), created);
    }

    private static async Task<Results<Ok<ReturnResponse>, ProblemHttpResult>> GetReturnAsync(
        string rma, [AsParameters] ReturnQuery query, HttpContext http, ReturnsDbContext db, ProofAttempts attempts, IStringLocalizer<SharedResource> l,
        CancellationToken ct)
    {
        var normalised = RmaNumber.Normalise(rma);
        if (normalised is not null && await attempts.BeginAsync(ProofAttempts.RmaKey(normalised), ct) is { } wait)
        {
            return RateLimits.TooManyProblem(http, wait, l);
        }
        var email2 = Order.NormaliseEmail(query.Email!);
        var view = normalised is null ? null : await db.Returns.AsNoTracking()
            .Where(r => r.Rma == normalised)
            .Select(r => new
            {
                r.Id,
                r.Rma,
                r.Order!.Number,
                r.Order.Email,
                r.Status,
                r.Resolution,
                r.Method,
                r.RefundEstimate,
                Lines = r.Lines.OrderBy(x => x.Id).Select(x => new
                {
                    x.OrderLineId,
                    x.OrderLine!.Variant!.Sku,
                    x.OrderLine.Variant.Product!.Name,
                    x.Quantity,
                    x.Reason!.Code,
                    x.Comment,
                    ExchangeSku = db.Variants.Where(v => v.Id == x.ExchangeVariantId).Select(v => v.Sku).FirstOrDefault(),
                }).ToList(),
                History = r.History.Select(h => new { h.To, h.At }).ToList(),
            })
            .SingleOrDefaultAsync(ct);
        // A wrong e-mail answers exactly like an unknown RMA: nothing tells a stranger that the return exists.
        if (view is null || Order.NormaliseEmail(view.Email) != email2)
        {
            return ReturnNotFound(l);
        }
        await attempts.SucceededAsync(ProofAttempts.RmaKey(view.Rma), ct);
        var settlements = await SettlementsApi.OfReturnsAsync(db, [view.Id], ct);
        return TypedResults.Ok(new ReturnResponse(
            view.Rma, view.Number, Camel(view.Status), l["Track.Status." + view.Status], Camel(view.Resolution), Camel(view.Method),
            ReturnRequest.CanMove(view.Status, ReturnStatus.Cancelled), Amount(view.RefundEstimate),
            view.Lines.Select(x => new ReturnLineResponse(x.OrderLineId, x.Sku, x.Name, x.Quantity, x.Code, x.Comment, x.ExchangeSku)).ToList(),
            // Ordered here, not in SQL: steps of the same instant (requested, then approved) follow the lifecycle order.
            view.History.OrderBy(h => h.At).ThenBy(h => h.To).Select(h => new TimelineStepResponse(Camel(h.To), l["Track.Status." + h.To], h.At)).ToList(),
            LabelUrl(view.Rma), TrackingUrl(view.Rma), [.. settlements[view.Id]]));
    }

    private static async Task<Results<Ok<CancelledResponse>, ProblemHttpResult>> CancelReturnAsync(
        string rma, [AsParameters] ReturnQuery query, HttpContext http, ReturnsDbContext db, ProofAttempts attempts, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var normalised = RmaNumber.Normalise(rma);
        if (normalised is not null && await attempts.BeginAsync(ProofAttempts.RmaKey(normalised), ct) is { } wait)
        {
            return RateLimits.TooManyProblem(http, wait, l);
        }
        var request = normalised is null ? null : await db.Returns.Include(r => r.Order).SingleOrDefaultAsync(r => r.Rma == normalised, ct);
        if (request is null || Order.NormaliseEmail(request.Order!.Email) != Order.NormaliseEmail(query.Email!))
        {
            return ReturnNotFound(l);
        }
        await attempts.SucceededAsync(ProofAttempts.RmaKey(request.Rma), ct);
        try
        {
            request.Cancel("api", clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is DomainException or DbUpdateConcurrencyException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: l["ReturnsApi.CannotCancelTitle"], detail: l["Track.CannotCancel"]);
        }
        return TypedResults.Ok(new CancelledResponse(request.Rma, Camel(request.Status), l["Track.Status." + request.Status]));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetLabelAsync(
        string rma, [AsParameters] ReturnQuery query, HttpContext http, ReturnsDbContext db, ReturnLabelPdf labels, ProofAttempts attempts,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var normalised = RmaNumber.Normalise(rma);
        if (normalised is not null && await attempts.BeginAsync(ProofAttempts.RmaKey(normalised), ct) is { } wait)
        {
            return RateLimits.TooManyProblem(http, wait, l);
        }
        var owner = normalised is null ? null : await db.Returns.AsNoTracking().Where(r => r.Rma == normalised)
            .Select(r => new { r.Order!.Email, r.Status }).SingleOrDefaultAsync(ct);
        var proven = owner is not null && Order.NormaliseEmail(owner.Email) == Order.NormaliseEmail(query.Email!);
        if (proven)
        {
            await attempts.SucceededAsync(ProofAttempts.RmaKey(normalised!), ct);
        }
        var label = proven ? await labels.LoadAsync(normalised!, ct) : null;
        if (label is null)
        {
            return ReturnNotFound(l);
        }
        return TypedResults.File(labels.Render(label), "application/pdf", $"{label.Rma}.pdf");
    }

    private static async Task<Ok<List<DropOffPointResponse>>> GetDropOffPointsAsync([AsParameters] DropOffQuery query, ReturnsDbContext db, CancellationToken ct)
    {
        var points = await db.DropOffPoints.AsNoTracking().Where(p => p.IsActive).ToListAsync(ct);
        return TypedResults.Ok(DropOffSearch.Nearest(query.Postcode!.Trim(), points, DropOffPointsShown)
            .Select(n => new DropOffPointResponse(
                n.Point.Id, n.Point.Name, n.Point.Carrier,
                string.Join(", ", new[] { n.Point.Address.Line1, n.Point.Address.Line2 }.Where(x => !string.IsNullOrWhiteSpace(x))),
                n.Point.Address.Postcode, n.Point.Address.City, n.Point.OpeningHours, n.DistanceKm))
            .ToList());
    }

    /// <summary>The JSON field a domain rule concerns, e.g. <c>lines[1].quantity</c>.</summary>
    private static string FieldOf(StartError error, IReadOnlyList<CreateReturnLine?> lines)
    {
        var index = error.OrderLineId is { } id ? lines.ToList().FindIndex(x => x?.LineId == id) : -1;
        var line = index >= 0 ? $"lines[{index}]." : "";
        return error.Code switch
        {
            "order_unknown" => "orderNumber",
            "no_lines" => "lines",
            "line_unknown" or "line_not_eligible" => line + "lineId",
            "quantity_negative" or "quantity_too_many" => line + "quantity",
            "reason_required" or "reason_unknown" or "reason_defect_only" or "photo_required" => line + "reasonCode",
            "comment_too_long" => line + "comment",
            "photo_too_many" => line + "photos",
            "resolution_required" or "resolution_not_allowed" => "resolution",
            "exchange_required" or "exchange_other_product" or "exchange_out_of_stock" => "exchangeSku",
            "method_required" or "method_not_offered" => "method",
            "dropoff_required" => "dropOffPointId",
            _ when error.Code.StartsWith("pickup_", StringComparison.Ordinal) => "pickup." + error.Code["pickup_".Length..],
            _ => "",
        };
    }

    /// <summary>
    /// The client's key, bound to the order and hashed: the same key sent for two orders makes two returns, and a key
    /// can never reveal another order's RMA. 64 characters at most, as the column.
    /// </summary>
    private static string ScopedKey(int orderId, string key) =>
        "api-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{orderId}:{key}")))[..60];

    private static async Task<CreatedResponse> CreatedAsync(ReturnsDbContext db, string rma, CancellationToken ct)
    {
        var request = await db.Returns.AsNoTracking().Include(r => r.Lines).ThenInclude(x => x.Reason).SingleAsync(r => r.Rma == rma, ct);
        var policy = await db.Policies.AsNoTracking().Include(p => p.MethodFees).Include(p => p.CategoryOverrides).AsSplitQuery()
            .SingleAsync(p => p.Id == request.PolicyId, ct);
        var ids = request.Lines.Select(x => x.OrderLineId).ToList();
        var prices = await db.OrderLines.AsNoTracking().Where(x => ids.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.UnitPricePaid, ct);
        var categories = await db.OrderLines.AsNoTracking().Where(x => ids.Contains(x.Id)).Select(x => new { x.Id, x.Variant!.Product!.CategoryId }).ToDictionaryAsync(x => x.Id, x => x.CategoryId, ct);
        // The totals are those recorded when the return was created; the per-line split is the same pure quote again.
        var quote = ReturnQuote.Calculate(policy,
            request.Lines.Select(x => new QuoteLineInput(x.OrderLineId, prices[x.OrderLineId], x.Quantity, x.Reason!.IsDefect || x.Reason.IsMerchantFault, categories[x.OrderLineId])).ToList(),
            request.Resolution, request.Method, isFirstReturn: request.LabelFee.Minor == 0);
        var waiver = request.LabelFee.Minor > 0 ? LabelFeeWaiver.None : quote.Waiver;
        return new CreatedResponse(
            request.Rma, Camel(request.Status),
            new FeesResponse(Amount(request.LabelFee), Camel(waiver), Amount(quote.RestockingFees)),
            new RefundEstimateResponse(Amount(request.RefundEstimate).Amount, request.RefundEstimate.Currency,
                quote.Lines.Select(x => new RefundLineResponse(x.OrderLineId, x.Quantity, Amount(x.Paid), Amount(x.RestockingFee), Amount(x.Refund))).ToList()),
            LabelUrl(request.Rma), TrackingUrl(request.Rma));
    }

    private static AmountResponse Amount(Money money) => new(money.Minor / 100m, money.Currency);

    private static string ApiUrl(string rma) => $"/api/v1/returns/{rma}";

    private static string LabelUrl(string rma) => $"/api/v1/returns/{rma}/label";

    private static string TrackingUrl(string rma) => $"/returns/track/{rma}";

    private static ProblemHttpResult OrderNotFound(IStringLocalizer l) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: l["Api.OrderNotFoundTitle"], detail: l["FindOrder.NotFound"]);

    private static ProblemHttpResult ReturnNotFound(IStringLocalizer l) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: l["ReturnsApi.ReturnNotFoundTitle"], detail: l["ReturnsApi.ReturnNotFound"]);

    private static string Camel<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
