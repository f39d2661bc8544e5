namespace ReturnsPortal.Web.Pages.Manage.Staff;

/// <summary>Admin only (folder convention): every staff account with its role, status and lock-out.</summary>
public sealed class StaffListModel(ReturnsDbContext db, TimeProvider clock) : PageModel
{
    public IReadOnlyList<StaffAccounts.Account> Accounts { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        Accounts = await db.Users.OrderBy(u => u.DisplayName).ThenBy(u => u.Email).Accounts(db).ToListAsync(ct);
    }
}
