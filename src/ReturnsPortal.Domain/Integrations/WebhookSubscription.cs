using System.Security.Cryptography;

namespace ReturnsPortal.Domain.Integrations;

/// <summary>An endpoint of the merchant that receives signed events (Admin, /manage/webhooks).</summary>
public sealed class WebhookSubscription
{
    public const int UrlLength = 500;
    /// <summary>Room for the Data Protection envelope of a secret (ADR 0124): about 230 characters for a 70-character one.</summary>
    public const int SecretLength = 500;
    public const int EventsLength = 200;

    private WebhookSubscription() { }

    public int Id { get; private set; }
    public string Url { get; private set; } = "";
    /// <summary>Space-separated events, see <see cref="WebhookEvents"/>.</summary>
    public string Events { get; private set; } = "";
    /// <summary>
    /// The signing secret as stored: encrypted by the web layer's Data Protection (ADR 0124; a hash could not sign), or
    /// a row from before that still in clear, encrypted on its first use. Shown once, in clear, at creation.
    /// </summary>
    public string Secret { get; private set; } = "";
    public bool IsActive { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string? CreatedBy { get; private set; }

    public static WebhookSubscription Create(string url, IEnumerable<string> events, string secret, string? createdBy, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(events);
        var list = events.Distinct(StringComparer.Ordinal).ToList();
        if (!IsWellFormedUrl(url))
        {
            throw new DomainException("webhook.url", "A webhook URL is an absolute http(s) URL without user info.");
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

    /// <summary>An absolute http(s) URL of at most <see cref="UrlLength"/> characters, without user info.</summary>
    public static bool IsWellFormedUrl(string? url) =>
        !string.IsNullOrWhiteSpace(url) && url.Trim().Length <= UrlLength
        && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && string.IsNullOrEmpty(uri.UserInfo)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>
    /// Why an admin may not subscribe <paramref name="url"/> (ADR 0123), or null: <c>webhook.url</c> (not a URL, or plain
    /// http to a host that is not an allowed development host), <c>webhook.https</c> (plain http where
    /// <paramref name="allowHttp"/> is false: outside Development), <c>webhook.private</c> (a literal address in a
    /// forbidden range, or localhost, not among <paramref name="allowedPrivateHosts"/>). A name is checked again at every
    /// connection: DNS can change.
    /// </summary>
    public static string? UrlProblem(string? url, bool allowHttp, IEnumerable<string> allowedPrivateHosts)
    {
        ArgumentNullException.ThrowIfNull(allowedPrivateHosts);
        if (!IsWellFormedUrl(url))
        {
            return "webhook.url";
        }
        var uri = new Uri(url!.Trim());
        var host = uri.IdnHost.TrimStart('[').TrimEnd(']');
        var allowedHost = allowedPrivateHosts.Any(h => string.Equals(h.Trim().TrimStart('[').TrimEnd(']'), host, StringComparison.OrdinalIgnoreCase));
        if (uri.Scheme != Uri.UriSchemeHttps && !(allowHttp && allowedHost))
        {
            return allowHttp ? "webhook.url" : "webhook.https";
        }
        return OutboundAddresses.IsForbiddenHost(host) && !allowedHost ? "webhook.private" : null;
    }

    public bool Wants(string @event) => IsActive && Events.Split(' ').Contains(@event, StringComparer.Ordinal);

    public void Activate(bool active) => IsActive = active;

    /// <summary>Replaces a secret still stored in clear by its encrypted form (ADR 0124); the secret itself is unchanged.</summary>
    public void ReplaceStoredSecret(string stored)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stored);
        if (stored.Length > SecretLength)
        {
            throw new DomainException("webhook.secret", $"A stored secret has at most {SecretLength} characters.");
        }
        Secret = stored;
    }
}
