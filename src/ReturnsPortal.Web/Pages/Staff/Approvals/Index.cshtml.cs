using Microsoft.AspNetCore.Authorization;

namespace ReturnsPortal.Web.Pages.Staff.Approvals;

/// <summary>Settlements above the four-eyes threshold, oldest first, for a Manager who did not decide them.</summary>
[Authorize(Policy = AccessPolicies.Manage)]
public sealed class ApprovalsModel(ReturnsDbContext db) : PageModel
{
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var rows = await db.Returns.AsNoTracking().Where(r => r.Status == ReturnStatus.AwaitingApproval)
            .OrderBy(r => r.UpdatedAt).ThenBy(r => r.Id)
            .Select(r => new
            {
                r.Rma,
                OrderNumber = r.Order!.Number,
                r.Order.Currency,
                r.DecidedBy,
                r.UpdatedAt,
                Totals = r.Lines.Where(l => l.Decision != null).Select(l => l.Decision!.Total.Minor).ToList(),
            })
            .ToListAsync(ct);
        Rows = [.. rows.Select(r => new Row(r.Rma, r.OrderNumber, r.DecidedBy, r.UpdatedAt, new Money(r.Totals.Sum(), r.Currency)))];
    }

    public sealed record Row(string Rma, string OrderNumber, string? DecidedBy, DateTime SubmittedAt, Money Total);
}
