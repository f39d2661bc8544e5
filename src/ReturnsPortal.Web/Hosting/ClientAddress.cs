using System.Net;
using System.Net.Sockets;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// The client a per-address limit counts: an IPv4 address as it is, an IPv6 address by its /64 (one subscriber or
/// one network gets a whole /64, so counting exact IPv6 addresses counts nothing), an IPv4-mapped IPv6 address as
/// the IPv4 address it carries (ADR 0122).
/// </summary>
public static class ClientAddress
{
    public static string Partition(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
