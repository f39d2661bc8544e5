using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Policies;

namespace ReturnsPortal.Domain.Returns;

/// <summary>How far the customer has got: each step checks its own rules and those before it.</summary>
public enum StartStep
{
    Items = 1,
    Reasons = 2,
    Solution = 3,
    Shipping = 4,
    Confirm = 5,
}

public sealed record StartLine(int OrderLineId, int Quantity, int? ReasonId, string? Comment, int? ExchangeVariantId, IReadOnlyList<ReturnLinePhoto> Photos);

public sealed record StartPickup(string? Line1, string? Line2, string? Postcode, string? City, DateOnly? Date);

public sealed record StartReturnCommand(
    int OrderId, IReadOnlyList<StartLine> Lines, Resolution? Resolution, ReturnMethod? Method, int? DropOffPointId,
    StartPickup? Pickup, string Language, string? IdempotencyKey, AssistedStart? Assisted = null);

/// <summary>A broken rule: a stable code (the web layer localises it) and the line it concerns, if any.</summary>
public sealed record StartError(string Code, int? OrderLineId = null);

public sealed record StartResult(string? Rma, bool AlreadyExisted, IReadOnlyList<StartError> Errors, ReturnQuote? Quote)
{
    public bool Succeeded => Rma is not null;
}

