using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// The reverse proxies (TLS at the proxy) whose X-Forwarded-For and X-Forwarded-Proto are believed (ADR 0108). Only
/// these: a header from any other address is ignored, so a visitor cannot pose as another IP or as HTTPS.
/// </summary>
public sealed class ProxyOptions : IValidatableObject
{
    public const string Section = "Proxy";

    /// <summary>Single proxy addresses ("10.0.0.5", "fd00::5").</summary>
    public IList<string> KnownProxies { get; init; } = [];

    /// <summary>Proxy networks in CIDR notation ("10.0.0.0/8", "fd00::/8"), e.g. a container network.</summary>
    public IList<string> KnownNetworks { get; init; } = [];

    /// <summary>
    /// How many proxies, from the right of X-Forwarded-For, are read: 1 (one proxy in front, the usual install). Raise
    /// it only when a known proxy sits behind another known proxy (CDN → nginx), each listed above.
    /// </summary>
    [Range(1, 10, ErrorMessage = "Proxy:ForwardLimit must be between 1 and 10 (the number of proxies in front of the portal).")]
    public int ForwardLimit { get; init; } = 1;

    /// <summary>
    /// False when no proxy is configured: then the forwarded-headers middleware is not used at all, because with empty
    /// lists it would believe every sender.
    /// </summary>
    public bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public IEnumerable<IPAddress> Proxies() => KnownProxies.Select(p => ParseAddress(p)!);

    public IEnumerable<IPNetwork> Networks() => KnownNetworks.Select(IPNetwork.Parse);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < KnownProxies.Count; i++)
        {
            if (ParseAddress(KnownProxies[i]) is null)
            {
                yield return new ValidationResult(
                    $"Proxy:KnownProxies:{i} '{KnownProxies[i]}' is not an IP address (expected e.g. 10.0.0.5 or fd00::5).",
                    [nameof(KnownProxies)]);
            }
        }
        for (var i = 0; i < KnownNetworks.Count; i++)
        {
            if (!IsNetwork(KnownNetworks[i]))
            {
                yield return new ValidationResult(
                    $"Proxy:KnownNetworks:{i} '{KnownNetworks[i]}' is not a network in CIDR notation (expected e.g. 10.0.0.0/8 or fd00::/8).",
                    [nameof(KnownNetworks)]);
            }
        }
    }

    // A base address with bits set after the prefix ("10.0.0.1/8") is a typo, not a network: refused.
    private static bool IsNetwork(string? text) =>
        IPNetwork.TryParse(text, out var network)
        && ParseAddress(text!.Split('/')[0]) is { } address
        && network.BaseAddress.Equals(address);

    // IPAddress.TryParse takes "10" for 0.0.0.10: an IPv4 address here must have its four parts.
    private static IPAddress? ParseAddress(string? text) =>
        IPAddress.TryParse(text, out var address)
        && (address.AddressFamily == AddressFamily.InterNetworkV6 || text.Count(c => c == '.') == 3)
            ? address
            : null;
}
