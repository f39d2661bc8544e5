using System.Text.Json;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ReturnsPortal.Web.Pages.Returns.Start;

/// <summary>What the customer chose so far, stored as the draft's JSON (ADR 0015).</summary>
public sealed class DraftChoices
{
    public Dictionary<int, int> Quantities { get; set; } = [];
    public Dictionary<int, LineChoice> Lines { get; set; } = [];
    public Resolution? Resolution { get; set; }
    public ReturnMethod? Method { get; set; }
    public int? DropOffPointId { get; set; }
    public string? Postcode { get; set; }
    public PickupChoice? Pickup { get; set; }

    public LineChoice Line(int orderLineId) => Lines.TryGetValue(orderLineId, out var line) ? line : Lines[orderLineId] = new LineChoice();

    public StartReturnCommand ToCommand(int orderId, string? idempotencyKey) => new(
        orderId,
        Quantities.Where(q => q.Value != 0).Select(q =>
        {
            var line = Lines.GetValueOrDefault(q.Key) ?? new LineChoice();
            return new StartLine(q.Key, q.Value, line.ReasonId, line.Comment, line.ExchangeVariantId,
                line.Photos.Select(p => new ReturnLinePhoto(p.FileKey, p.ContentType, p.FileName, p.Length)).ToList());
        }).ToList(),
        Resolution, Method, Method == ReturnMethod.DropOff ? DropOffPointId : null,
        Method == ReturnMethod.Pickup && Pickup is { } p ? new StartPickup(p.Line1, p.Line2, p.Postcode, p.City, p.Date) : null,
        ShopLanguage.Current, idempotencyKey);
}

public sealed class LineChoice
{
    public int? ReasonId { get; set; }
    public string? Comment { get; set; }
    public int? ExchangeVariantId { get; set; }
    public List<PhotoChoice> Photos { get; set; } = [];
}

public sealed record PhotoChoice(string FileKey, string ContentType, string FileName, long Length);

public sealed class PickupChoice
{
    public string? Line1 { get; set; }
    public string? Line2 { get; set; }
    public string? Postcode { get; set; }
    public string? City { get; set; }
    public DateOnly? Date { get; set; }
}

/// <summary>The wizard's state for this visitor: the order their cookie opens, their draft, and whether it is already confirmed.</summary>
public sealed record WizardState(int OrderId, ReturnDraft? Draft, DraftChoices Choices, string? ConfirmedRma)
{
    public string? IdempotencyKey => Draft?.Id.ToString("N");
}

/// <summary>Loads and saves the start-a-return draft named by the rp_draft cookie, for the order of the rp_order cookie.</summary>
public sealed class ReturnWizard(ReturnsDbContext db, CustomerOrderAccess access, TimeProvider clock)
{
    public const string CookieName = "rp_draft";

    public async Task<WizardState?> LoadAsync(HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (access.OrderId(http.Request) is not { } orderId)
        {
            return null;
        }
        ReturnDraft? draft = null;
        if (http.Request.Cookies.TryGetValue(CookieNames.Of(http).For(CookieName, "/returns"), out var text) && Guid.TryParse(text, out var id))
        {
            var now = clock.GetUtcNow().UtcDateTime;
            draft = await db.ReturnDrafts.SingleOrDefaultAsync(d => d.Id == id && d.OrderId == orderId && d.ExpiresAt > now, ct);
        }
        var choices = draft is null ? new DraftChoices() : JsonSerializer.Deserialize<DraftChoices>(draft.Data) ?? new DraftChoices();
        var key = draft?.Id.ToString("N");
        var rma = key is null ? null : await db.Returns.AsNoTracking().Where(r => r.IdempotencyKey == key).Select(r => r.Rma).SingleOrDefaultAsync(ct);
        return new WizardState(orderId, draft, choices, rma);
    }

    /// <summary>
    /// A middle step (reason, solution, shipping): the draft of this visitor's order, not confirmed yet, whose earlier
    /// steps are done (<paramref name="earlierStepsDone"/>); null when the customer must start again from the first step.
    /// </summary>
    public async Task<WizardState?> LoadStepAsync(HttpContext http, Func<DraftChoices, bool> earlierStepsDone, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(earlierStepsDone);
        return await LoadAsync(http, ct) is { ConfirmedRma: null } state && earlierStepsDone(state.Choices) ? state : null;
    }

    /// <summary>Saves the choices; a first save (or one after a confirmed return) starts a new draft and sets its cookie.</summary>
    public async Task SaveAsync(HttpContext http, WizardState state, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(state);
        var now = clock.GetUtcNow().UtcDateTime;
        var draft = state.Draft;
        if (draft is null || state.ConfirmedRma is not null)
        {
            draft = new ReturnDraft(state.OrderId, now);
            db.ReturnDrafts.Add(draft);
            http.Response.Cookies.Append(CookieNames.Of(http).For(CookieName, "/returns"), draft.Id.ToString(), new CookieOptions
            {
                HttpOnly = true,
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                Secure = http.Request.IsHttps,
                Path = "/returns",
                MaxAge = ReturnDraft.Lifetime,
            });
        }
        draft.Save(JsonSerializer.Serialize(state.Choices), now);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// An amount that never breaks across lines on a phone ("19,90 €", not "19,90" then "€"): every space of the
    /// culture's format becomes a no-break space.
    /// </summary>
    public static string Price(Money amount, IFormatProvider culture) => amount.Format(culture).Replace(' ', '\u00A0');

    /// <summary>Replaces the framework's English model-binding messages (a tampered "abc" for a number) with ours.</summary>
    public static void LocaliseBindingErrors(ModelStateDictionary modelState, IStringLocalizer l)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(l);
        foreach (var (key, entry) in modelState.Where(e => e.Value is { Errors.Count: > 0 }).ToList())
        {
            entry!.Errors.Clear();
            modelState.AddModelError(key, l["Start.Error.invalid_value"]);
        }
    }

    /// <summary>Puts each broken rule next to its field (see <paramref name="field"/>) and in the summary, localised.</summary>
    public static void AddErrors(
        ModelStateDictionary modelState, IEnumerable<StartError> errors, IStringLocalizer l, Func<StartError, string> field)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(field);
        foreach (var error in errors)
        {
            modelState.AddModelError(field(error), l["Start.Error." + error.Code]);
        }
    }
}