/// <summary>
/// Checks a customer's return against the order's eligibility, the merchant's reasons, the policy and the stock,
/// quotes it, and creates it approved at once with its exchange reservations, in one SaveChanges keyed by the
/// idempotency key (ADR 0015). Used by the start-a-return pages and meant for the API too.
/// </summary>
public sealed class ReturnStarter(
    ReturnsDbContext db, ReturnEligibility eligibility, StockReservations stock, WarehouseRouting routing, TimeProvider clock)
{
    public const int PickupDays = 5;
    private const int RmaAttempts = 5;

    public DateOnly TodayInParis => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, ShopTime.Paris));

    /// <summary>Every broken rule up to <paramref name="step"/>, and the quote when the command is complete and valid.</summary>
    public async Task<(IReadOnlyList<StartError> Errors, ReturnQuote? Quote)> CheckAsync(StartReturnCommand command, StartStep step, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var errors = new List<StartError>();
        var order = await eligibility.ForOrderAsync(command.OrderId, ct);
        if (order is null)
        {
            return ([new StartError("order_unknown")], null);
        }
        // A manager's goodwill sets aside the window and the exclusions, and only those (ADR 0037).
        if (command.Assisted?.Goodwill is { } goodwill)
        {
            order = GoodwillExceptions.Apply(order);
            CheckGoodwillReason(goodwill, errors);
        }
        var lines = command.Lines.Where(l => l.Quantity != 0).ToList();
        var byId = order.Lines.ToDictionary(l => l.OrderLineId);
        foreach (var line in command.Lines)
        {
            if (!byId.TryGetValue(line.OrderLineId, out var eligible))
            {
                errors.Add(new StartError("line_unknown", line.OrderLineId));
            }
            else if (line.Quantity < 0)
            {
                errors.Add(new StartError("quantity_negative", line.OrderLineId));
            }
            else if (line.Quantity > 0 && !eligible.Eligible && !eligible.DefectOnly)
            {
                errors.Add(new StartError("line_not_eligible", line.OrderLineId));
            }
            else if (line.Quantity > eligible.QuantityReturnable)
            {
                errors.Add(new StartError("quantity_too_many", line.OrderLineId));
            }
        }
        if (lines.Count == 0)
        {
            errors.Add(new StartError("no_lines"));
        }
        if (errors.Count > 0 || step == StartStep.Items)
        {
            return (errors, null);
        }

        var reasonIds = lines.Where(l => l.ReasonId is not null).Select(l => l.ReasonId!.Value).ToList();
        var reasons = await db.Reasons.AsNoTracking().Where(r => reasonIds.Contains(r.Id) && r.IsActive).ToDictionaryAsync(r => r.Id, ct);
        foreach (var line in lines)
        {
            if (line.ReasonId is null || !reasons.TryGetValue(line.ReasonId.Value, out var reason))
            {
                errors.Add(new StartError(line.ReasonId is null ? "reason_required" : "reason_unknown", line.OrderLineId));
                continue;
            }
            if (byId[line.OrderLineId].DefectOnly && !reason.IsDefect)
            {
                errors.Add(new StartError("reason_defect_only", line.OrderLineId));
            }
            // A customer on the phone cannot hand photos to an agent: the warehouse looks at the item instead (ADR 0036).
            if (reason.PhotoWanted && line.Photos.Count == 0 && command.Assisted is null)
            {
                errors.Add(new StartError("photo_required", line.OrderLineId));
            }
            if (line.Comment is { Length: > ReturnLine.CommentLength })
            {
                errors.Add(new StartError("comment_too_long", line.OrderLineId));
            }
            if (line.Photos.Count > ReturnLinePhoto.MaxPerLine)
            {
                errors.Add(new StartError("photo_too_many", line.OrderLineId));
            }
        }
        if (errors.Count > 0 || step == StartStep.Reasons)
        {
            return (errors, null);
        }

        var policy = await db.Policies.AsNoTracking().Include(p => p.MethodFees).Include(p => p.CategoryOverrides).Include(p => p.ReasonResolutions)
            .InForce().AsSplitQuery().FirstAsync(ct);
        // Every line's reason must allow the resolution (ADR 0085): "changed my mind" may exclude a refund, a defect never does.
        if (command.Resolution is not { } resolution || !policy.AllowsForReasons(resolution, lines.Select(l => reasons[l.ReasonId!.Value])))
        {
            errors.Add(new StartError(command.Resolution is null ? "resolution_required" : "resolution_not_allowed"));
        }
        else if (resolution == Resolution.Exchange)
        {
            await CheckExchangesAsync(lines, byId, errors, ct);
        }
        if (errors.Count > 0 || step == StartStep.Solution)
        {
            return (errors, null);
        }

        switch (command.Method)
        {
            case null:
                errors.Add(new StartError("method_required"));
                break;
            case { } method when !policy.Offers(method):
                errors.Add(new StartError("method_not_offered"));
                break;
            case ReturnMethod.DropOff when command.DropOffPointId is not { } pointId
                || !await db.DropOffPoints.AnyAsync(p => p.Id == pointId && p.IsActive, ct):
                errors.Add(new StartError("dropoff_required"));
                break;
            case ReturnMethod.Pickup:
                CheckPickup(command.Pickup, errors);
                break;
        }
        if (errors.Count > 0 || step == StartStep.Shipping)
        {
            return (errors, null);
        }

        var prices = await db.OrderLines.AsNoTracking().Where(l => l.OrderId == command.OrderId)
            .ToDictionaryAsync(l => l.Id, l => l.UnitPricePaid, ct);
        var categories = await db.OrderLines.AsNoTracking().Where(l => l.OrderId == command.OrderId)
            .Select(l => new { l.Id, l.Variant!.Product!.CategoryId }).ToDictionaryAsync(l => l.Id, l => l.CategoryId, ct);
        var email = await db.Orders.Where(o => o.Id == command.OrderId).Select(o => o.Email).SingleAsync(ct);
        var earlier = await db.Returns.AnyAsync(r => r.Order!.Email == email && r.Status != ReturnStatus.Cancelled, ct);
        var quote = ReturnQuote.Calculate(policy,
            lines.Select(l => new QuoteLineInput(l.OrderLineId, prices[l.OrderLineId], l.Quantity,
                reasons[l.ReasonId!.Value].IsDefect || reasons[l.ReasonId!.Value].IsMerchantFault, categories[l.OrderLineId])).ToList(),
            command.Resolution!.Value, command.Method!.Value, isFirstReturn: !earlier);
        return (errors, quote);
    }

    /// <summary>Creates the return, approved, or returns the one already created with this idempotency key.</summary>
    public async Task<StartResult> StartAsync(StartReturnCommand command, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (string.IsNullOrWhiteSpace(command.IdempotencyKey))
        {
            throw new ArgumentException("A customer submission needs an idempotency key.", nameof(command));
        }
        if (await ExistingAsync(command.IdempotencyKey, ct) is { } existing)
        {
            return new StartResult(existing, true, [], null);
        }
        var (errors, quote) = await CheckAsync(command, StartStep.Confirm, ct);
        if (errors.Count > 0 || quote is null)
        {
            return new StartResult(null, false, errors, null);
        }
        for (var attempt = 1; ; attempt++)
        {
            var request = await BuildAsync(command, quote, actor, ct);
            try
            {
                await stock.ReserveForAsync(request, ct);
            }
            catch (DomainException)
            {
                db.ChangeTracker.Clear();
                return new StartResult(null, false, [new StartError("exchange_out_of_stock")], null);
            }
            try
            {
                await db.SaveChangesAsync(ct);
                return new StartResult(request.Rma, false, [], quote);
            }
            catch (DbUpdateException) when (attempt < RmaAttempts)
            {
                // Either the same submission won a race (the idempotency key exists now) or the RMA collided: retry.
                db.ChangeTracker.Clear();
                if (await ExistingAsync(command.IdempotencyKey, ct) is { } raced)
                {
                    return new StartResult(raced, true, [], null);
                }
            }
        }
    }

    private Task<string?> ExistingAsync(string key, CancellationToken ct) =>
        db.Returns.AsNoTracking().Where(r => r.IdempotencyKey == key).Select(r => r.Rma).SingleOrDefaultAsync(ct);

    private async Task<ReturnRequest> BuildAsync(StartReturnCommand command, ReturnQuote quote, string actor, CancellationToken ct)
    {
        var order = await db.Orders.SingleAsync(o => o.Id == command.OrderId, ct);
        var policy = await db.Policies.Include(p => p.ReasonResolutions).InForce().FirstAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var lines = command.Lines.Where(l => l.Quantity > 0).Select(l => new ReturnLine(
            l.OrderLineId, l.Quantity, l.ReasonId!.Value, l.Comment,
            command.Resolution == Resolution.Exchange ? l.ExchangeVariantId : null,
            l.Photos.Select(p => new ReturnLinePhoto(p.FileKey, p.ContentType, p.FileName, p.Length))));
        var reasonIds = command.Lines.Where(l => l.Quantity > 0).Select(l => l.ReasonId!.Value).ToList();
        var reasons = await db.Reasons.AsNoTracking().Where(r => reasonIds.Contains(r.Id)).ToListAsync(ct);
        // Routed when created (ADR 0083): the label, the instructions and the stock follow the warehouse.
        var warehouseId = await routing.RouteAsync(order.Id, command.Lines.Where(l => l.Quantity > 0).Select(l => l.OrderLineId).ToList(), ct);
        var request = ReturnRequest.Create(RmaNumber.Generate(), order, policy, lines, command.Resolution!.Value, command.Method!.Value,
            command.DropOffPointId, warehouseId, command.Language, actor, now, reasons);
        request.UseIdempotencyKey(command.IdempotencyKey!);
        request.RecordQuote(quote);
        if (command.Assisted is { } assisted)
        {
            request.RecordAssistance(assisted, await OverriddenAsync(command, ct));
        }
        // A serial returner's new return is inspected before any refund (ADR 0042).
        if (await new Analytics.SerialReturners(db).IsSerialAsync(order.Email, now, ct))
        {
            request.Flag(true);
        }
        if (command.Method == ReturnMethod.Pickup && command.Pickup is { } p)
        {
            request.SchedulePickup(new PickupDetails
            {
                Line1 = p.Line1!.Trim(),
                Line2 = string.IsNullOrWhiteSpace(p.Line2) ? null : p.Line2.Trim(),
                Postcode = p.Postcode!.Trim(),
                City = p.City!.Trim(),
                Date = p.Date!.Value,
            });
        }
        // The label is valid at once: a self-service return within the policy needs no human approval (ADR 0015).
        request.Approve(SystemActor.Name, now);
        db.Returns.Add(request);
        return request;
    }

    /// <summary>
    /// The lines that only goodwill lets through, with the rule it overrode: a defect on a line still under the legal
    /// guarantee needs no goodwill, so it is not counted as such.
    /// </summary>
    private async Task<Dictionary<int, IneligibleReason>> OverriddenAsync(StartReturnCommand command, CancellationToken ct)
    {
        var order = await eligibility.ForOrderAsync(command.OrderId, ct) ?? throw new InvalidOperationException("The order vanished.");
        var reasonIds = command.Lines.Where(l => l.ReasonId is not null).Select(l => l.ReasonId!.Value).ToList();
        var defects = await db.Reasons.AsNoTracking().Where(r => reasonIds.Contains(r.Id) && r.IsDefect).Select(r => r.Id).ToListAsync(ct);
        var overridden = new Dictionary<int, IneligibleReason>();
        foreach (var line in command.Lines.Where(l => l.Quantity > 0))
        {
            var facts = order.Lines.Single(l => l.OrderLineId == line.OrderLineId);
            var allowedAnyway = facts.Eligible
                || (facts.DefectOnly && defects.Contains(line.ReasonId ?? 0) && line.Quantity <= facts.QuantityReturnable);
            if (!allowedAnyway && facts.NotEligibleReason is { } rule)
            {
                overridden[line.OrderLineId] = rule;
            }
        }
        return overridden;
    }

    private static void CheckGoodwillReason(GoodwillGrant goodwill, List<StartError> errors)
    {
        if (string.IsNullOrWhiteSpace(goodwill.Reason))
        {
            errors.Add(new StartError("goodwill_reason_required"));
        }
        else if (goodwill.Reason.Trim().Length > ReturnRequest.GoodwillReasonLength)
        {
            errors.Add(new StartError("goodwill_reason_too_long"));
        }
    }

    private async Task CheckExchangesAsync(List<StartLine> lines, Dictionary<int, LineEligibility> byId, List<StartError> errors, CancellationToken ct)
    {
        var wanted = lines.Where(l => l.ExchangeVariantId is not null).Select(l => l.ExchangeVariantId!.Value).Distinct().ToList();
        var returned = lines.Select(l => byId[l.OrderLineId].VariantId).ToList();
        var products = await db.Variants.AsNoTracking().Where(v => wanted.Contains(v.Id) || returned.Contains(v.Id))
            .ToDictionaryAsync(v => v.Id, v => v.ProductId, ct);
        var available = await stock.AvailableAsync(wanted, ct);
        foreach (var line in lines)
        {
            var current = byId[line.OrderLineId].VariantId;
            if (line.ExchangeVariantId is not { } variantId)
            {
                errors.Add(new StartError("exchange_required", line.OrderLineId));
            }
            else if (variantId == current || !products.TryGetValue(variantId, out var productId) || productId != products[current])
            {
                errors.Add(new StartError("exchange_other_product", line.OrderLineId));
            }
            else if (lines.Where(l => l.ExchangeVariantId == variantId).Sum(l => l.Quantity) > available[variantId])
            {
                errors.Add(new StartError("exchange_out_of_stock", line.OrderLineId));
            }
        }
    }

    private void CheckPickup(StartPickup? pickup, List<StartError> errors)
    {
        if (pickup is null || string.IsNullOrWhiteSpace(pickup.Line1) || pickup.Line1.Length > PostalAddress.LineLength
            || pickup.Line2 is { Length: > PostalAddress.LineLength })
        {
            errors.Add(new StartError("pickup_address"));
        }
        if (!DropOffSearch.IsPostcode(pickup?.Postcode?.Trim()))
        {
            errors.Add(new StartError("pickup_postcode"));
        }
        if (string.IsNullOrWhiteSpace(pickup?.City) || pickup.City.Length > PostalAddress.CityLength)
        {
            errors.Add(new StartError("pickup_city"));
        }
        if (pickup?.Date is not { } date || !DropOffSearch.NextWorkingDays(TodayInParis, PickupDays).Contains(date))
        {
            errors.Add(new StartError("pickup_date"));
        }
    }
}
