using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Hosting;

namespace ReturnsPortal.Web.Pages.Returns;

/// <summary>Step 1 for a customer: prove the order with its number and email, then see it.</summary>
public sealed class FindOrderModel(
    ReturnsDbContext db, IValidator<FindOrderModel.Input> validator, CustomerOrderAccess access, IStringLocalizer<SharedResource> l)
    : PageModel
{
    [BindProperty] public Input Form { get; set; } = new();
    public bool SessionExpired { get; private set; }

    public void OnGet(bool expired = false) => SessionExpired = expired;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await validator.ValidateIntoAsync(Form, ModelState, nameof(Form), ct))
        {
            return Page();
        }
        var number = Order.NormaliseNumber(Form.OrderNumber!);
        var email = Order.NormaliseEmail(Form.Email!);
#pragma warning disable CA1862 // translated to SQL lower(): string.Equals with a comparison does not translate on both providers
        var orderId = await db.Orders
            .Where(o => o.Number == number && o.Email.ToLower() == email)
            .Select(o => (int?)o.Id)
            .SingleOrDefaultAsync(ct);
#pragma warning restore CA1862
        if (orderId is null)
        {
            // One neutral message: it must not reveal whether the order number exists.
            ModelState.AddModelError(string.Empty, l["FindOrder.NotFound"]);
            return Page();
        }
        access.Grant(Response, orderId.Value);
        return RedirectToPage("Order");
    }

    public sealed record Input
    {
        public string? OrderNumber { get; set; }
        public string? Email { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<Input>
    {
        public InputValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(i => i.OrderNumber).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage(_ => l["FindOrder.OrderNumberRequired"])
                .MaximumLength(Order.NumberLength).WithMessage(_ => l["FindOrder.OrderNumberTooLong"]);
            RuleFor(i => i.Email).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage(_ => l["FindOrder.EmailRequired"])
                .MaximumLength(Customer.EmailLength).WithMessage(_ => l["FindOrder.EmailInvalid"])
                .EmailAddress().WithMessage(_ => l["FindOrder.EmailInvalid"]);
        }
    }
}
