using System.Net;
using ReturnsPortal.Domain.Integrations;

namespace ReturnsPortal.Domain.Tests.Integrations;

/// <summary>The address ranges the portal never calls (ADR 0123), IPv4, IPv6 and the IPv6 forms that carry an IPv4 address.</summary>
public sealed class OutboundAddressesTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.254")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.255")]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("224.0.0.251")]
    [InlineData("198.18.0.1")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::127.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("2002:7f00:1::1")]
    [InlineData("2001:db8::1")]
    public void Loopback_private_link_local_multicast_unique_local_cgnat_and_their_mapped_forms_are_refused(string address) =>
        OutboundAddresses.IsForbidden(IPAddress.Parse(address)).ShouldBeTrue();

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("169.255.0.1")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    [InlineData("::ffff:93.184.216.34")]
    [InlineData("64:ff9b::808:808")]
    public void Public_unicast_addresses_are_allowed(string address) =>
        OutboundAddresses.IsForbidden(IPAddress.Parse(address)).ShouldBeFalse();

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("LOCALHOST.", true)]
    [InlineData("admin.localhost", true)]
    [InlineData("[::1]", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("", true)]
    [InlineData("shop.example.com", false)]
    [InlineData("93.184.216.34", false)]
    public void A_typed_host_is_refused_when_it_is_a_forbidden_literal_or_localhost(string host, bool forbidden) =>
        OutboundAddresses.IsForbiddenHost(host).ShouldBe(forbidden);
}
