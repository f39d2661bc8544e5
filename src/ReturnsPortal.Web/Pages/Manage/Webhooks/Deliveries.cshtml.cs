using Microsoft.AspNetCore.Authorization;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Web.Integrations;

namespace ReturnsPortal.Web.Pages.Manage.Webhooks;

/// <summary>The delivery log: each delivery with every attempt's HTTP status or error, and Retry for failed ones.</summary>
[Authorize(Policy = AccessPolicies.Admin)]
public sealed class DeliveriesModel(ReturnsDbContext db, TimeProvider clock) : PageModel
{
    public const int ListLimit = 200;

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public WebhookDeliveryStatus? Status { get; private set; }
    public int? Subscription { get; private set; }
    public long? Retried { get; private set; }

    public async Task OnGetAsync(WebhookDeliveryStatus? status, int? subscription, long? retried, CancellationToken ct)
    {
        Status = status;
        Subscription = subscription;
        Retried = retried;
        var query = db.WebhookDeliveries.AsNoTracking();
        if (status is { } s)
        {
            query = query.Where(d => d.Status == s);
        }
        if (subscription is { } id)
        {
            query = query.Where(d => d.SubscriptionId == id);
        }
        Rows = await query.OrderByDescending(d => d.Id).Take(ListLimit)
            .Select(d => new Row(d.Id, d.Subscription!.Url, d.Event, d.Status, d.Attempts, d.CreatedAt, d.NextAttemptAt, d.DeliveredAt,
                d.Log.OrderBy(a => a.Id).Select(a => new AttemptRow(a.At, a.StatusCode, a.Error, a.DurationMs)).ToList()))
            .ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostRetryAsync(long id, CancellationToken ct)
    {
        var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == id, ct);
        return await AdminRetry.RetryAsync(db, delivery, d => d.Retry(clock.GetUtcNow().UtcDateTime), ct)
            ? RedirectToPage(new { retried = id })
            : NotFound();
    }

    public sealed record AttemptRow(DateTime At, int? StatusCode, string? Error, int DurationMs)
    {
        /// <summary>
        /// The attempt's error class in words (ADR 0123), never stored exception text: a row written before that rule
        /// (free text) is shown as a generic network error.
        /// </summary>
        public string? Describe(IStringLocalizer l)
        {
            ArgumentNullException.ThrowIfNull(l);
            return Error switch
            {
                null => null,
                OutboundFailure.Http => l["Webhooks.Error.http", StatusCode ?? 0].Value,
                var known when OutboundFailure.All.Contains(known) || known == WebhookSecrets.UnreadableFailure => l["Webhooks.Error." + known].Value,
                _ => StatusCode is { } code ? l["Webhooks.Error.http", code].Value : l["Webhooks.Error." + OutboundFailure.Network].Value,
            };
        }
    }

    public sealed record Row(
        long Id, string Url, string Event, WebhookDeliveryStatus Status, int Attempts, DateTime CreatedAt, DateTime? NextAttemptAt,
        DateTime? DeliveredAt, IReadOnlyList<AttemptRow> Log);
}
