using System.Net;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Api;

public sealed class ProofLimitApiTests_Sqlite(SqliteProofLimitedPortalFactory factory)
    : ProofLimitApiTests(factory), IClassFixture<SqliteProofLimitedPortalFactory>;

public sealed class ProofLimitApiTests_Postgres(PostgresProofLimitedPortalFactory factory)
    : ProofLimitApiTests(factory), IClassFixture<PostgresProofLimitedPortalFactory>;

/// <summary>The API's reads that take a customer's e-mail count wrong ones per order number / RMA, as the pages do (ADR 0122).</summary>
public abstract class ProofLimitApiTests(ProofLimitedPortalFactory factory)
{
    [Fact]
    public async Task Wrong_emails_on_a_return_read_count_per_rma_then_the_label_and_the_cancel_are_refused_too()
    {
        var request = await TestReturns.ReturnAsync(factory, ReturnStatus.Approved);
        for (var n = 1; n <= ProofLimitedPortalFactory.FailuresPerOrder; n++)
        {
            using var wrong = await ProofSteps.ApiGetAsync(factory.ClientFrom(factory.NewIPv4()), $"/api/v1/returns/{request.Rma}?email=guess{n}@example.org");
            wrong.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        using var read = await ProofSteps.ApiGetAsync(factory.ClientFrom(factory.NewIPv4()), $"/api/v1/returns/{request.Rma}?email={Uri.EscapeDataString(request.Email)}");
        using var label = await ProofSteps.ApiGetAsync(factory.ClientFrom(factory.NewIPv4()), $"/api/v1/returns/{request.Rma}/label?email={Uri.EscapeDataString(request.Email)}");
        using var cancel = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/returns/{request.Rma}/cancel?email={Uri.EscapeDataString(request.Email)}");
        cancel.Headers.Add("X-Api-Key", "demo-api-key");
        using var cancelled = await factory.ClientFrom(factory.NewIPv4()).SendAsync(cancel);

        await ProofSteps.ShouldBeRefusedProblemAsync(read);
        await ProofSteps.ShouldBeRefusedProblemAsync(label);
        await ProofSteps.ShouldBeRefusedProblemAsync(cancelled);
    }

    [Fact]
    public async Task Wrong_emails_on_an_eligibility_read_count_per_order_number_and_share_the_pages_counter()
    {
        var order = await TestReturns.NewOrderAsync(factory);
        using (var onPage = await ProofSteps.FindOrderAsync(
            factory.ClientFrom(factory.NewIPv4()), order.Number, new Dictionary<string, string> { ["Form.Email"] = "guess@example.org" }))
        {
            onPage.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        for (var n = 2; n <= ProofLimitedPortalFactory.FailuresPerOrder; n++)
        {
            using var wrong = await ProofSteps.ApiGetAsync(factory.ClientFrom(factory.NewIPv4()), $"/api/v1/orders/{order.Number}/eligibility?email=guess{n}@example.org");
            wrong.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        using var right = await ProofSteps.ApiGetAsync(factory.ClientFrom(factory.NewIPv4()), $"/api/v1/orders/{order.Number}/eligibility?email={Uri.EscapeDataString(order.Email)}");

        await ProofSteps.ShouldBeRefusedProblemAsync(right);
    }

    [Fact]
    public async Task A_right_read_is_not_a_failure()
    {
        var request = await TestReturns.ReturnAsync(factory, ReturnStatus.Approved);
        var client = factory.ClientFrom(factory.NewIPv4());
        for (var n = 1; n <= ProofLimitedPortalFactory.PerAddress; n++)
        {
            // From a new address each time: only the per-RMA counter is at play, and right reads never fill it.
            using var read = await ProofSteps.ApiGetAsync(factory.ClientFrom(factory.NewIPv4()), $"/api/v1/returns/{request.Rma}?email={Uri.EscapeDataString(request.Email)}");
            read.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        for (var n = 1; n < ProofLimitedPortalFactory.FailuresPerOrder; n++)
        {
            using var wrong = await ProofSteps.ApiGetAsync(factory.ClientFrom(factory.NewIPv4()), $"/api/v1/returns/{request.Rma}?email=guess{n}@example.org");
            wrong.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        using var stillRight = await ProofSteps.ApiGetAsync(client, $"/api/v1/returns/{request.Rma}?email={Uri.EscapeDataString(request.Email)}");

        stillRight.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
