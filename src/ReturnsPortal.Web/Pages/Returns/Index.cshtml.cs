using Microsoft.AspNetCore.RateLimiting;
using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Policies;

namespace ReturnsPortal.Web.Pages.Returns;

/// <summary>
/// Step 1 for a customer: prove the order with its number and the e-mail or the delivery postcode, then see it.
/// Posts are rate-limited per client IP (docs/decisions/0011-find-order-postcode-and-rate-limit.md).
/// </summary>
[EnableRateLimiting(RateLimits.FindOrder)]
public sealed class FindOrderModel(
    ReturnsDbContext db, IValidator<FindOrderModel.Input> validator, CustomerOrderAccess access, IStringLocalizer<SharedResource> l)
    : PageModel
{
    [BindProperty] public Input Form { get; set; } = new();
    public bool SessionExpired { get; private set; }
    /// <summary>The current policy's window, for the key terms under the form.</summary>
    public (int Days, Domain.Policies.WindowStart Start)? Window { get; private set; }

    public async Task OnGetAsync(bool expired, CancellationToken ct)
    {
        SessionExpired = expired;
        await LoadWindowAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadWindowAsync(ct);
        if (!await validator.ValidateIntoAsync(Form, ModelState, nameof(Form), ct))
        {
            return Page();
        }
        var orderId = await OrderLookup.FindAsync(db, Form.OrderNumber!, Form.Email, Form.Postcode, ct);
        if (orderId is null)
        {
            // One neutral message: it must not reveal whether the order number exists.
            ModelState.AddModelError(string.Empty, string.IsNullOrWhiteSpace(Form.Email) ? l["FindOrder.NotFoundPostcode"] : l["FindOrder.NotFound"]);
            return Page();
        }
        access.Grant(Response, orderId.Value);
        return RedirectToPage("Order");
    }

    private async Task LoadWindowAsync(CancellationToken ct)
    {
        var current = await db.Policies.AsNoTracking().InForce()
            .Select(p => new { p.WindowDays, p.WindowStart }).FirstOrDefaultAsync(ct);
        Window = current is null ? null : (current.WindowDays, current.WindowStart);
    }

    public sealed record Input
    {
        public string? OrderNumber { get; set; }
        public string? Email { get; set; }
        /// <summary>The delivery postcode, accepted instead of the e-mail (both may be given: both must match).</summary>
        public string? Postcode { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<Input>
    {
        public InputValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(i => i.OrderNumber).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage(_ => l["FindOrder.OrderNumberRequired"])
                .MaximumLength(Order.NumberLength).WithMessage(_ => l["FindOrder.OrderNumberTooLong"]);
            RuleFor(i => i.Email)
                .NotEmpty().When(i => string.IsNullOrWhiteSpace(i.Postcode)).WithMessage(_ => l["FindOrder.EmailOrPostcodeRequired"]);
            RuleFor(i => i.Email).Cascade(CascadeMode.Stop)
                .MaximumLength(Customer.EmailLength).WithMessage(_ => l["FindOrder.EmailInvalid"])
                .EmailAddress().WithMessage(_ => l["FindOrder.EmailInvalid"])
                .When(i => !string.IsNullOrWhiteSpace(i.Email));
            RuleFor(i => i.Postcode)
                .Matches(@"^\s*[0-9A-Za-z](?:[0-9A-Za-z -]{0,8}[0-9A-Za-z])?\s*$").WithMessage(_ => l["FindOrder.PostcodeInvalid"])
                .When(i => !string.IsNullOrWhiteSpace(i.Postcode));
        }
    }
}
