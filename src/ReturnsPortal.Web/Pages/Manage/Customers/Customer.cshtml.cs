using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Web.Files;

namespace ReturnsPortal.Web.Pages.Manage.Customers;

/// <summary>
/// What is held about one customer e-mail (Admins, ADR 0127): counts per kind, the ZIP export, and the erasure, which
/// the Admin confirms by typing the e-mail again; refused (409) while a return is open or a refund unpaid. Every answer
/// is marked no-store: it is a person's data.
/// </summary>
[Authorize(Policy = AccessPolicies.Admin)]
public sealed partial class CustomerModel(
    CustomerPrivacy privacy, IFileStore files, TimeProvider clock, IValidator<CustomerModel.Input> validator, IStringLocalizer<SharedResource> l,
    ILogger<CustomerModel> logger) : PageModel
{
    public static string PathOf(string email) => "/manage/customers/" + Uri.EscapeDataString(email);

    /// <summary>A request path with the e-mail segment of this page or of the API's customers replaced, for logs.</summary>
    public static string MaskedPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var prefix in (string[])["/manage/customers/", "/api/v1/customers/"])
        {
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                var rest = path[prefix.Length..];
                var slash = rest.IndexOf('/', StringComparison.Ordinal);
                return prefix + "{email}" + (slash < 0 ? "" : rest[slash..]);
            }
        }
        return path;
    }

    [BindProperty] public Input Form { get; set; } = new();
    /// <summary>The normalised e-mail of the route.</summary>
    public string Email { get; private set; } = "";
    public View? Held { get; private set; }
    public CustomerErasure? LastErasure { get; private set; }
    public ErasureBlockers? Blockers { get; private set; }
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(string email, CancellationToken ct)
    {
        NoStore();
        if (!await LoadAsync(email, ct))
        {
            return NotFound();
        }
        (_, Message) = ShownOnce.Read(TempData);
        return Page();
    }

    /// <summary>The ZIP, streamed into the response (ADR 0127).</summary>
    public async Task<IActionResult> OnGetExportAsync(string email, CancellationToken ct)
    {
        NoStore();
        if (CustomerPrivacy.Normalise(email) is not { } normalised)
        {
            return NotFound();
        }
        if (await privacy.CollectAsync(normalised, ct) is not { } data)
        {
            return RedirectToPage();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        Response.ContentType = CustomerDataFiles.ContentType;
        Response.Headers.ContentDisposition = $"attachment; filename=\"{CustomerDataFiles.FileName(now)}\"";
        await CustomerDataFiles.WriteZipAsync(Response.Body, data, files, now, ct);
        return new EmptyResult();
    }

    public async Task<IActionResult> OnPostEraseAsync(string email, CancellationToken ct)
    {
        NoStore();
        if (!await LoadAsync(email, ct))
        {
            return NotFound();
        }
        if (await this.RedisplayIfInvalidAsync(validator, Form with { Expected = Email }, nameof(Form), () => Task.CompletedTask, ct) is { } invalid)
        {
            return invalid;
        }
        if (Held is null)
        {
            ModelState.AddModelError("", l["Customers.NothingHeld"]);
            return Page();
        }
        if (Blockers is { IsEmpty: false })
        {
            ModelState.AddModelError("", l["Customers.EraseRefused"]);
            return new PageResult { StatusCode = StatusCodes.Status409Conflict };
        }
        var outcome = await privacy.EraseAsync(Email, User.Identity?.Name ?? "admin", "page", ct);
        var deleted = await CustomerDataFiles.DeleteErasedAsync(files, outcome, ct);
        LogErased(outcome.Record.EmailHash[..12], deleted);
        return this.RedirectShowingOnce(l["Customers.Erased"].Value);
    }

    private async Task<bool> LoadAsync(string email, CancellationToken ct)
    {
        if (CustomerPrivacy.Normalise(email) is not { } normalised)
        {
            return false;
        }
        Email = normalised;
        LastErasure = await privacy.LastErasureAsync(normalised, ct);
        if (await privacy.CollectAsync(normalised, ct) is { } data)
        {
            Held = new View(
                data.Customers.Select(c => $"{c.FirstName} {c.LastName}").Concat(data.Orders.Select(o => o.CustomerName)).Distinct().ToList(),
                data.Orders.Select(o => o.Number).ToList(), data.Returns.Select(r => (r.Rma, r.Status)).ToList(),
                data.Returns.Sum(r => r.Lines.Sum(x => x.Photos.Count)), data.StoreCredit.Count, data.Withdrawals.Select(w => w.Reference).ToList(),
                data.Emails.Count);
            Blockers = await privacy.BlockersAsync(normalised, ct);
        }
        return true;
    }

    private void NoStore() => Response.Headers.CacheControl = "no-store";

    [LoggerMessage(Level = LogLevel.Information, Message = "Customer data erased (e-mail hash {HashPrefix}…); {Files} files deleted")]
    private partial void LogErased(string hashPrefix, int files);

    public sealed record View(
        IReadOnlyList<string> Names, IReadOnlyList<string> Orders, IReadOnlyList<(string Rma, string Status)> Returns, int Photos,
        int StoreCreditAccounts, IReadOnlyList<string> Withdrawals, int Emails);

    public sealed record Input
    {
        public string? ConfirmEmail { get; set; }
        /// <summary>The page's e-mail, set by the handler (never bound).</summary>
        [BindNever] public string Expected { get; init; } = "";
    }

    public sealed class InputValidator : AbstractValidator<Input>
    {
        public InputValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(i => i.ConfirmEmail).Must((input, typed) => CustomerPrivacy.Normalise(typed) == input.Expected)
                .WithMessage(_ => l["Customers.ConfirmMismatch"]);
        }
    }
}
