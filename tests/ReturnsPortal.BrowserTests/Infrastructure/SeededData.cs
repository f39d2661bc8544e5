using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.BrowserTests.Infrastructure;

/// <summary>Seeded returns and orders a journey can start from, picked from the end of the lists to stay clear of other tests.</summary>
public static class SeededData
{
    public sealed record SeededReturn(string Rma, string Email);

    public sealed record SeededOrder(string Number, string Email, string CustomerName);

    public static async Task<SeededReturn> ReturnAsync(this BrowserPortal portal, ReturnStatus status, int fromEnd)
    {
        ArgumentNullException.ThrowIfNull(portal);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        return await db.Returns.AsNoTracking().Where(r => r.Status == status).OrderByDescending(r => r.Id).Skip(fromEnd)
            .Select(r => new SeededReturn(r.Rma, r.Order!.Email)).FirstAsync();
    }

    /// <summary>An order delivered within the last ten days (inside the withdrawal period), other than the demo orders.</summary>
    public static async Task<SeededOrder> RecentOrderAsync(this BrowserPortal portal, int fromEnd)
    {
        ArgumentNullException.ThrowIfNull(portal);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var since = DateTime.UtcNow.AddDays(-10);
        return await db.Orders.AsNoTracking()
            // Orders that journeys insert for themselves ("TEST-…") are not the seeded ones and would shift the picks.
            .Where(o => o.DeliveredAt > since && !o.Number.StartsWith("DEMO-") && !o.Number.StartsWith("TEST-"))
            .OrderByDescending(o => o.Id).Skip(fromEnd)
            .Select(o => new SeededOrder(o.Number, o.Email, o.CustomerName)).FirstAsync();
    }
}
