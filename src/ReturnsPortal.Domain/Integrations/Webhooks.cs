using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Notifications;

namespace ReturnsPortal.Domain.Integrations;

/// <summary>The events a webhook subscription may ask for, and which outbox messages announce them (ADR 0072).</summary>
public static class WebhookEvents
{
    public const string ReturnCreated = MessageTypes.ReturnCreated;
    public const string ReturnStatusChanged = MessageTypes.ReturnStatusChanged;
    /// <summary>The one webhook event that is not an outbox message type: a status change to Resolved.</summary>
    public const string ReturnResolved = "return.resolved";
    public const string StockChanged = MessageTypes.StockChanged;
    public const string WithdrawalReceived = MessageTypes.WithdrawalReceived;

    public static readonly IReadOnlyList<string> All = [ReturnCreated, ReturnStatusChanged, ReturnResolved, StockChanged, WithdrawalReceived];

    /// <summary>
    /// The webhook events an outbox message stands for: its own type when it is a public event, plus
    /// <c>return.resolved</c> for a status change whose new status is Resolved.
    /// </summary>
    public static IReadOnlyList<string> Of(string type, string payload)
    {
        ArgumentNullException.ThrowIfNull(type);
        var events = new List<string>();
        if (All.Contains(type) && type != ReturnResolved)
        {
            events.Add(type);
        }
        if (type == ReturnStatusChanged && ToStatusOf(payload) == nameof(Returns.ReturnStatus.Resolved))
        {
            events.Add(ReturnResolved);
        }
        return events;
    }

    private static string? ToStatusOf(string payload)
    {
        try
        {
            return MessageJson.Read<ReturnStatusPayload>(payload).To;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// <c>X-ReturnsPortal-Signature: sha256=&lt;hex HMAC-SHA256(secret, timestamp + "." + body)&gt;</c>: the receiver
/// recomputes it over the raw body and the <c>X-ReturnsPortal-Timestamp</c> header, and refuses old timestamps.
/// </summary>
public static class WebhookSignature
{
    public const string EventHeader = "X-ReturnsPortal-Event";
    public const string TimestampHeader = "X-ReturnsPortal-Timestamp";
    public const string SignatureHeader = "X-ReturnsPortal-Signature";
    public const string DeliveryHeader = "X-ReturnsPortal-Delivery";

    public static string Compute(string secret, string timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body));
        return "sha256=" + Convert.ToHexStringLower(mac);
    }

    /// <summary>Constant-time check of a received signature (what a receiver does).</summary>
    public static bool Verify(string secret, string timestamp, string body, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Compute(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature));
}

/// <summary>An endpoint of the merchant that receives signed events (Admin, /manage/webhooks).</summary>
public sealed class WebhookSubscription
{
    public const int UrlLength = 500;
    public const int SecretLength = 80;
    public const int EventsLength = 200;

    private WebhookSubscription() { }

    public int Id { get; private set; }
    public string Url { get; private set; } = "";
    /// <summary>Space-separated events, see <see cref="WebhookEvents"/>.</summary>
    public string Events { get; private set; } = "";
    /// <summary>Kept in clear: the portal needs it to sign every delivery (a hash could not sign). Shown once.</summary>
    public string Secret { get; private set; } = "";
    public bool IsActive { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string? CreatedBy { get; private set; }

    public static WebhookSubscription Create(string url, IEnumerable<string> events, string secret, string? createdBy, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(events);
        var list = events.Distinct(StringComparer.Ordinal).ToList();
        if (!IsAcceptableUrl(url))
        {
            throw new DomainException("webhook.url", "A webhook URL is https, or http on localhost.");
        }
        if (list.Count == 0 || list.Any(e => !WebhookEvents.All.Contains(e)))
        {
            throw new DomainException("webhook.events", "A webhook needs at least one known event.");
        }
        return new WebhookSubscription
        {
            Url = url.Trim(),
            Events = string.Join(' ', WebhookEvents.All.Where(list.Contains)),
            Secret = secret,
            IsActive = true,
            CreatedBy = createdBy,
            CreatedAt = at,
        };
    }

    /// <summary>whsec_ + 32 random bytes in hex.</summary>
    public static string GenerateSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>https anywhere; plain http only to this machine (a receiver under development), never across a network.</summary>
    public static bool IsAcceptableUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Trim().Length > UrlLength
            || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return false;
        }
        return uri.Scheme == Uri.UriSchemeHttps
            || (uri.Scheme == Uri.UriSchemeHttp && (uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)));
    }

    public bool Wants(string @event) => IsActive && Events.Split(' ').Contains(@event, StringComparer.Ordinal);

    public void Activate(bool active) => IsActive = active;
}

public enum WebhookDeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}

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

    public static WebhookDelivery For(WebhookSubscription subscription, OutboxMessage message, string @event, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(message);
        // The receiver's envelope: a stable id (retries carry the same one, so receivers can de-duplicate), the event, the data.
        var body = $$"""{"id":"{{message.Id}}-{{@event}}","event":"{{@event}}","occurredAt":{{JsonSerializer.Serialize(message.OccurredAt)}},"data":{{message.Payload}}}""";
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

/// <summary>One try of a delivery: the HTTP status the receiver answered (none when it could not be reached) or the error.</summary>
public sealed class WebhookAttempt
{
    private WebhookAttempt() { }

    public WebhookAttempt(DateTime at, int? statusCode, string? error, int durationMs)
    {
        At = at;
        StatusCode = statusCode;
        Error = error;
        DurationMs = durationMs;
    }

    public long Id { get; private set; }
    public long DeliveryId { get; private set; }
    public DateTime At { get; private set; }
    public int? StatusCode { get; private set; }
    public string? Error { get; private set; }
    public int DurationMs { get; private set; }

    public static bool IsSuccess(HttpStatusCode code) => (int)code is >= 200 and < 300;
}
