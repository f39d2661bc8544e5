using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Web.Pages.Staff;

/// <summary>The warehouse queue: counts per status and the most recent returns, filterable by status in the URL.</summary>
public sealed class QueueModel(ReturnsDbContext db) : PageModel
{
    public const int PageSize = 100;

    public ReturnStatus? Status { get; private set; }
    public IReadOnlyList<StatusCount> Counts { get; private set; } = [];
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(ReturnStatus? status, CancellationToken ct)
    {
        Status = status;
        var counts = await db.Returns.AsNoTracking()
            .GroupBy(r => r.Status)
            .Select(g => new StatusCount(g.Key, g.Count()))
            .ToListAsync(ct);
        Counts = [.. Enum.GetValues<ReturnStatus>().Select(s => counts.FirstOrDefault(c => c.Status == s) ?? new StatusCount(s, 0))];

        var query = db.Returns.AsNoTracking();
        if (status is { } wanted)
        {
            query = query.Where(r => r.Status == wanted);
        }
        Rows = await query
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Take(PageSize)
            .Select(r => new Row(r.Rma, r.Order!.Number, r.Status, r.Method, r.Lines.Sum(l => l.Quantity), r.CreatedAt))
            .ToListAsync(ct);
    }

    public sealed record StatusCount(ReturnStatus Status, int Count);

    public sealed record Row(string Rma, string OrderNumber, ReturnStatus Status, ReturnMethod Method, int Items, DateTime CreatedAt);
}
