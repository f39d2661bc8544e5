namespace ReturnsPortal.Web.Pages.Manage;

/// <summary>An admin's Retry of a failed outbox message or webhook delivery (the Outbox and Deliveries pages).</summary>
public static class AdminRetry
{
    /// <summary>
    /// False when <paramref name="item"/> does not exist (the page answers 404); otherwise retries and saves it. One
    /// sent or delivered meanwhile refuses the retry: nothing to do, and the list no longer shows it as failed.
    /// </summary>
    public static async Task<bool> RetryAsync<T>(ReturnsDbContext db, T? item, Action<T> retry, CancellationToken ct) where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(retry);
        if (item is null)
        {
            return false;
        }
        try
        {
            retry(item);
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException)
        {
            // Sent or delivered meanwhile.
        }
        return true;
    }
}
