using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Policies;

namespace ReturnsPortal.Web.Pages.Returns.Start;

/// <summary>Step 5: drop-off point near a postcode, carrier pickup at an address and date, or in store; each with its fee.</summary>
public sealed class ShippingModel(ReturnWizard wizard, ReturnStarter starter, ReturnsDbContext db, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int PointsShown = 5;

    [BindProperty] public Input Form { get; set; } = new();
    public View? Options { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await wizard.LoadStepAsync(HttpContext, c => c.Resolution is not null, ct) is not { } state)
        {
            return RedirectToPage("Index");
        }
        var choices = state.Choices;
        var customer = await db.Orders.AsNoTracking().Where(o => o.Id == state.OrderId)
            .Select(o => new { o.Postcode, Address = o.Customer == null ? null : o.Customer.Address }).SingleAsync(ct);
        var pickup = choices.Pickup ?? new PickupChoice
        {
            Line1 = customer.Address?.Line1,
            Line2 = customer.Address?.Line2,
            Postcode = customer.Address?.Postcode ?? customer.Postcode,
            City = customer.Address?.City,
        };
        Form = new Input
        {
            Method = choices.Method,
            Postcode = choices.Postcode ?? customer.Postcode,
            DropOffPointId = choices.DropOffPointId,
            PickupLine1 = pickup.Line1,
            PickupLine2 = pickup.Line2,
            PickupPostcode = pickup.Postcode,
            PickupCity = pickup.City,
            PickupDate = pickup.Date,
        };
        await LoadViewAsync(ct);
        return Page();
    }

    /// <summary>Looks for points near another postcode, keeping everything typed on the page.</summary>
    public async Task<IActionResult> OnPostSearchAsync(CancellationToken ct)
    {
        if (await wizard.LoadStepAsync(HttpContext, c => c.Resolution is not null, ct) is not { } state)
        {
            return RedirectToPage("Index");
        }
        // Searching points is choosing the drop-off method: its details stay unfolded on the page that comes back.
        Form.Method ??= ReturnMethod.DropOff;
        if (!DropOffSearch.IsPostcode(Form.Postcode?.Trim()))
        {
            ModelState.AddModelError("Form.Postcode", l["Start.Error.postcode"]);
            await LoadViewAsync(ct);
            return Page();
        }
        Apply(state.Choices);
        await wizard.SaveAsync(HttpContext, state, ct);
        return RedirectToPage(null, null, null, "dropoff");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await wizard.LoadStepAsync(HttpContext, c => c.Resolution is not null, ct) is not { } state)
        {
            return RedirectToPage("Index");
        }
        ReturnWizard.LocaliseBindingErrors(ModelState, l);
        Apply(state.Choices);
        var (errors, _) = await starter.CheckAsync(state.Choices.ToCommand(state.OrderId, null), StartStep.Shipping, ct);
        if (!ModelState.IsValid || errors.Count > 0)
        {
            ReturnWizard.AddErrors(ModelState, errors, l, e => e.Code switch
            {
                "dropoff_required" => "Form.DropOffPointId",
                "pickup_address" => "Form.PickupLine1",
                "pickup_postcode" => "Form.PickupPostcode",
                "pickup_city" => "Form.PickupCity",
                "pickup_date" => "Form.PickupDate",
                _ => "Form.Method",
            });
            await LoadViewAsync(ct);
            return Page();
        }
        await wizard.SaveAsync(HttpContext, state, ct);
        return RedirectToPage("Review");
    }

    private void Apply(DraftChoices choices)
    {
        choices.Method = Form.Method;
        choices.Postcode = Form.Postcode?.Trim();
        choices.DropOffPointId = Form.DropOffPointId;
        choices.Pickup = new PickupChoice
        {
            Line1 = Form.PickupLine1,
            Line2 = Form.PickupLine2,
            Postcode = Form.PickupPostcode,
            City = Form.PickupCity,
            Date = Form.PickupDate,
        };
    }

    private async Task LoadViewAsync(CancellationToken ct)
    {
        var policy = await db.Policies.AsNoTracking().Include(p => p.MethodFees).InForce().FirstAsync(ct);
        var points = await db.DropOffPoints.AsNoTracking().Where(p => p.IsActive).ToListAsync(ct);
        var postcode = Form.Postcode?.Trim() ?? "";
        var nearest = DropOffSearch.Nearest(postcode, points, PointsShown)
            .Select(n => new PointView(n.Point.Id, n.Point.Name, n.Point.Carrier, n.Point.Address.Line1, n.Point.Address.Postcode,
                n.Point.Address.City, n.Point.OpeningHours, n.DistanceKm))
            .ToList();
        // The chosen point stays on the page even when the customer searched elsewhere since.
        if (Form.DropOffPointId is { } chosen && nearest.All(n => n.Id != chosen) && points.FirstOrDefault(p => p.Id == chosen) is { } point)
        {
            nearest.Insert(0, new PointView(point.Id, point.Name, point.Carrier, point.Address.Line1, point.Address.Postcode, point.Address.City, point.OpeningHours, null));
        }
        Options = new View(
            policy.LabelFee(ReturnMethod.DropOff, Money.Euro), policy.LabelFee(ReturnMethod.Pickup, Money.Euro), policy.LabelFee(ReturnMethod.InStore, Money.Euro),
            nearest, DropOffSearch.IsPostcode(postcode), DropOffSearch.NextWorkingDays(starter.TodayInParis, ReturnStarter.PickupDays))
        {
            // A method the current policy switched off is not offered (ReturnStarter refuses it too).
            OffersDropOff = policy.OfferDropOff,
            OffersPickup = policy.OfferPickup,
            OffersInStore = policy.OfferInStore,
        };
    }

    public sealed record Input
    {
        public ReturnMethod? Method { get; set; }
        public string? Postcode { get; set; }
        public int? DropOffPointId { get; set; }
        public string? PickupLine1 { get; set; }
        public string? PickupLine2 { get; set; }
        public string? PickupPostcode { get; set; }
        public string? PickupCity { get; set; }
        public DateOnly? PickupDate { get; set; }
    }

    public sealed record View(
        Money DropOffFee, Money PickupFee, Money InStoreFee, IReadOnlyList<PointView> Points, bool Searched, IReadOnlyList<DateOnly> PickupDates)
    {
        public bool OffersDropOff { get; init; } = true;
        public bool OffersPickup { get; init; } = true;
        public bool OffersInStore { get; init; } = true;
    }

    public sealed record PointView(int Id, string Name, string Carrier, string Street, string Postcode, string City, string Hours, double? DistanceKm);
}
