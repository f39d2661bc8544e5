using System.Net;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Security;

public sealed class AsvsV2ValidationAndBusinessLogicTests_Sqlite(SqliteProofLimitedPortalFactory factory)
    : AsvsV2ValidationAndBusinessLogicTests(factory), IClassFixture<SqliteProofLimitedPortalFactory>;

public sealed class AsvsV2ValidationAndBusinessLogicTests_Postgres(PostgresProofLimitedPortalFactory factory)
    : AsvsV2ValidationAndBusinessLogicTests(factory), IClassFixture<PostgresProofLimitedPortalFactory>;

/// <summary>
/// OWASP ASVS 5.0 chapter V2 (Validation and Business Logic), as it applies to a customer's proofs: anti-automation
/// (V2.4), business logic limits (V2.3) and related data items checked together (V2.2). Limits of
/// <see cref="ProofLimitedPortalFactory"/>: 3 proofs per address, 3 wrong proofs per order number or RMA.
/// </summary>
public abstract class AsvsV2ValidationAndBusinessLogicTests(ProofLimitedPortalFactory factory)
{
    /// <summary>V2.4.1: anti-automation controls protect against excessive calls to application functions.</summary>
    [Fact]
    [Trait("ASVS", "5.0 V2.4.1")]
    public async Task Every_door_that_takes_a_customer_proof_is_limited_per_client_address()
    {
        var doors = new (string Name, Func<HttpClient, Task<HttpResponseMessage>> Try, bool Api)[]
        {
            ("find order", c => ProofSteps.FindOrderAsync(c, NewNumber(), new Dictionary<string, string> { ["Form.Email"] = "x@example.org" }), false),
            ("withdraw", c => ProofSteps.WithdrawIdentifyAsync(c, NewNumber(), "x@example.org"), false),
            ("track", c => ProofSteps.TrackAsync(c, RmaNumber.Generate(), "x@example.org"), false),
            ("eligibility API", c => ProofSteps.ApiGetAsync(c, $"/api/v1/orders/{NewNumber()}/eligibility?email=x@example.org"), true),
            ("return API", c => ProofSteps.ApiGetAsync(c, $"/api/v1/returns/{RmaNumber.Generate()}?email=x@example.org"), true),
            ("label API", c => ProofSteps.ApiGetAsync(c, $"/api/v1/returns/{RmaNumber.Generate()}/label?email=x@example.org"), true),
        };
        foreach (var (name, tryDoor, api) in doors)
        {
            var client = factory.ClientFrom(factory.NewIPv4());
            for (var n = 1; n <= ProofLimitedPortalFactory.PerAddress; n++)
            {
                using var tried = await tryDoor(client);
                tried.StatusCode.ShouldNotBe(HttpStatusCode.TooManyRequests, $"{name}: attempt {n} is within the limit");
            }

            using var refused = await tryDoor(client);

            if (api)
            {
                await ProofSteps.ShouldBeRefusedProblemAsync(refused);
            }
            else
            {
                await ProofSteps.ShouldBeRefusedPageAsync(refused);
            }
        }
    }

    /// <summary>V2.3.2: business logic limits are implemented per the documentation (ADR 0122: failures per order, right proof refused past them).</summary>
    [Fact]
    [Trait("ASVS", "5.0 V2.3.2")]
    public async Task Walking_postcodes_and_names_against_one_order_from_many_addresses_stops_and_the_right_proof_is_refused_then()
    {
        var order = await TestReturns.NewOrderAsync(factory);
        for (var n = 1; n <= ProofLimitedPortalFactory.FailuresPerOrder; n++)
        {
            using var guess = await ProofSteps.FindOrderAsync(factory.ClientFrom(factory.NewIPv4()), order.Number,
                new Dictionary<string, string> { ["Form.Postcode"] = $"7500{n}", ["Form.LastName"] = "Test" });
            guess.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var right = await ProofSteps.FindOrderAsync(factory.ClientFrom(factory.NewIPv4()), order.Number,
            new Dictionary<string, string> { ["Form.Email"] = order.Email });

        await ProofSteps.ShouldBeRefusedPageAsync(right);
    }

    /// <summary>V2.2.3: combinations of related data items are reasonable according to pre-defined rules (a postcode proves an order only with its last name).</summary>
    [Fact]
    [Trait("ASVS", "5.0 V2.2.3")]
    public async Task A_postcode_proves_an_order_only_together_with_the_customers_last_name()
    {
        var order = await TestReturns.NewOrderAsync(factory);
        // Test orders are delivered to 69003 for "Camille Test".
        using (var alone = await ProofSteps.FindOrderAsync(factory.ClientFrom(factory.NewIPv4()), order.Number,
            new Dictionary<string, string> { ["Form.Postcode"] = "69003" }))
        {
            alone.StatusCode.ShouldBe(HttpStatusCode.OK);
            alone.Headers.Contains("Set-Cookie").ShouldBeFalse();
        }
        using (var otherName = await ProofSteps.FindOrderAsync(factory.ClientFrom(factory.NewIPv4()), order.Number,
            new Dictionary<string, string> { ["Form.Postcode"] = "69003", ["Form.LastName"] = "Dupont" }))
        {
            otherName.StatusCode.ShouldBe(HttpStatusCode.OK);
            otherName.Headers.Contains("Set-Cookie").ShouldBeFalse();
        }

        using var both = await ProofSteps.FindOrderAsync(factory.ClientFrom(factory.NewIPv4()), order.Number,
            new Dictionary<string, string> { ["Form.Postcode"] = "69 003", ["Form.LastName"] = " TEST " });

        both.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        both.Headers.Location!.OriginalString.ShouldBe("/returns/order");
    }

    private static string NewNumber() => $"N-{Guid.NewGuid():N}"[..20];
}
