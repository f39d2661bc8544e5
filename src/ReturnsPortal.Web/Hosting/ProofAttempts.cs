using Microsoft.Extensions.Options;
using ReturnsPortal.Domain.Operations;
using ReturnsPortal.Domain.Orders;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// Counts the wrong proofs of one order number or RMA, from every address together, in <c>RateLimitCounters</c>
/// (ADR 0122): walking e-mails against one order, or trying one order from many addresses, stops after
/// <see cref="ProofRateLimitOptions.FailuresPerOrder"/> wrong proofs per window. Each attempt takes a permit before the
/// proof is checked (so concurrent guesses cannot overshoot) and gives it back when the proof was right, so only
/// failures stay counted. Past the limit the right proof is refused too: otherwise the limit would prove nothing.
/// A database failure is left to the outage handling of the request (503, ADR 0114), like the proof's own query.
/// </summary>
public sealed class ProofAttempts(ReturnsDbContext db, TimeProvider clock, IOptions<ProofRateLimitOptions> options)
{
    /// <summary>The counter of wrong proofs for an order number, existing or not.</summary>
    public static string OrderKey(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        return "proof-fail:order:" + Order.NormaliseNumber(number);
    }

    /// <summary>The counter of wrong proofs for a (normalised) RMA, existing or not.</summary>
    public static string RmaKey(string rma)
    {
        ArgumentNullException.ThrowIfNull(rma);
        return "proof-fail:rma:" + rma;
    }

    /// <summary>Takes one attempt of <paramref name="key"/>: null when it may be tried, else how long to wait.</summary>
    public async Task<TimeSpan?> BeginAsync(string key, CancellationToken ct)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var take = await RateLimitCounters.TakeAsync(db, key, settings.FailuresPerOrder, TimeSpan.FromMinutes(settings.FailureWindowMinutes), now, ct);
        return take.Allowed ? null : take.RetryAfter(now);
    }

    /// <summary>The proof begun with <see cref="BeginAsync"/> was right: it is not a failure.</summary>
    public Task SucceededAsync(string key, CancellationToken ct) =>
        RateLimitCounters.GiveBackAsync(db, key, clock.GetUtcNow().UtcDateTime, ct);
}
