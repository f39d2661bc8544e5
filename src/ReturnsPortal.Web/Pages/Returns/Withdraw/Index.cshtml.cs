using Microsoft.AspNetCore.RateLimiting;
using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Withdrawals;

namespace ReturnsPortal.Web.Pages.Returns.Withdraw;

/// <summary>
/// The withdrawal function (EU Directive 2023/2673): step 1 identifies the order (number, email, name), step 2 shows
/// what is withdrawn from and asks for "Confirm withdrawal". Step 1 changes nothing, so it answers with step 2 directly;
/// the confirmation saves the record and its acknowledgement, then redirects to it. Both steps prove the order again,
/// so both are limited per client address and count wrong proofs per order number (ADR 0122).
/// </summary>
[EnableRateLimiting(RateLimits.CustomerProof)]
public sealed class WithdrawModel(
    ReturnsDbContext db, IValidator<WithdrawModel.Input> validator, CustomerOrderAccess access, ProofAttempts attempts,
    TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty] public Input Form { get; set; } = new();
    public Summary? Order { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostIdentifyAsync(CancellationToken ct)
    {
        var (order, refused) = await IdentifyAsync(ct);
        if (refused is not null)
        {
            return refused;
        }
        if (order is null)
        {
            return Page();
        }
        if (order.AlreadyWithdrawn)
        {
            access.Grant(Response, order.Id);
            return RedirectToPage("Done");
        }
        if (!Withdrawal.IsOpen(order.DeliveredAt, Now))
        {
            ModelState.AddModelError(string.Empty, PeriodOverMessage(order.PeriodEndsAt));
            return Page();
        }
        Order = order;
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        var (summary, refused) = await IdentifyAsync(ct);
        if (refused is not null)
        {
            return refused;
        }
        if (summary is null)
        {
            return Page();
        }
        if (!summary.AlreadyWithdrawn)
        {
            var order = await db.Orders
                .Include(o => o.Lines).ThenInclude(x => x.Variant).ThenInclude(v => v!.Product)
                .SingleAsync(o => o.Id == summary.Id, ct);
            try
            {
                var language = ShopLanguage.Current;
                var withdrawal = Withdrawal.Submit(
                    order, Form.Name!, Form.Email!, language, WithdrawalContent.Compose(order, language, l), Withdrawal.NewReference(), Now);
                // The withdrawal records WithdrawalReceived: its acknowledgement is queued in this save (ADR 0098).
                db.Withdrawals.Add(withdrawal);
                await db.SaveChangesAsync(ct);
            }
            catch (DomainException ex) when (ex.Code == "withdrawal.period_over")
            {
                ModelState.AddModelError(string.Empty, PeriodOverMessage(summary.PeriodEndsAt));
                return Page();
            }
            catch (DbUpdateException)
            {
                // A concurrent submission won the race on the unique index: theirs is the record, show it.
                db.ChangeTracker.Clear();
                if (!await db.Withdrawals.AnyAsync(w => w.OrderId == summary.Id, ct))
                {
                    throw;
                }
            }
        }
        access.Grant(Response, summary.Id);
        return RedirectToPage("Done");
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private string PeriodOverMessage(DateTime? endedAt) =>
        l["Withdraw.PeriodOver", endedAt is { } end ? end.AddSeconds(-1).ToLocalFrench().ToString("d MMMM yyyy") : ""];

    /// <summary>The order the form proves, or null with the reason in ModelState; or the 429 past the limit of wrong proofs.</summary>
    private async Task<(Summary? Order, IActionResult? Refused)> IdentifyAsync(CancellationToken ct)
    {
        if (!await validator.ValidateIntoAsync(Form, ModelState, nameof(Form), ct))
        {
            return (null, null);
        }
        var attempt = ProofAttempts.OrderKey(Form.OrderNumber!);
        if (await attempts.BeginAsync(attempt, ct) is { } wait)
        {
            RateLimits.PrepareRefusal(HttpContext, wait);
            return (null, StatusCode(StatusCodes.Status429TooManyRequests));
        }
        var number = Domain.Orders.Order.NormaliseNumber(Form.OrderNumber!);
        var email = Domain.Orders.Order.NormaliseEmail(Form.Email!);
#pragma warning disable CA1862 // translated to SQL lower(): string.Equals with a comparison does not translate on both providers
        var order = await db.Orders.AsNoTracking()
            .Where(o => o.Number == number && o.Email.ToLower() == email)
            .Select(o => new Summary(
                o.Id, o.Number, o.PlacedAt, o.DeliveredAt,
                o.Lines.OrderBy(x => x.Id).Select(x => new LineView(x.Variant!.Product!.Name, x.Variant.Sku, x.Quantity, x.UnitPricePaid)).ToList(),
                db.Withdrawals.Any(w => w.OrderId == o.Id)))
            .SingleOrDefaultAsync(ct);
#pragma warning restore CA1862
        if (order is null)
        {
            // One neutral message: it must not reveal whether the order number exists.
            ModelState.AddModelError(string.Empty, l["FindOrder.NotFound"]);
            return (null, null);
        }
        await attempts.SucceededAsync(attempt, ct);
        return (order, null);
    }

    public sealed record Input
    {
        public string? OrderNumber { get; set; }
        public string? Email { get; set; }
        public string? Name { get; set; }
    }

    public sealed record Summary(
        int Id, string Number, DateTime PlacedAt, DateTime? DeliveredAt, IReadOnlyList<LineView> Lines, bool AlreadyWithdrawn)
    {
        public DateTime? PeriodEndsAt => Withdrawal.PeriodEndsAt(DeliveredAt);
    }

    public sealed record LineView(string ProductName, string Sku, int Quantity, Money UnitPrice);

    public sealed class InputValidator : AbstractValidator<Input>
    {
        public InputValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(i => i.OrderNumber).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage(_ => l["FindOrder.OrderNumberRequired"])
                .MaximumLength(Domain.Orders.Order.NumberLength).WithMessage(_ => l["FindOrder.OrderNumberTooLong"]);
            RuleFor(i => i.Email).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage(_ => l["FindOrder.EmailRequired"])
                .MaximumLength(Customer.EmailLength).WithMessage(_ => l["FindOrder.EmailInvalid"])
                .EmailAddress().WithMessage(_ => l["FindOrder.EmailInvalid"]);
            RuleFor(i => i.Name).Cascade(CascadeMode.Stop)
                .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => l["Withdraw.NameRequired"])
                .MaximumLength(Withdrawal.NameLength).WithMessage(_ => l["Withdraw.NameTooLong"]);
        }
    }
}
