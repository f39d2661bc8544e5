using Microsoft.AspNetCore.RateLimiting;
using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Orders;

namespace ReturnsPortal.Web.Pages.Returns.Track;

/// <summary>
/// Follow a return: prove it with its RMA and the order's email, then see its timeline. Posts are limited per client
/// address and wrong proofs per RMA (ADR 0122): the label on a parcel shows the RMA, so the e-mail is all that is left
/// to guess.
/// </summary>
[EnableRateLimiting(RateLimits.CustomerProof)]
public sealed class FindReturnModel(
    ReturnsDbContext db, IValidator<FindReturnModel.Input> validator, ReturnAccess access, ProofAttempts attempts,
    IStringLocalizer<SharedResource> l)
    : PageModel
{
    [BindProperty] public Input Form { get; set; } = new();
    public bool SessionExpired { get; private set; }

    /// <summary>An e-mail link that expired, was altered or belongs to another return (ADR 0092).</summary>
    public bool LinkInvalid { get; private set; }

    public void OnGet(bool expired = false, string? link = null, string? rma = null)
    {
        SessionExpired = expired;
        LinkInvalid = link == "invalid";
        // The RMA from the link's address saves typing it; the e-mail is still needed.
        if (LinkInvalid && RmaNumber.Normalise(rma) is { } known)
        {
            Form = new Input { Rma = known };
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await validator.ValidateIntoAsync(Form, ModelState, nameof(Form), ct))
        {
            return Page();
        }
        // The validator made sure the RMA reads as one.
        var rma = RmaNumber.Normalise(Form.Rma)!;
        var attempt = ProofAttempts.RmaKey(rma);
        if (await attempts.BeginAsync(attempt, ct) is { } wait)
        {
            RateLimits.PrepareRefusal(HttpContext, wait);
            return StatusCode(StatusCodes.Status429TooManyRequests);
        }
        var email = Order.NormaliseEmail(Form.Email!);
#pragma warning disable CA1862 // translated to SQL lower(): string.Equals with a comparison does not translate on both providers
        var found = await db.Returns.AnyAsync(r => r.Rma == rma && r.Order!.Email.ToLower() == email, ct);
#pragma warning restore CA1862
        if (!found)
        {
            // One neutral message: it must not reveal whether the RMA exists.
            ModelState.AddModelError(string.Empty, l["Track.NotFound"]);
            return Page();
        }
        await attempts.SucceededAsync(attempt, ct);
        access.Grant(Response, rma);
        return RedirectToPage("Detail", new { rma });
    }

    public sealed record Input
    {
        public string? Rma { get; set; }
        public string? Email { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<Input>
    {
        public InputValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(i => i.Rma).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage(_ => l["Track.RmaRequired"])
                .MaximumLength(40).WithMessage(_ => l["Track.RmaInvalid"])
                .Must(r => RmaNumber.Normalise(r) is not null).WithMessage(_ => l["Track.RmaInvalid"]);
            RuleFor(i => i.Email).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage(_ => l["FindOrder.EmailRequired"])
                .MaximumLength(Customer.EmailLength).WithMessage(_ => l["FindOrder.EmailInvalid"])
                .EmailAddress().WithMessage(_ => l["FindOrder.EmailInvalid"]);
        }
    }
}
