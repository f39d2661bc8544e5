using System.Text.Json;
using ReturnsPortal.Domain.Notifications;

namespace ReturnsPortal.Domain.Integrations;

/// <summary>
/// One event for one subscription: the body is fixed at fan-out (the signature covers it), then tried with
/// exponential back-off until a 2xx or the maximum number of attempts (ADR 0072).
/// </summary>
public sealed class WebhookDelivery
{
    public const int EventLength = 50;
    public const int ErrorLength = 1000;
    public const int LockedByLength = 100;

    private WebhookDelivery() { }

    public long Id { get; private set; }
    public int SubscriptionId { get; private set; }
    public WebhookSubscription? Subscription { get; private set; }
    public long OutboxMessageId { get; private set; }
    public string Event { get; private set; } = "";
    public string Body { get; private set; } = "";
    public WebhookDeliveryStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? NextAttemptAt { get; private set; }
    public DateTime? DeliveredAt { get; private set; }
    public string? LockedBy { get; set; }
    public DateTime? LockedUntil { get; set; }
    public List<WebhookAttempt> Log { get; } = [];

    /// <summary>
    /// A delivery of <paramref name="message"/>; its data is what receivers may see (<see cref="WebhookPayloads.DataOf"/>:
    /// roles, not staff e-mails, no internal notes), <paramref name="staffRoles"/> mapping staff e-mails to their role.
    /// </summary>
    public static WebhookDelivery For(
        WebhookSubscription subscription, OutboxMessage message, string @event, DateTime at, IReadOnlyDictionary<string, string>? staffRoles = null)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(message);
        var data = WebhookPayloads.DataOf(message.Type, message.Payload, staffRoles);
        // The receiver's envelope: a stable id (retries carry the same one, so receivers can de-duplicate), the event, the data.
        var body = $$"""{"id":"{{message.Id}}-{{@event}}","event":"{{@event}}","occurredAt":{{JsonSerializer.Serialize(message.OccurredAt)}},"data":{{data}}}""";
        return new WebhookDelivery
        {
            SubscriptionId = subscription.Id,
            Subscription = subscription,
            OutboxMessageId = message.Id,
            Event = @event,
            Body = body,
            Status = WebhookDeliveryStatus.Pending,
            CreatedAt = at,
            NextAttemptAt = at,
        };
    }

    public void RecordSuccess(int statusCode, DateTime at, int durationMs)
    {
        Attempts++;
        Log.Add(new WebhookAttempt(at, statusCode, null, durationMs));
        Status = WebhookDeliveryStatus.Delivered;
        DeliveredAt = at;
        NextAttemptAt = null;
        LockedBy = null;
        LockedUntil = null;
    }

    /// <summary>A non-2xx answer or no answer: tried again after base × 2^(attempts − 1), failed at <paramref name="maxAttempts"/>.</summary>
    public void RecordFailure(int? statusCode, string error, DateTime at, int durationMs, int maxAttempts, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentNullException.ThrowIfNull(error);
        Attempts++;
        Log.Add(new WebhookAttempt(at, statusCode, error.Length <= ErrorLength ? error : error[..ErrorLength], durationMs));
        LockedBy = null;
        LockedUntil = null;
        if (Attempts >= maxAttempts)
        {
            Status = WebhookDeliveryStatus.Failed;
            NextAttemptAt = null;
        }
        else
        {
            NextAttemptAt = at + OutboxMessage.BackOff(Attempts, baseDelay, maxDelay);
        }
    }

    /// <summary>An Admin's retry: tried again at once with a fresh series of attempts; the log keeps the old ones.</summary>
    public void Retry(DateTime at)
    {
        if (Status == WebhookDeliveryStatus.Delivered)
        {
            throw new DomainException("webhook.already_delivered", $"Delivery {Id} was already delivered.");
        }
        Status = WebhookDeliveryStatus.Pending;
        Attempts = 0;
        NextAttemptAt = at;
        LockedBy = null;
        LockedUntil = null;
    }
}
