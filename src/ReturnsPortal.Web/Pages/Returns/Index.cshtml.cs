using Microsoft.AspNetCore.RateLimiting;
using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Policies;

namespace ReturnsPortal.Web.Pages.Returns;

/// <summary>
/// Step 1 for a customer: prove the order with its number and the e-mail, or the delivery postcode with the last name,
/// then see it. Posts are limited per client address and wrong proofs per order number (ADR 0011, 0122).
/// </summary>
[EnableRateLimiting(RateLimits.CustomerProof)]
public sealed class FindOrderModel(
    ReturnsDbContext db, IValidator<FindOrderModel.Input> validator, CustomerOrderAccess access, ProofAttempts attempts,
    IStringLocalizer<SharedResource> l)
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
        var attempt = ProofAttempts.OrderKey(Form.OrderNumber!);
        if (await attempts.BeginAsync(attempt, ct) is { } wait)
        {
            RateLimits.PrepareRefusal(HttpContext, wait);
            return StatusCode(StatusCodes.Status429TooManyRequests);
        }
        var orderId = await OrderLookup.FindAsync(db, Form.OrderNumber!, Form.Email, Form.Postcode, Form.LastName, ct);
        if (orderId is null)
        {
            // One neutral message: it must not reveal whether the order number exists.
            ModelState.AddModelError(string.Empty, string.IsNullOrWhiteSpace(Form.Email) ? l["FindOrder.NotFoundPostcodeName"] : l["FindOrder.NotFound"]);
            return Page();
        }
        await attempts.SucceededAsync(attempt, ct);
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
        /// <summary>The delivery postcode, accepted instead of the e-mail with <see cref="LastName"/> (both may be given: both must match).</summary>
        public string? Postcode { get; set; }
        /// <summary>The customer's last name, needed with the postcode: a postcode alone is shared by thousands.</summary>
        public string? LastName { get; set; }
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
            RuleFor(i => i.LastName).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage(_ => l["FindOrder.LastNameRequired"])
                .When(i => string.IsNullOrWhiteSpace(i.Email) && !string.IsNullOrWhiteSpace(i.Postcode));
            RuleFor(i => i.LastName)
                .MaximumLength(Customer.NameLength).WithMessage(_ => l["FindOrder.LastNameTooLong"])
                .When(i => !string.IsNullOrWhiteSpace(i.LastName));
        }
    }
}
