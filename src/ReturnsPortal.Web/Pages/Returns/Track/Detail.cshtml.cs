using Microsoft.AspNetCore.RateLimiting;
namespace ReturnsPortal.Web.Pages.Returns.Track;

/// <summary>
/// A return's timeline for its customer, the label again, and cancelling while the parcel is not shipped. Following
/// an e-mail link (a signed token) is a proof and counts per client address, like the cancel posts (ADR 0122).
/// </summary>
[EnableRateLimiting(RateLimits.CustomerProof)]
public sealed class DetailModel(
    ReturnsDbContext db, ReturnAccess access, ReturnLinks links, TimeProvider clock,
    IStringLocalizer<SharedResource> l)
    : PageModel
{
    /// <summary>
    /// The merchant refunds at the latest 14 days after it has the goods back (Code de la consommation L221-24,
    /// which allows waiting for the goods): the date shown is receipt + 14 days.
    /// </summary>
    public static readonly TimeSpan RefundPeriod = TimeSpan.FromDays(14);

    [BindProperty] public CancelInput Form { get; set; } = new();
    public View? Return { get; private set; }
    public bool Cancelled { get; private set; }
    public bool Renewed { get; private set; }

    /// <summary>The customer pressed "cancel" once: the page asks them to confirm.</summary>
    public bool ConfirmingCancel { get; private set; }

    public async Task<IActionResult> OnGetAsync(string rma, bool cancelled, bool renewed, string? t, CancellationToken ct)
    {
        if (t is not null)
        {
            // The link of one of our e-mails (ADR 0092): it grants what the RMA + e-mail form grants, then the address
            // is cleaned so that the token stays out of the history and of any referrer.
            var normalised = RmaNumber.Normalise(rma);
            if (normalised is null || !links.Verify(t, normalised))
            {
                return RedirectToPage("Index", new { link = "invalid", rma = normalised });
            }
            access.Grant(Response, normalised);
            return RedirectToPage("Detail", new { rma = normalised });
        }
        Cancelled = cancelled;
        Renewed = renewed;
        Return = await LoadAsync(rma, ct);
        if (Return is null)
        {
            return RedirectToPage("Index", new { expired = true });
        }
        Form = new CancelInput { Version = Return.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(string rma, CancellationToken ct)
    {
        var normalised = RmaNumber.Normalise(rma);
        var request = normalised is null ? null : await db.Returns.SingleOrDefaultAsync(r => r.Rma == normalised, ct);
        if (request is null || !access.Allows(Request, request.Rma, request.OrderId))
        {
            return RedirectToPage("Index", new { expired = true });
        }
        // Cancelling cannot be undone: the first press only asks "are you sure?" (a second form, no script needed).
        if (!Form.Confirmed && ReturnRequest.CanMove(request.Status, ReturnStatus.Cancelled))
        {
            if (request.Version != Form.Version)
            {
                // Changed since the page was shown: the customer first sees what changed, as for a confirmed cancel.
                ModelState.AddModelError(string.Empty, l["Track.ChangedMeanwhile"]);
                return await ShowAgainAsync(rma, ct);
            }
            var shown = await ShowAgainAsync(rma, ct);
            ConfirmingCancel = Return is not null;
            return shown;
        }
        db.Entry(request).Property(r => r.Version).OriginalValue = Form.Version;
        try
        {
            request.Cancel("customer", clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException)
        {
            ModelState.AddModelError(string.Empty, l["Track.CannotCancel"]);
            return await ShowAgainAsync(rma, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, l["Track.ChangedMeanwhile"]);
            return await ShowAgainAsync(rma, ct);
        }
        return RedirectToPage("Detail", new { rma = request.Rma, cancelled = true });
    }

    /// <summary>
    /// Renews a lapsed label (ADR 0025). The version from the form makes a double click renew once: the second post
    /// finds the return Approved again and is told there is nothing to renew.
    /// </summary>
    public async Task<IActionResult> OnPostRenewAsync(string rma, CancellationToken ct)
    {
        var normalised = RmaNumber.Normalise(rma);
        var request = normalised is null ? null : await db.Returns.Include(r => r.Policy).SingleOrDefaultAsync(r => r.Rma == normalised, ct);
        if (request is null || !access.Allows(Request, request.Rma, request.OrderId))
        {
            return RedirectToPage("Index", new { expired = true });
        }
        db.Entry(request).Property(r => r.Version).OriginalValue = Form.Version;
        try
        {
            await LabelRenewal.RenewAsync(db, request, clock.GetUtcNow().UtcDateTime, "customer", ct);
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError(string.Empty, ex.Code switch
            {
                "return.renew_exchange" => l["Renew.ExchangeRefused"],
                "return.renew_items_returned_again" => l["Renew.ReturnedAgain"],
                _ => l["Renew.NothingToRenew"],
            });
            return await ShowAgainAsync(rma, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, l["Renew.NothingToRenew"]);
            return await ShowAgainAsync(rma, ct);
        }
        return RedirectToPage("Detail", new { rma = request.Rma, renewed = true });
    }

    private async Task<IActionResult> ShowAgainAsync(string rma, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        Return = await LoadAsync(rma, ct);
        if (Return is null)
        {
            return RedirectToPage("Index", new { expired = true });
        }
        // The page now shows the current state: a new attempt must carry its version.
        ModelState.Remove($"{nameof(Form)}.{nameof(CancelInput.Version)}");
        Form = new CancelInput { Version = Return.Version };
        return Page();
    }

    private async Task<View?> LoadAsync(string rma, CancellationToken ct)
    {
        var normalised = RmaNumber.Normalise(rma);
        if (normalised is null)
        {
            return null;
        }
        var view = await db.Returns.AsNoTracking()
            .Where(r => r.Rma == normalised)
            .Select(r => new View(
                r.Rma, r.OrderId, r.Order!.Number, r.Status, r.Resolution, r.Method, r.Version,
                r.Lines.Sum(x => x.Quantity), r.LabelValidUntil,
                // A rejection's note is its reason, written for the customer; other notes are internal.
                r.History.OrderBy(h => h.At).Select(h => new Step(h.To, h.At, h.To == ReturnStatus.Rejected ? h.Note : null)).ToList()))
            .SingleOrDefaultAsync(ct);
        if (view is null || !access.Allows(Request, view.Rma, view.OrderId))
        {
            return null;
        }
        // Steps of the same instant (requested, then approved at creation) follow the lifecycle order, not the
        // database's: the status is stored as text, so this sort happens here.
        // Where the parcel goes (ADR 0083): the routed warehouse, also printed on the label.
        var routed = await db.Returns.AsNoTracking().Where(r => r.Rma == normalised).Select(r => new { r.Id, r.WarehouseId }).SingleAsync(ct);
        var destination = await Domain.Logistics.WarehouseRouting.ForReturn(db, routed.WarehouseId)
            .Select(w => new Destination(w.Name, w.Address.Line1, w.Address.Line2, w.Address.Postcode, w.Address.City)).FirstOrDefaultAsync(ct);
        return view with
        {
            History = view.History.OrderBy(h => h.At).ThenBy(h => h.To).ToList(),
            ShipTo = destination,
            Specifics = await ReturnSpecifics.LoadAsync(db, normalised, ct),
            Money = view.Status is ReturnStatus.Resolved or ReturnStatus.Closed ? await LoadMoneyAsync(routed.Id, ct) : null,
        };
    }

    /// <summary>
    /// What the decision gives back (issue 15 item 7), from the line decisions and the settlement's real state (ADR 0121):
    /// a refund is "being processed" until it is Paid (a failed one too: finance acts, the customer is not alarmed).
    /// A cancelled exchange is followed by the refund or credit given instead: the page shows that one, and says why.
    /// </summary>
    private async Task<MoneyView?> LoadMoneyAsync(int returnId, CancellationToken ct)
    {
        var lines = await db.Returns.AsNoTracking().Where(r => r.Id == returnId).SelectMany(r => r.Lines)
            .Where(l => l.Decision != null).OrderBy(l => l.Id)
            .Select(l => new DecidedLine(
                l.QuantityReceived ?? l.Quantity, l.OrderLine!.Variant!.Product!.Name, l.Grade, l.Decision!.Verdict, l.Decision.PricePaid,
                l.Decision.RestockingFee, l.Decision.LabelFee, l.Decision.Deduction, l.Decision.Total, l.Decision.DecidedAt))
            .ToListAsync(ct);
        if (lines.Count == 0)
        {
            return null;
        }
        var settlements = await db.Settlements.AsNoTracking().Where(s => s.ReturnRequestId == returnId)
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id)
            .Select(s => new SettlementView(s.Kind, s.Amount, s.Bonus, s.Reference, s.CreatedAt)
            {
                Status = s.Status,
                CompletedAt = s.CompletedAt,
                ProviderReference = s.ProviderReference,
                Carrier = s.Carrier,
                TrackingNumber = s.TrackingNumber,
                CancelledAt = s.CancelledAt,
                InsteadKind = s.InsteadKind,
            })
            .ToListAsync(ct);
        var shipment = await db.ReplacementShipments.AsNoTracking().Where(s => s.ReturnRequestId == returnId)
            .Select(s => new ShipmentView(s.Reference, s.CreatedAt)).FirstOrDefaultAsync(ct);
        var current = settlements.LastOrDefault(s => s.Status != Domain.BackOffice.SettlementStatus.Cancelled) ?? settlements.LastOrDefault();
        var cancelled = settlements.LastOrDefault(s => s.Status == Domain.BackOffice.SettlementStatus.Cancelled && s != current);
        return new MoneyView(lines, current, shipment) { CancelledExchange = cancelled };
    }

    public sealed record CancelInput
    {
        public int Version { get; set; }

        /// <summary>Set only by the confirmation form.</summary>
        public bool Confirmed { get; set; }
    }

    public sealed record View(
        string Rma, int OrderId, string OrderNumber, ReturnStatus Status, Resolution Resolution, ReturnMethod Method,
        int Version, int ItemCount, DateTime? LabelValidUntil, IReadOnlyList<Step> History)
    {
        /// <summary>An expired return that had a label may get a new one (ADR 0025); exchanges are explained instead.</summary>
        public bool LabelLapsed => Status == ReturnStatus.Expired && LabelValidUntil is not null;

        /// <summary>The customer may cancel while the parcel has not been shipped.</summary>
        public bool CanCancel => ReturnRequest.CanMove(Status, ReturnStatus.Cancelled);

        public bool LabelValid => Status is ReturnStatus.Requested or ReturnStatus.Approved;

        /// <summary>The warehouse the parcel is sent to; in-store returns need none.</summary>
        public Destination? ShipTo { get; init; }

        public bool RefundExpected => Resolution == Resolution.Refund &&
            Status is not (ReturnStatus.Cancelled or ReturnStatus.Rejected or ReturnStatus.Expired);

        /// <summary>The chosen drop-off point, pickup or shop, the deadline, the replacement (issue 15 item 8).</summary>
        public ReturnSpecifics? Specifics { get; init; }

        /// <summary>The decided amount and its settlement, once resolved; null before.</summary>
        public MoneyView? Money { get; init; }

        /// <summary>Receipt + 14 days once the parcel is in; null before.</summary>
        public DateTime? RefundBy => History.LastOrDefault(h => h.To == ReturnStatus.Received)?.At + RefundPeriod;
    }

    public sealed record Step(ReturnStatus To, DateTime At, string? Reason = null);

    public sealed record DecidedLine(
        int Quantity, string Product, Domain.BackOffice.ItemGrade? Grade, Domain.BackOffice.LineVerdict Verdict, Money PricePaid,
        Money RestockingFee, Money LabelFee, Money Deduction, Money Total, DateTime DecidedAt)
    {
        public bool Refused => Verdict is Domain.BackOffice.LineVerdict.RejectReturnToCustomer or Domain.BackOffice.LineVerdict.RejectDispose;
    }

    public sealed record SettlementView(Domain.BackOffice.SettlementKind Kind, Money Amount, Money Bonus, string Reference, DateTime At)
    {
        public Domain.BackOffice.SettlementStatus Status { get; init; }
        public DateTime? CompletedAt { get; init; }
        public string? ProviderReference { get; init; }
        public string? Carrier { get; init; }
        public string? TrackingNumber { get; init; }
        public DateTime? CancelledAt { get; init; }
        public Domain.BackOffice.SettlementKind? InsteadKind { get; init; }

        public bool IsPaidRefund => Kind == Domain.BackOffice.SettlementKind.Refund && Status == Domain.BackOffice.SettlementStatus.Paid;

        public bool IsShipped => Kind == Domain.BackOffice.SettlementKind.Exchange && Status == Domain.BackOffice.SettlementStatus.Shipped;

        /// <summary>What the customer is told, by state: never "failed" (staff handle it), never "paid" before Paid.</summary>
        public string StateKey => this switch
        {
            { Status: Domain.BackOffice.SettlementStatus.NothingDue } => "Track.Money.State.Nothing",
            { IsPaidRefund: true } => "Track.Money.State.RefundPaid",
            { Kind: Domain.BackOffice.SettlementKind.Refund } => "Track.Money.State.RefundProcessing",
            { IsShipped: true } => "Track.Money.State.ExchangeShippedWith",
            { Kind: Domain.BackOffice.SettlementKind.Exchange } => "Track.Money.State.Exchange",
            _ => "Track.Money.State.StoreCredit",
        };

        /// <summary>The "next step" sentence of the resolved return, by the settlement's state.</summary>
        public string NextKey => this switch
        {
            { IsPaidRefund: true } => "Track.Next.Resolved.RefundPaid",
            { Kind: Domain.BackOffice.SettlementKind.Refund } => "Track.Next.Resolved.RefundProcessing",
            { IsShipped: true } => "Track.Next.Resolved.ExchangeShipped",
            _ => "Track.Next.Resolved." + Kind,
        };

        /// <summary>The day the state is about: paid or shipped when it was, else when it was decided.</summary>
        public DateTime StateAt => IsPaidRefund || IsShipped ? CompletedAt ?? At : At;
    }

    public sealed record ShipmentView(string Reference, DateTime At);

    public sealed record MoneyView(IReadOnlyList<DecidedLine> Lines, SettlementView? Settlement, ShipmentView? Shipment)
    {
        /// <summary>The exchange cancelled before <see cref="Settlement"/> was given instead; null when none was.</summary>
        public SettlementView? CancelledExchange { get; init; }

        /// <summary>What the customer gets: the settlement's amount (with a store credit's bonus), else the decided total.</summary>
        public Money Total => Settlement is { } s
            ? s.Amount + s.Bonus
            : Lines.Skip(1).Aggregate(Lines[0].Total, (sum, l) => sum + l.Total);

        public DateTime DecidedAt => Lines.Max(l => l.DecidedAt);
    }

    public sealed record Destination(string Name, string Line1, string? Line2, string Postcode, string City);
}
