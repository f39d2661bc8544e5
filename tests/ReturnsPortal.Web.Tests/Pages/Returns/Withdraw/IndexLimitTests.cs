using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Returns.Withdraw;

public sealed class IndexLimitTests_Sqlite(SqliteProofLimitedPortalFactory factory)
    : IndexLimitTests(factory), IClassFixture<SqliteProofLimitedPortalFactory>;

public sealed class IndexLimitTests_Postgres(PostgresProofLimitedPortalFactory factory)
    : IndexLimitTests(factory), IClassFixture<PostgresProofLimitedPortalFactory>;

/// <summary>
/// The withdrawal form proves an order at both steps: identify and confirm are limited per client address and count
/// wrong proofs per order number (ADR 0122), with the limits of <see cref="ProofLimitedPortalFactory"/>.
/// </summary>
public abstract class IndexLimitTests(ProofLimitedPortalFactory factory)
{
    [Fact]
    public async Task Walking_order_numbers_with_one_email_on_the_identify_step_is_stopped_with_429()
    {
        var victim = await TestReturns.NewOrderAsync(factory);
        var client = factory.ClientFrom(factory.NewIPv4());
        for (var n = 1; n <= ProofLimitedPortalFactory.PerAddress; n++)
        {
            using var wrong = await ProofSteps.WithdrawIdentifyAsync(client, $"WALK-{Guid.NewGuid():N}"[..20], victim.Email);
            wrong.StatusCode.ShouldBe(HttpStatusCode.OK, $"attempt {n} is within the limit");
        }

        using var blocked = await ProofSteps.WithdrawIdentifyAsync(client, victim.Number, victim.Email);

        await ProofSteps.ShouldBeRefusedPageAsync(blocked);
        (await WithdrawalsOfAsync(victim.Id)).ShouldBe(0);
        // Reading the form is not an attempt.
        using var view = await client.GetAsync(new Uri("/returns/withdraw", UriKind.Relative));
        view.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Past_the_wrong_proofs_of_an_order_from_several_addresses_even_the_right_confirmation_is_refused()
    {
        var order = await TestReturns.NewOrderAsync(factory);
        var customer = factory.ClientFrom(factory.NewIPv4());
        var summary = await WithdrawSteps.IdentifyAsync(customer, order.Number, order.Email, "Camille Martin");
        for (var n = 1; n <= ProofLimitedPortalFactory.FailuresPerOrder; n++)
        {
            // One guess per address: only the count per order number can stop this.
            using var guess = await ProofSteps.WithdrawIdentifyAsync(factory.ClientFrom(factory.NewIPv4()), order.Number, $"guess{n}@example.org");
            guess.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var confirmed = await customer.SubmitAsync(summary, "#confirm-form", new Dictionary<string, string>());

        await ProofSteps.ShouldBeRefusedPageAsync(confirmed);
        (await WithdrawalsOfAsync(order.Id)).ShouldBe(0, "nothing is recorded past the limit");
        using var elsewhere = await ProofSteps.WithdrawIdentifyAsync(factory.ClientFrom(factory.NewIPv4()), order.Number, order.Email);
        await ProofSteps.ShouldBeRefusedPageAsync(elsewhere);
    }

    [Fact]
    public async Task Right_proofs_are_not_failures_so_a_customer_may_identify_and_confirm_as_often_as_the_address_allows()
    {
        var order = await TestReturns.NewOrderAsync(factory);
        var client = factory.ClientFrom(factory.NewIPv4());
        using var wrong = await ProofSteps.WithdrawIdentifyAsync(client, order.Number, "typo@example.org");
        wrong.StatusCode.ShouldBe(HttpStatusCode.OK);

        var summary = await WithdrawSteps.IdentifyAsync(client, order.Number, order.Email, "Camille Martin");
        using var confirmed = await client.SubmitAsync(summary, "#confirm-form", new Dictionary<string, string>());

        confirmed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await WithdrawalsOfAsync(order.Id)).ShouldBe(1);
        (await FailuresOfAsync(order.Number)).ShouldBe(1, "the two right proofs gave their permits back");
    }

    private Task<int> WithdrawalsOfAsync(int orderId) =>
        factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Withdrawals.CountAsync(w => w.OrderId == orderId));

    private Task<int> FailuresOfAsync(string number) =>
        factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().RateLimitCounters
            .Where(c => c.Key == Web.Hosting.ProofAttempts.OrderKey(number)).Select(c => c.Count).SingleAsync());
}
