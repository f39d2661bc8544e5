using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.BackOffice;

public static class WarehouseQueries
{
    /// <summary>A return with everything its warehouse methods (receive, inspect, decide, settle) need.</summary>
    public static IQueryable<ReturnRequest> ForWarehouse(this IQueryable<ReturnRequest> returns) =>
        returns
            .Include(r => r.Order)
            .Include(r => r.Policy!).ThenInclude(p => p.MethodFees)
            .Include(r => r.Policy!).ThenInclude(p => p.Checklist)
            .Include(r => r.Policy!).ThenInclude(p => p.CategoryOverrides)
            .Include(r => r.Lines).ThenInclude(l => l.OrderLine!).ThenInclude(o => o.Variant!).ThenInclude(v => v.Product)
            .Include(r => r.Lines).ThenInclude(l => l.OrderLine)
            .Include(r => r.Lines).ThenInclude(l => l.Reason)
            .Include(r => r.Lines).ThenInclude(l => l.Decision)
            .AsSplitQuery();
}
