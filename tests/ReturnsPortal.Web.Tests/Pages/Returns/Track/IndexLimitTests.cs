using System.Net;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Returns.Track;

public sealed class IndexLimitTests_Sqlite(SqliteProofLimitedPortalFactory factory)
    : IndexLimitTests(factory), IClassFixture<SqliteProofLimitedPortalFactory>;

public sealed class IndexLimitTests_Postgres(PostgresProofLimitedPortalFactory factory)
    : IndexLimitTests(factory), IClassFixture<PostgresProofLimitedPortalFactory>;

/// <summary>
/// Tracking (RMA + e-mail): the label on a parcel shows the RMA, so the e-mail is all that is left to guess. Wrong
/// e-mails are counted per RMA from every address together (ADR 0122).
/// </summary>
public abstract class IndexLimitTests(ProofLimitedPortalFactory factory)
{
    [Fact]
    public async Task Guessing_emails_for_one_rma_from_several_addresses_is_refused_after_the_limit_even_with_the_right_email()
    {
        var shipped = await TestReturns.ReturnAsync(factory, ReturnStatus.Approved);
        for (var n = 1; n <= ProofLimitedPortalFactory.FailuresPerOrder; n++)
        {
            using var guess = await ProofSteps.TrackAsync(factory.ClientFrom(factory.NewIPv4()), shipped.Rma, $"guess{n}@example.org");
            guess.StatusCode.ShouldBe(HttpStatusCode.OK, $"guess {n} is within the limit");
        }

        var customer = factory.ClientFrom(factory.NewIPv4());
        using var refused = await ProofSteps.TrackAsync(customer, shipped.Rma, shipped.Email);

        await ProofSteps.ShouldBeRefusedPageAsync(refused);
        using var detail = await customer.GetAsync(new Uri($"/returns/track/{shipped.Rma}", UriKind.Relative));
        detail.StatusCode.ShouldBe(HttpStatusCode.Redirect, "no access was granted");
        // The API's read of the same return counts against the same RMA.
        using var api = await ProofSteps.ApiGetAsync(factory.ClientFrom(factory.NewIPv4()), $"/api/v1/returns/{shipped.Rma}?email={Uri.EscapeDataString(shipped.Email)}");
        await ProofSteps.ShouldBeRefusedProblemAsync(api);
    }

    [Fact]
    public async Task One_address_trying_rmas_is_stopped_by_its_own_counter()
    {
        var client = factory.ClientFrom(factory.NewIPv4());
        for (var n = 1; n <= ProofLimitedPortalFactory.PerAddress; n++)
        {
            using var guess = await ProofSteps.TrackAsync(client, RmaNumber.Generate(), "someone@example.org");
            guess.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var refused = await ProofSteps.TrackAsync(client, RmaNumber.Generate(), "someone@example.org");

        await ProofSteps.ShouldBeRefusedPageAsync(refused);
    }
}
