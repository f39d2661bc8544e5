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
            .Include(r => r.Lines).ThenInclude(l => l.InspectionPhotos)
            .AsSplitQuery();

    /// <summary>
    /// Whether <paramref name="request"/> is its customer's first return: no earlier one (by id) for the same order
    /// e-mail that was not cancelled, as <see cref="ReturnStarter"/> decided when quoting it.
    /// </summary>
    public static async Task<bool> IsFirstReturnAsync(this IQueryable<ReturnRequest> returns, ReturnRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var email = (request.Order ?? throw new InvalidOperationException("Load the order.")).Email;
        var id = request.Id;
        return !await returns.AnyAsync(r => r.Id < id && r.Order!.Email == email && r.Status != ReturnStatus.Cancelled, ct);
    }
}
