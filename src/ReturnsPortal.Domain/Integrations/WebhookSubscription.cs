using System.Security.Cryptography;

namespace ReturnsPortal.Domain.Integrations;

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
