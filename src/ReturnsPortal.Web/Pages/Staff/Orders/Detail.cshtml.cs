using Microsoft.AspNetCore.Authorization;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Staff;
using ReturnsPortal.Web.Pages.Returns.Start;

namespace ReturnsPortal.Web.Pages.Staff.Orders;

/// <summary>
/// An order as customer service sees it: its lines with the eligibility the customer would see, its returns so far,
/// and the form that starts a return for a customer who phones, writes or comes in (ADR 0036). The return goes
/// through the customer's own <see cref="ReturnStarter"/>; a manager may add a goodwill exception (ADR 0037).
/// </summary>
[Authorize(Policy = AccessPolicies.CustomerService)]
public sealed class OrderDetailModel(
    ReturnsDbContext db, ReturnEligibility eligibility, ReturnStarter starter, IActorAccessor actor,
    IValidator<OrderDetailModel.Input> validator, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int DropOffChoices = 200;

    [BindProperty] public Input Form { get; set; } = new();
    public OrderView Order { get; private set; } = null!;
    public OrderEligibility Eligibility { get; private set; } = null!;
    public IReadOnlyList<PriorReturn> Returns { get; private set; } = [];
    public IReadOnlyList<Choice> Reasons { get; private set; } = [];
    public IReadOnlyList<Choice> DropOffPoints { get; private set; } = [];
    public IReadOnlyList<Resolution> Resolutions { get; private set; } = [];
    /// <summary>What each active reason allows among <see cref="Resolutions"/> under the current version (ADR 0085).</summary>
    public IReadOnlyList<ReasonResolutions> ReasonRules { get; private set; } = [];
    public int PolicyVersion { get; private set; }

    /// <summary>The reasons that allow fewer resolutions than the form offers: the note under the resolution lists them.</summary>
    public IEnumerable<ReasonResolutions> NarrowedReasons => ReasonRules.Where(r => r.Allowed.Count < Resolutions.Count);

    public IReadOnlyList<Resolution> AllowedFor(int reasonId) => ReasonRules.FirstOrDefault(r => r.ReasonId == reasonId)?.Allowed ?? Resolutions;

    /// <summary>Goodwill is a manager's call (ADR 0037): agents see the eligibility, not the override.</summary>
    public bool CanGrantGoodwill => User.IsInRole(StaffRoles.Manager) || User.IsInRole(StaffRoles.Admin);

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct)
    {
        if (!await LoadAsync(number, ct))
        {
            return NotFound();
        }
        Form = new Input
        {
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            Language = "fr",
            Lines = Eligibility.Lines.Select(x => new LineInput { OrderLineId = x.OrderLineId }).ToList(),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string number, CancellationToken ct)
    {
        if (Form.Goodwill && !CanGrantGoodwill)
        {
            return Forbid();
        }
        if (!await LoadAsync(number, ct))
        {
            return NotFound();
        }
        ReturnWizard.LocaliseBindingErrors(ModelState, l);
        if (!ModelState.IsValid | !await validator.ValidateIntoAsync(Form, ModelState, nameof(Form), ct))
        {
            return Page();
        }
        var staff = actor.CurrentActor;
        var lines = Form.Lines.Where(x => x.Quantity is not (null or 0)).ToList();
        var command = new StartReturnCommand(
            Order.Id,
            lines.Select(x => new StartLine(x.OrderLineId, x.Quantity!.Value, x.ReasonId, x.Comment, null, [])).ToList(),
            Form.Resolution, Form.Method, Form.Method == ReturnMethod.DropOff ? Form.DropOffPointId : null, null,
            Form.Language!, Form.IdempotencyKey,
            new AssistedStart(staff, Form.Channel!.Value, Form.Goodwill ? new GoodwillGrant(Form.GoodwillReason ?? "", staff) : null));
        var result = await starter.StartAsync(command, staff, ct);
        if (!result.Succeeded)
        {
            ReturnWizard.AddErrors(ModelState, result.Errors, l, e => FieldOf(e));
            return Page();
        }
        return Redirect($"/staff/returns/{result.Rma!.ToLowerInvariant()}");
    }

    /// <summary>Each broken rule goes next to the field it concerns.</summary>
    private string FieldOf(StartError error)
    {
        var index = Form.Lines.FindIndex(x => x.OrderLineId == error.OrderLineId);
        return error.Code switch
        {
            _ when index >= 0 && error.Code.StartsWith("reason_", StringComparison.Ordinal) => $"Form.Lines[{index}].ReasonId",
            _ when index >= 0 && error.Code == "comment_too_long" => $"Form.Lines[{index}].Comment",
            _ when index >= 0 => $"Form.Lines[{index}].Quantity",
            "goodwill_reason_required" or "goodwill_reason_too_long" => "Form.GoodwillReason",
            "resolution_required" or "resolution_not_allowed" or "exchange_required" => "Form.Resolution",
            "method_required" => "Form.Method",
            "dropoff_required" => "Form.DropOffPointId",
            _ => "",
        };
    }

    private async Task<bool> LoadAsync(string number, CancellationToken ct)
    {
        var key = Domain.Orders.Order.NormaliseNumber(number);
        var order = await db.Orders.AsNoTracking().Where(o => o.Number == key)
            .Select(o => new OrderView(o.Id, o.Number, o.CustomerName, o.Email, o.PlacedAt, o.DeliveredAt,
                o.Lines.Select(x => new LinePrice(x.Id, x.UnitPricePaid)).ToList()))
            .SingleOrDefaultAsync(ct);
        if (order is null || await eligibility.ForOrderAsync(order.Id, ct) is not { } result)
        {
            return false;
        }
        Order = order;
        Eligibility = result;
        var french = ShopLanguage.CurrentIsFrench;
        var returns = await db.Returns.AsNoTracking().Where(r => r.OrderId == order.Id)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Select(r => new PriorReturn(r.Rma, r.Status, r.CreatedAt, r.Assistance.By, r.Assistance.Channel, r.IsGoodwill,
                r.Lines.Select(x => new PriorReturnLineView(x.OrderLineId, x.Quantity)).ToList()))
            .ToListAsync(ct);
        Returns = returns;
        var reasons = await db.Reasons.AsNoTracking().Where(r => r.IsActive).OrderBy(r => r.SortOrder).ThenBy(r => r.Id).ToListAsync(ct);
        Reasons = [.. reasons.Select(r => new Choice(r.Id, french ? r.LabelFr : r.LabelEn))];
        DropOffPoints = await db.DropOffPoints.AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Take(DropOffChoices)
            .Select(p => new Choice(p.Id, p.Name + ", " + p.Address.Postcode + " " + p.Address.City)).ToListAsync(ct);
        var policy = await db.Policies.AsNoTracking().Include(p => p.ReasonResolutions).InForce()
            .FirstOrDefaultAsync(ct);
        // An exchange needs a replacement size chosen from stock: that stays with the customer's own flow. The reasons
        // are chosen on this same form, so the page states what each allows (and site JS greys out the rest); the
        // starter still refuses a resolution one of them excludes (ADR 0085).
        Resolutions = [.. new[] { Resolution.Refund, Resolution.StoreCredit }.Where(r => policy?.Allows(r) == true)];
        PolicyVersion = policy?.VersionNumber ?? 0;
        ReasonRules = policy is null ? [] : [.. reasons.Select(r => new ReasonResolutions(
            r.Id, french ? r.LabelFr : r.LabelEn, [.. policy.AllowedFor(r).Where(Resolutions.Contains)]))];
        return true;
    }

    public Money PriceOf(int orderLineId) => Order.Prices.Single(x => x.OrderLineId == orderLineId).Price;

    public sealed record OrderView(int Id, string Number, string CustomerName, string Email, DateTime PlacedAt, DateTime? DeliveredAt, IReadOnlyList<LinePrice> Prices);

    public sealed record LinePrice(int OrderLineId, Money Price);

    public sealed record PriorReturn(
        string Rma, ReturnStatus Status, DateTime CreatedAt, string? AssistedBy, AssistChannel? Channel, bool IsGoodwill,
        IReadOnlyList<PriorReturnLineView> Lines);

    public sealed record PriorReturnLineView(int OrderLineId, int Quantity);

    public sealed record Choice(int Id, string Label);

    public sealed record ReasonResolutions(int ReasonId, string Label, IReadOnlyList<Resolution> Allowed);

    public sealed record Input
    {
        public string? IdempotencyKey { get; set; }
        public List<LineInput> Lines { get; set; } = [];
        public Resolution? Resolution { get; set; }
        public ReturnMethod? Method { get; set; }
        public int? DropOffPointId { get; set; }
        public AssistChannel? Channel { get; set; }
        public string? Language { get; set; }
        public bool Goodwill { get; set; }
        public string? GoodwillReason { get; set; }
    }

    public sealed record LineInput
    {
        public int OrderLineId { get; set; }
        public int? Quantity { get; set; }
        public int? ReasonId { get; set; }
        public string? Comment { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<Input>
    {
        public InputValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(i => i.IdempotencyKey).Must(k => Guid.TryParseExact(k, "N", out _)).WithMessage(_ => l["Start.Error.invalid_value"]);
            RuleFor(i => i.Channel).NotNull().WithMessage(_ => l["Assist.Error.ChannelRequired"])
                .IsInEnum().WithMessage(_ => l["Assist.Error.ChannelRequired"]);
            RuleFor(i => i.Language).Must(x => x is "fr" or "en").WithMessage(_ => l["Assist.Error.LanguageRequired"]);
            RuleFor(i => i.GoodwillReason).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage(_ => l["Start.Error.goodwill_reason_required"])
                .Must(x => x!.Trim().Length <= ReturnRequest.GoodwillReasonLength).WithMessage(_ => l["Start.Error.goodwill_reason_too_long"])
                .When(i => i.Goodwill);
            RuleForEach(i => i.Lines).ChildRules(line =>
                line.RuleFor(x => x.Comment).MaximumLength(ReturnLine.CommentLength).WithMessage(_ => l["Start.Error.comment_too_long"]));
        }
    }
}
