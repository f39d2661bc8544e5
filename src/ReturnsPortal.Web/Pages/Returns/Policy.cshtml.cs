using ReturnsPortal.Domain.Policies;

namespace ReturnsPortal.Web.Pages.Returns;

/// <summary>The public return policy in plain words, from the current version, with the legal rights that always apply.</summary>
public sealed class PolicyModel(ReturnsDbContext db) : PageModel
{
    public PolicyText? Text { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var current = await db.Policies.AsNoTracking().CurrentAsync(ct);
        if (current is not null)
        {
            Text = await PolicyText.BuildAsync(db, current, ShopLanguage.CurrentIsFrench, ct);
        }
        return Page();
    }
}
