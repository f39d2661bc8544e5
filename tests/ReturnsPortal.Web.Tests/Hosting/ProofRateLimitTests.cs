using System.Net;
using ReturnsPortal.Web.Hosting;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Hosting;

/// <summary>Which client a per-address proof limit counts (ADR 0122): IPv4 as is, IPv6 by its /64, IPv4-mapped as IPv4.</summary>
public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff:eeee:dddd:cccc", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    [InlineData("::1", "::/64")]
    public void An_address_is_counted_by_its_partition(string address, string partition) =>
        ClientAddress.Partition(IPAddress.Parse(address)).ShouldBe(partition);

    [Fact]
    public void No_address_is_one_unknown_client() => ClientAddress.Partition(null).ShouldBe("unknown");
}

public sealed class ProofRateLimitTests_Sqlite(SqliteProofLimitedPortalFactory factory)
    : ProofRateLimitTests(factory), IClassFixture<SqliteProofLimitedPortalFactory>;

public sealed class ProofRateLimitTests_Postgres(PostgresProofLimitedPortalFactory factory)
    : ProofRateLimitTests(factory), IClassFixture<PostgresProofLimitedPortalFactory>;

/// <summary>The per-address counter over HTTP, shared by the doors of one family, from the connection's address.</summary>
public abstract class ProofRateLimitTests(ProofLimitedPortalFactory factory)
{
    [Fact]
    public async Task Two_ipv6_addresses_of_one_64_share_a_counter_and_another_64_has_its_own()
    {
        var prefix = $"2001:db8:{Random.Shared.Next(1, 0xffff):x}:{Random.Shared.Next(1, 0xffff):x}";
        for (var n = 1; n <= ProofLimitedPortalFactory.PerAddress; n++)
        {
            // Every try from a new address of the same /64, as one host can do.
            using var tried = await WrongLookUpAsync($"{prefix}::{n:x}");
            tried.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var sameNetwork = await WrongLookUpAsync($"{prefix}:ffff:eeee:dddd:cccc");
        await ProofSteps.ShouldBeRefusedPageAsync(sameNetwork);

        using var otherNetwork = await WrongLookUpAsync($"2001:db9:{Random.Shared.Next(1, 0xffff):x}::1");
        otherNetwork.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_ipv4_mapped_ipv6_address_counts_as_its_ipv4_address_across_the_doors()
    {
        var ipv4 = factory.NewIPv4();
        using (var first = await WrongLookUpAsync(ipv4))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        using (var tracked = await ProofSteps.TrackAsync(factory.ClientFrom("::ffff:" + ipv4), Domain.Returns.RmaNumber.Generate(), "someone@example.org"))
        {
            tracked.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        using (var withdrawn = await ProofSteps.WithdrawIdentifyAsync(factory.ClientFrom(ipv4), NewNumber(), "someone@example.org"))
        {
            withdrawn.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var api = await ProofSteps.ApiGetAsync(factory.ClientFrom("::ffff:" + ipv4), $"/api/v1/orders/{NewNumber()}/eligibility?email=someone@example.org");

        await ProofSteps.ShouldBeRefusedProblemAsync(api);
    }

    /// <summary>A wrong look-up of an order number nobody else tries, so that only the address's counter can refuse it.</summary>
    private Task<HttpResponseMessage> WrongLookUpAsync(string address) =>
        ProofSteps.FindOrderAsync(factory.ClientFrom(address), NewNumber(), new Dictionary<string, string> { ["Form.Email"] = "someone@example.org" });

    private static string NewNumber() => $"N-{Guid.NewGuid():N}"[..20];
}
