using System.Text.RegularExpressions;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Inventory;

namespace ReturnsPortal.Web.Pages.Staff.Exchanges;

/// <summary>
/// The warehouse's exchanges (ADR 0121): replacements to pick and ship, oldest decision first, with the reserved units
/// to take and where they are; shipping records the carrier and tracking number (the customer is told only then),
/// cancelling records the customer's choice of a refund or store credit instead. With <c>Exchanges:ShipFrom=Shop</c>
/// the shop ships them: the list is read-only.
/// </summary>
public sealed partial class ExchangesModel(
    ReturnsDbContext db, TimeProvider clock, IActorAccessor actor, SettlementChannels channels,
    IValidator<ExchangesModel.ShipInput> shipValidator, IValidator<ExchangesModel.CancelInput> cancelValidator,
    IStringLocalizer<SharedResource> l) : PageModel
{
    /// <summary>The carriers staff pick from; anything else is typed after "Other".</summary>
    public static readonly IReadOnlyList<string> Carriers =
        ["Colissimo", "Chronopost", "Mondial Relay", "DPD", "GLS", "UPS", "DHL", "La Poste Lettre suivie"];

    public const string OtherCarrier = "Other";
    public const int MaxRows = 200;

    /// <summary>How far back the shipped and cancelled tabs look.</summary>
    public static readonly TimeSpan RecentWindow = TimeSpan.FromDays(30);

    [BindProperty] public ShipInput Ship { get; set; } = new();
    [BindProperty] public CancelInput Cancel { get; set; } = new();

    public Tab Current { get; private set; }
    public bool ShopShips => channels.Exchanges == ExchangeShipFrom.Shop;
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyDictionary<Tab, int> Counts { get; private set; } = new Dictionary<Tab, int>();
    /// <summary>The RMA just shipped or cancelled (redirect-after-post), for the confirmation.</summary>
    public string? Done { get; private set; }
    /// <summary>The settlement whose form failed: its row shows the errors and keeps what was typed.</summary>
    public int? FailedId { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromQuery] Tab? tab, [FromQuery] string? done, CancellationToken ct)
    {
        Done = done;
        await LoadAsync(tab ?? Tab.ToShip, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostShipAsync(CancellationToken ct)
    {
        FailedId = Ship.SettlementId;
        if (ShopShips)
        {
            ModelState.AddModelError("", l["Exchanges.ShopShips"]);
            return await RedisplayAsync(StatusCodes.Status400BadRequest, ct);
        }
        if (!await shipValidator.ValidateIntoAsync(Ship, ModelState, nameof(Ship), ct))
        {
            return await RedisplayAsync(StatusCodes.Status400BadRequest, ct);
        }
        var carrier = Ship.Carrier == OtherCarrier ? Ship.OtherCarrier!.Trim() : Ship.Carrier!;
        return await MoveAsync(Ship.SettlementId, Ship.Version, (settlement, now) =>
            new ReplacementShipping(db, new StockLedger(db)).ShipAsync(settlement, carrier, Ship.Tracking!.Trim(), actor.CurrentActor, now, ct), ct);
    }

    public async Task<IActionResult> OnPostCancelAsync(CancellationToken ct)
    {
        FailedId = Cancel.SettlementId;
        if (ShopShips)
        {
            ModelState.AddModelError("", l["Exchanges.ShopShips"]);
            return await RedisplayAsync(StatusCodes.Status400BadRequest, ct);
        }
        if (!await cancelValidator.ValidateIntoAsync(Cancel, ModelState, nameof(Cancel), ct))
        {
            return await RedisplayAsync(StatusCodes.Status400BadRequest, ct);
        }
        // The refund or credit instead is added by the handler of the move, in the same save (ADR 0117).
        return await MoveAsync(Cancel.SettlementId, Cancel.Version, (settlement, now) =>
            new ReplacementShipping(db, new StockLedger(db)).CancelAsync(settlement, Cancel.Instead!.Value, Cancel.Reason!.Trim(), actor.CurrentActor, now, ct), ct);
    }

    /// <summary>One move of one exchange: the version the person saw must still be the current one, or nothing changes.</summary>
    private async Task<IActionResult> MoveAsync(int settlementId, int version, Func<Settlement, DateTime, Task> move, CancellationToken ct)
    {
        var settlement = await db.Settlements.SingleOrDefaultAsync(s => s.Id == settlementId && s.Kind == SettlementKind.Exchange, ct);
        if (settlement is null)
        {
            return NotFound();
        }
        var rma = await db.Returns.Where(r => r.Id == settlement.ReturnRequestId).Select(r => r.Rma).SingleAsync(ct);
        if (settlement.Version != version)
        {
            return await ConflictAsync(rma, settlement.Status, ct);
        }
        db.Entry(settlement).Property(s => s.Version).OriginalValue = version;
        try
        {
            await move(settlement, clock.GetUtcNow().UtcDateTime);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError("", ErrorOf(e.Code));
            db.ChangeTracker.Clear();
            return await RedisplayAsync(StatusCodes.Status400BadRequest, ct);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var now = await db.Settlements.Where(s => s.Id == settlementId).Select(s => s.Status).SingleAsync(ct);
            return await ConflictAsync(rma, now, ct);
        }
        return Redirect($"/staff/exchanges?tab={TabOf(settlement.Status)}&done={Uri.EscapeDataString(rma)}");
    }

    private async Task<IActionResult> ConflictAsync(string rma, SettlementStatus current, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        ModelState.AddModelError("", l["Exchanges.Conflict", rma, l["Exchanges.Status." + current]]);
        FailedId = null;
        return await RedisplayAsync(StatusCodes.Status409Conflict, ct);
    }

    private async Task<IActionResult> RedisplayAsync(int status, CancellationToken ct)
    {
        Response.StatusCode = status;
        await LoadAsync(Tab.ToShip, ct);
        return Page();
    }

    /// <summary>A settlement's refusal, in the person's language; an unknown code still says nothing was changed.</summary>
    private string ErrorOf(string code)
    {
        var message = l["Exchanges.Error." + code];
        return message.ResourceNotFound ? l["Exchanges.Error.Other"] : message;
    }

    private static Tab TabOf(SettlementStatus status) => status switch
    {
        SettlementStatus.Shipped => Tab.Shipped,
        SettlementStatus.Cancelled => Tab.Cancelled,
        _ => Tab.ToShip,
    };

    private static SettlementStatus StatusOf(Tab tab) => tab switch
    {
        Tab.Shipped => SettlementStatus.Shipped,
        Tab.Cancelled => SettlementStatus.Cancelled,
        _ => SettlementStatus.ReplacementRequested,
    };

    private async Task LoadAsync(Tab tab, CancellationToken ct)
    {
        Current = tab;
        var since = clock.GetUtcNow().UtcDateTime - RecentWindow;
        var exchanges = db.Settlements.Where(s => s.Kind == SettlementKind.Exchange);
        // Waiting ones are all listed; shipped and cancelled ones only for the recent window.
        var waiting = exchanges.Where(s => s.Status == SettlementStatus.ReplacementRequested);
        var shipped = exchanges.Where(s => s.Status == SettlementStatus.Shipped && s.CompletedAt >= since);
        var cancelled = exchanges.Where(s => s.Status == SettlementStatus.Cancelled && s.CancelledAt >= since);
        Counts = new Dictionary<Tab, int>
        {
            [Tab.ToShip] = await waiting.CountAsync(ct),
            [Tab.Shipped] = await shipped.CountAsync(ct),
            [Tab.Cancelled] = await cancelled.CountAsync(ct),
        };
        var listed = tab switch { Tab.Shipped => shipped, Tab.Cancelled => cancelled, _ => waiting };
        var ordered = tab == Tab.ToShip
            ? listed.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id)
            : listed.OrderByDescending(s => s.UpdatedAt).ThenByDescending(s => s.Id);
        var rows = await ordered.Take(MaxRows)
            .Join(db.Returns, s => s.ReturnRequestId, r => r.Id, (s, r) => new
            {
                s.Id,
                s.Version,
                s.ReturnRequestId,
                r.Rma,
                r.Order!.Number,
                r.Order.CustomerName,
                r.Order.Email,
                r.Order.Postcode,
                s.CreatedAt,
                s.Status,
                s.Carrier,
                s.TrackingNumber,
                s.CompletedAt,
                s.CancelledAt,
                s.InsteadKind,
                s.CancelReason,
            })
            .ToListAsync(ct);
        var returnIds = rows.Select(r => r.ReturnRequestId).ToList();
        // The units reserved for the replacement: still held while it waits, consumed once shipped, released if cancelled.
        var reservationStatus = tab switch
        {
            Tab.Shipped => ReservationStatus.Consumed,
            Tab.Cancelled => ReservationStatus.Released,
            _ => ReservationStatus.Active,
        };
        var picks = await (
                from reservation in db.StockReservations
                join line in db.ReturnLines on reservation.ReturnLineId equals line.Id
                join variant in db.Variants on reservation.VariantId equals variant.Id
                join warehouse in db.Warehouses on reservation.WarehouseId equals warehouse.Id
                where returnIds.Contains(line.ReturnRequestId) && reservation.Status == reservationStatus
                orderby reservation.Id
                select new
                {
                    line.ReturnRequestId,
                    Pick = new Pick(variant.Sku, variant.Product!.Name, variant.Size, variant.Colour, reservation.Quantity, warehouse.Code, warehouse.Name),
                })
            .ToListAsync(ct);
        var picksOf = picks.ToLookup(p => p.ReturnRequestId, p => p.Pick);
        Rows = [.. rows.Select(r => new Row(
            r.Id, r.Version, r.Rma, r.Number, r.CustomerName, r.Email, r.Postcode, r.CreatedAt, r.Status,
            r.Carrier, r.TrackingNumber, r.CompletedAt, r.CancelledAt, r.InsteadKind, r.CancelReason, [.. picksOf[r.ReturnRequestId]]))];
    }

    public enum Tab
    {
        ToShip,
        Shipped,
        Cancelled,
    }

    public sealed record Row(
        int SettlementId, int Version, string Rma, string OrderNumber, string Customer, string Email, string Postcode,
        DateTime DecidedAt, SettlementStatus Status, string? Carrier, string? TrackingNumber, DateTime? ShippedAt,
        DateTime? CancelledAt, SettlementKind? InsteadKind, string? CancelReason, IReadOnlyList<Pick> Items);

    /// <summary>One replacement to pick: which variant, how many, and the warehouse holding the reserved units.</summary>
    public sealed record Pick(string Sku, string Product, string? Size, string? Colour, int Quantity, string WarehouseCode, string WarehouseName);

    public sealed record ShipInput
    {
        public int SettlementId { get; set; }
        public int Version { get; set; }
        public string? Carrier { get; set; }
        /// <summary>The carrier's name when <see cref="Carrier"/> is "Other".</summary>
        public string? OtherCarrier { get; set; }
        public string? Tracking { get; set; }
    }

    public sealed record CancelInput
    {
        public int SettlementId { get; set; }
        public int Version { get; set; }
        /// <summary>The customer's choice: a refund to the original payment, or store credit.</summary>
        public SettlementKind? Instead { get; set; }
        public string? Reason { get; set; }
    }

    public sealed class ShipInputValidator : AbstractValidator<ShipInput>
    {
        public ShipInputValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(i => i.Carrier).Must(c => c == OtherCarrier || Carriers.Contains(c))
                .WithMessage(_ => l["Exchanges.Error.settlement.carrier_required"]);
            RuleFor(i => i.OtherCarrier).Cascade(CascadeMode.Stop)
                .Must(c => !string.IsNullOrWhiteSpace(c)).WithMessage(_ => l["Exchanges.Error.settlement.carrier_required"])
                .Must(c => c!.Trim().Length <= Settlement.CarrierLength).WithMessage(_ => l["Exchanges.Error.settlement.carrier_required_too_long"])
                .When(i => i.Carrier == OtherCarrier);
            RuleFor(i => i.Tracking).Cascade(CascadeMode.Stop)
                .Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage(_ => l["Exchanges.Error.settlement.tracking_required"])
                .Must(t => t!.Trim().Length <= Settlement.TrackingLength).WithMessage(_ => l["Exchanges.Error.settlement.tracking_required_too_long"])
                .Must(t => TrackingShape().IsMatch(t!.Trim())).WithMessage(_ => l["Exchanges.TrackingInvalid"]);
        }
    }

    public sealed class CancelInputValidator : AbstractValidator<CancelInput>
    {
        public CancelInputValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(i => i.Instead).Must(k => k is SettlementKind.Refund or SettlementKind.StoreCredit)
                .WithMessage(_ => l["Exchanges.Error.settlement.instead_invalid"]);
            RuleFor(i => i.Reason).Cascade(CascadeMode.Stop)
                .Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage(_ => l["Exchanges.Error.settlement.reason_required"])
                .Must(r => r!.Trim().Length <= Settlement.ReasonLength).WithMessage(_ => l["Exchanges.Error.settlement.reason_required_too_long"]);
        }
    }

    /// <summary>Letters, digits, spaces and dashes: what carriers print, nothing that could hide markup or a link.</summary>
    [GeneratedRegex("^[A-Za-z0-9 -]+$")]
    private static partial Regex TrackingShape();
}
