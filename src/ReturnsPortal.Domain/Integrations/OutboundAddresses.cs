using System.Net;
using System.Net.Sockets;

namespace ReturnsPortal.Domain.Integrations;

/// <summary>
/// The addresses the portal never calls on behalf of a person or a provider (ADR 0123): anything that is not a public
/// unicast address on the internet. Checked on the address a socket is about to connect to, after DNS resolution, and
/// on a literal address typed into a form.
/// </summary>
public static class OutboundAddresses
{
    // IPv4 ranges that are not the public internet (RFC 6890 and friends), as (network, prefix length).
    private static readonly (uint Network, int Prefix)[] ForbiddenV4 =
    [
        (V4(0, 0, 0, 0), 8),        // "this network", 0.0.0.0 (unspecified) included
        (V4(10, 0, 0, 0), 8),       // RFC 1918
        (V4(100, 64, 0, 0), 10),    // carrier-grade NAT, RFC 6598
        (V4(127, 0, 0, 0), 8),      // loopback
        (V4(169, 254, 0, 0), 16),   // link-local, cloud metadata (169.254.169.254)
        (V4(172, 16, 0, 0), 12),    // RFC 1918
        (V4(192, 0, 0, 0), 24),     // IETF protocol assignments
        (V4(192, 0, 2, 0), 24),     // TEST-NET-1
        (V4(192, 88, 99, 0), 24),   // deprecated 6to4 relay anycast
        (V4(192, 168, 0, 0), 16),   // RFC 1918
        (V4(198, 18, 0, 0), 15),    // benchmarking
        (V4(198, 51, 100, 0), 24),  // TEST-NET-2
        (V4(203, 0, 113, 0), 24),   // TEST-NET-3
        (V4(224, 0, 0, 0), 4),      // multicast
        (V4(240, 0, 0, 0), 4),      // reserved, 255.255.255.255 (broadcast) included
    ];

    /// <summary>True when the portal must not connect to <paramref name="address"/>.</summary>
    public static bool IsForbidden(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return IsForbidden(address.MapToIPv4());
        }
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsForbiddenV4(address),
            AddressFamily.InterNetworkV6 => IsForbiddenV6(address),
            _ => true,
        };
    }

    /// <summary>
    /// True when <paramref name="host"/> (a URL's host) is a literal address in a forbidden range or a name that always
    /// means this machine; other names are checked when they are resolved, at every connection.
    /// </summary>
    public static bool IsForbiddenHost(string? host)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            return true;
        }
        var bare = host.Trim().TrimStart('[').TrimEnd(']').TrimEnd('.');
        if (IPAddress.TryParse(bare, out var literal))
        {
            return IsForbidden(literal);
        }
        return bare.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || bare.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsForbiddenV4(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        var value = V4(bytes[0], bytes[1], bytes[2], bytes[3]);
        return ForbiddenV4.Any(r => (value & Mask(r.Prefix)) == r.Network);
    }

    private static bool IsForbiddenV6(IPAddress address)
    {
        if (address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal)
        {
            return true;
        }
        var b = address.GetAddressBytes();
        // ::/96 (IPv4-compatible, deprecated) and 64:ff9b::/96 (NAT64) carry an IPv4 address: judge that one.
        if (b.Take(12).All(x => x == 0))
        {
            return true;
        }
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.Skip(4).Take(8).All(x => x == 0))
        {
            return IsForbiddenV4(new IPAddress(b[12..]));
        }
        // 2002::/16 (6to4) embeds an IPv4 address in bytes 2–5.
        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return IsForbiddenV4(new IPAddress(b[2..6]));
        }
        // 2001:db8::/32 documentation, 2001::/32 Teredo (tunnels to anywhere), 100::/64 discard.
        return (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
            || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00)
            || (b[0] == 0x01 && b[1] == 0x00 && b.Skip(2).Take(6).All(x => x == 0));
    }

    private static uint V4(int a, int b, int c, int d) => ((uint)a << 24) | ((uint)b << 16) | ((uint)c << 8) | (uint)d;

    private static uint Mask(int prefix) => prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
}
