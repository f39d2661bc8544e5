using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.Domain.Analytics;

/// <summary>
/// Customers who return most of what they buy (ADR 0042). A customer is the e-mail address of their orders (guest
/// orders have no account). Over the <see cref="WindowDays"/> days before now, a customer is a serial returner when
/// they made at least <see cref="MinReturns"/> returns (not cancelled, not expired) and returned at least
/// <see cref="MinRate"/> of the units they bought. Both conditions, so that one big return of a first order, or a
/// frequent buyer with a normal rate, is not called serial. Their new returns are flagged "inspect before refund".
/// </summary>
public sealed class SerialReturners(ReturnsDbContext db)
{
    public const int WindowDays = 365;
    public const int MinReturns = 5;
    public const double MinRate = 0.5;

    /// <summary>Upper bounds of the return-rate buckets of the distribution (the last one takes everything above).</summary>
    public static readonly IReadOnlyList<double> RateBuckets = [0.0, 0.1, 0.25, 0.5, 0.75, 1.0];

    private static readonly ReturnStatus[] NotReturned = [ReturnStatus.Cancelled, ReturnStatus.Expired];

    public static bool IsSerial(int returns, long unitsReturned, long unitsBought) =>
        returns >= MinReturns && unitsBought > 0 && (double)unitsReturned / unitsBought >= MinRate;

    /// <summary>Whether the customer of this e-mail is a serial returner now (one customer: reads their orders by index).</summary>
    public async Task<bool> IsSerialAsync(string email, DateTime now, CancellationToken ct)
    {
        var stats = await StatsAsync(now, email, ct);
        return stats.Count == 1 && stats[0].IsSerial;
    }

    /// <summary>The distribution of customers' return rates and the serial returners, worst first.</summary>
    public async Task<SerialReturnersReport> ReportAsync(DateTime now, CancellationToken ct)
    {
        var stats = await StatsAsync(now, null, ct);
        var buyers = stats.Where(s => s.UnitsBought > 0).ToList();
        var distribution = RateBuckets.Select((upper, i) => new RateBucket(
                i == 0 ? 0 : RateBuckets[i - 1], i == RateBuckets.Count - 1 ? null : upper,
                buyers.Count(b => i == 0 ? b.Rate == 0 : b.Rate > RateBuckets[i - 1] && (i == RateBuckets.Count - 1 || b.Rate <= upper))))
            .ToList();
        var serial = stats.Where(s => s.IsSerial)
            .OrderByDescending(s => s.Rate).ThenByDescending(s => s.Returns).ThenBy(s => s.Email, StringComparer.Ordinal)
            .ToList();
        return new SerialReturnersReport(now.AddDays(-WindowDays), now, buyers.Count, distribution, serial);
    }

    private async Task<List<CustomerReturnStats>> StatsAsync(DateTime now, string? email, CancellationToken ct)
    {
        var start = now.AddDays(-WindowDays);
        var orders = db.Orders.AsNoTracking().Where(o => email == null || o.Email == email);
        var bought = await (
                from line in db.OrderLines.AsNoTracking()
                join order in orders on line.OrderId equals order.Id
                where order.PlacedAt >= start && order.PlacedAt <= now
                group line by order.Email into g
                select new { Email = g.Key, Units = g.Sum(l => (long)l.Quantity) })
            .ToDictionaryAsync(b => b.Email, b => b.Units, ct);
        var counted = db.Returns.AsNoTracking().Where(r => r.CreatedAt >= start && r.CreatedAt <= now && !NotReturned.Contains(r.Status));
        var returns = await (
                from request in counted
                join order in orders on request.OrderId equals order.Id
                group request by order.Email into g
                select new { Email = g.Key, Count = g.Count() })
            .ToDictionaryAsync(r => r.Email, r => r.Count, ct);
        var returned = await (
                from line in db.ReturnLines.AsNoTracking()
                join request in counted on line.ReturnRequestId equals request.Id
                join order in orders on request.OrderId equals order.Id
                group new { line.Quantity, Value = line.Quantity * line.OrderLine!.UnitPricePaid.Minor } by order.Email into g
                select new { Email = g.Key, Units = g.Sum(l => (long)l.Quantity), Value = g.Sum(l => l.Value) })
            .ToDictionaryAsync(r => r.Email, ct);
        return bought.Keys.Union(returned.Keys)
            .Select(e => new CustomerReturnStats(
                e, returns.GetValueOrDefault(e), bought.GetValueOrDefault(e),
                returned.TryGetValue(e, out var r) ? r.Units : 0, returned.TryGetValue(e, out var v) ? v.Value : 0))
            .ToList();
    }
}
