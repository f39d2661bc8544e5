using Microsoft.AspNetCore.Authorization;
using ReturnsPortal.Domain.Integrations;

namespace ReturnsPortal.Web.Pages.Manage.ApiKeys;

/// <summary>
/// Admins create API keys (name and scopes; the key is shown once, only its SHA-256 hash is stored) and revoke
/// them; the list shows when each key was last used (ADR 0070).
/// </summary>
[Authorize(Policy = AccessPolicies.Admin)]
public sealed class ApiKeysModel(ReturnsDbContext db, TimeProvider clock, IValidator<ApiKeysModel.Input> validator, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty] public Input Form { get; set; } = new();
    public IReadOnlyList<Row> Keys { get; private set; } = [];
    /// <summary>The key just created, shown this once (TempData is read once).</summary>
    public string? NewKey { get; private set; }
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        (NewKey, Message) = ShownOnce.Read(TempData);
        Keys = await db.ApiKeys.AsNoTracking()
            .OrderBy(k => k.RevokedAt != null).ThenBy(k => k.Name)
            .Select(k => new Row(k.Id, k.Name, k.Scopes, k.CreatedAt, k.LastUsedAt, k.RevokedAt))
            .ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (await this.RedisplayIfInvalidAsync(validator, Form, nameof(Form), () => OnGetAsync(ct), ct) is { } invalid)
        {
            return invalid;
        }
        var key = ApiKey.Generate();
        db.ApiKeys.Add(ApiKey.Create(Form.Name!, Form.Scopes, key, User.Identity?.Name, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
        return this.RedirectShowingOnce(l["ApiKeys.Created", Form.Name!.Trim()].Value, key);
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken ct)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct);
        if (key is null)
        {
            return NotFound();
        }
        key.Revoke(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return this.RedirectShowingOnce(l["ApiKeys.Revoked", key.Name].Value);
    }

    public sealed record Row(int Id, string Name, string Scopes, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

    public sealed record Input
    {
        public string? Name { get; set; }
        public List<string> Scopes { get; set; } = [];
    }

    public sealed class InputValidator : AbstractValidator<Input>
    {
        public InputValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(i => i.Name).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage(_ => l["ApiKeys.NameRequired"])
                .Must(n => n!.Trim().Length <= ApiKey.NameLength).WithMessage(_ => l["ApiKeys.NameTooLong", ApiKey.NameLength]);
            RuleFor(i => i.Scopes).Must(s => s.Count > 0 && s.All(ApiScopes.All.Contains)).WithMessage(_ => l["ApiKeys.ScopesRequired"]);
        }
    }
}
