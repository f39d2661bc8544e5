using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Payments;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Payments;

/// <summary>
/// Stripe pays refunds (issue 18, item 2; ADR 0119): the worker's pass against a local Stripe that answers the documented
/// shapes, and Stripe's signed webhook. Each test makes its own resolved return, with its own PaymentIntent.
/// </summary>
public abstract class StripeRefundsTests(StripePortalFactory factory)
{
    private LocalStripe Stripe => factory.Stripe;

    [Fact]
    public async Task A_refund_Stripe_makes_is_paid_with_its_refund_id_and_the_customer_is_told()
    {
        var due = await RefundDueAsync();

        await SendDueAsync();

        var settlement = await SettlementAsync(due.Id);
        settlement.Status.ShouldBe(SettlementStatus.Paid);
        var made = Stripe.Refunds.Where(r => r.PaymentIntent == due.PaymentIntent).ShouldHaveSingleItem();
        settlement.ProviderReference.ShouldBe(made.Id);
        // The settlement's amount and key, not the order's total: a partial refund stays partial.
        made.Amount.ShouldBe(settlement.Amount.Minor);
        made.IdempotencyKey.ShouldBe(settlement.ProviderKey);
        var call = Stripe.Calls.Single(c => c.PaymentIntent == due.PaymentIntent);
        call.Authorization.ShouldBe("Bearer rk_test_local");
        call.Metadata["settlement_id"].ShouldBe(due.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        call.Metadata["rma"].ShouldBe(due.Rma);
        call.Metadata["reference"].ShouldBe($"RI-{due.Rma}");
        (await MessagesAsync(due.Rma)).ShouldContain(MessageTypes.RefundIssued);
    }

    [Fact]
    public async Task A_declined_refund_fails_with_Stripes_message_and_staff_are_alerted_not_the_customer()
    {
        var due = await RefundDueAsync();
        Stripe.Plan(due.PaymentIntent, LocalStripe.Answer.Decline);

        await SendDueAsync();

        var settlement = await SettlementAsync(due.Id);
        settlement.Status.ShouldBe(SettlementStatus.Failed);
        settlement.FailureReason.ShouldBe("Stripe: Your card was declined.");
        var messages = await MessagesAsync(due.Rma);
        messages.ShouldContain(MessageTypes.RefundFailed);
        messages.ShouldNotContain(MessageTypes.RefundIssued);
    }

    [Fact]
    public async Task A_refund_Stripe_answers_as_failed_fails_with_its_reason_and_refund_id()
    {
        var due = await RefundDueAsync();
        Stripe.Plan(due.PaymentIntent, LocalStripe.Answer.FailedRefund);

        await SendDueAsync();

        var settlement = await SettlementAsync(due.Id);
        settlement.Status.ShouldBe(SettlementStatus.Failed);
        settlement.FailureReason.ShouldBe("Stripe: refund failed (expired_or_canceled_card)");
        settlement.ProviderReference.ShouldBe(Stripe.Refunds.Single(r => r.PaymentIntent == due.PaymentIntent).Id);
        (await MessagesAsync(due.Rma)).ShouldNotContain(MessageTypes.RefundIssued);
    }

    [Fact]
    public async Task A_timeout_is_tried_again_with_the_same_key_and_Stripe_makes_one_refund_only()
    {
        var due = await RefundDueAsync();
        Stripe.Plan(due.PaymentIntent, LocalStripe.Answer.Slow);

        await SendDueAsync();

        var waiting = await SettlementAsync(due.Id);
        waiting.Status.ShouldBe(SettlementStatus.Sent);
        waiting.LastError.ShouldNotBeNull().ShouldContain("did not answer");
        waiting.NextTryAt.ShouldNotBeNull();
        (await MessagesAsync(due.Rma)).ShouldNotContain(MessageTypes.RefundIssued);

        await RetryTimeHasComeAsync(due.Id);
        await SendDueAsync();

        (await SettlementAsync(due.Id)).Status.ShouldBe(SettlementStatus.Paid);
        var calls = Stripe.Calls.Where(c => c.PaymentIntent == due.PaymentIntent).ToList();
        calls.Count.ShouldBe(2);
        calls.Select(c => c.IdempotencyKey).Distinct().ShouldHaveSingleItem().ShouldBe(waiting.ProviderKey);
        Stripe.Refunds.Where(r => r.PaymentIntent == due.PaymentIntent).ShouldHaveSingleItem();
        (await MessagesAsync(due.Rma)).Count(t => t == MessageTypes.RefundIssued).ShouldBe(1);
    }

    [Fact]
    public async Task A_server_error_leaves_the_refund_sent_with_the_error_and_a_retry_scheduled_never_paid()
    {
        var due = await RefundDueAsync();
        Stripe.Plan(due.PaymentIntent, LocalStripe.Answer.ServerError);
        var before = DateTime.UtcNow;

        await SendDueAsync();

        var settlement = await SettlementAsync(due.Id);
        settlement.Status.ShouldBe(SettlementStatus.Sent);
        settlement.LastError.ShouldBe("Stripe: An unknown error occurred.");
        settlement.NextTryAt.ShouldNotBeNull().ShouldBeGreaterThan(before);
        settlement.Tries.ShouldBe(1);
        Stripe.Refunds.ShouldNotContain(r => r.PaymentIntent == due.PaymentIntent);
        (await MessagesAsync(due.Rma)).ShouldNotContain(MessageTypes.RefundIssued);

        // Not due before its time: the next pass leaves it alone.
        await SendDueAsync();
        Stripe.Calls.Count(c => c.PaymentIntent == due.PaymentIntent).ShouldBe(1);
    }

    [Fact]
    public async Task An_order_without_a_PaymentIntent_fails_with_a_reason_for_the_finance_queue_and_Stripe_is_not_called()
    {
        var due = await RefundDueAsync(paymentReference: null);

        await SendDueAsync();

        var settlement = await SettlementAsync(due.Id);
        settlement.Status.ShouldBe(SettlementStatus.Failed);
        settlement.FailureReason.ShouldNotBeNull().ShouldContain("PaymentIntent");
        (await MessagesAsync(due.Rma)).ShouldContain(MessageTypes.RefundFailed);
    }

    [Fact]
    public async Task An_order_paid_otherwise_than_by_a_PaymentIntent_fails_with_its_reference_named()
    {
        var due = await RefundDueAsync(paymentReference: "VIR-2026-0042");

        await SendDueAsync();

        var settlement = await SettlementAsync(due.Id);
        settlement.Status.ShouldBe(SettlementStatus.Failed);
        settlement.FailureReason.ShouldNotBeNull().ShouldContain("VIR-2026-0042");
        Stripe.Calls.ShouldNotContain(c => c.PaymentIntent == "VIR-2026-0042");
    }

    [Fact]
    public async Task A_try_saved_but_never_answered_is_taken_again_with_the_same_key_once_it_stalled()
    {
        var due = await RefundDueAsync();
        // As the worker does before calling Stripe; then the process stopped.
        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            (await db.Settlements.SingleAsync(s => s.Id == due.Id)).BeginTry(StripeRefunds.Actor, DateTime.UtcNow);
            return await db.SaveChangesAsync();
        });

        await SendDueAsync();
        Stripe.Calls.ShouldNotContain(c => c.PaymentIntent == due.PaymentIntent, "a try in flight is not taken twice");

        await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Settlements.Where(s => s.Id == due.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.UpdatedAt, DateTime.UtcNow.AddMinutes(-10))));
        await SendDueAsync();

        var settlement = await SettlementAsync(due.Id);
        settlement.Status.ShouldBe(SettlementStatus.Paid);
        settlement.Tries.ShouldBe(2);
        Stripe.Calls.Single(c => c.PaymentIntent == due.PaymentIntent).IdempotencyKey.ShouldBe(settlement.ProviderKey);
    }

    [Fact]
    public async Task Two_passes_at_once_make_one_refund_only()
    {
        var due = await RefundDueAsync();

        await Task.WhenAll(SendDueAsync(), SendDueAsync());

        (await SettlementAsync(due.Id)).Status.ShouldBe(SettlementStatus.Paid);
        Stripe.Refunds.Where(r => r.PaymentIntent == due.PaymentIntent).ShouldHaveSingleItem();
        (await MessagesAsync(due.Rma)).Count(t => t == MessageTypes.RefundIssued).ShouldBe(1);
    }

    [Fact]
    public async Task A_pending_refund_stays_sent_until_Stripes_webhook_says_it_succeeded_and_a_duplicate_event_changes_nothing()
    {
        var due = await RefundDueAsync();
        Stripe.Plan(due.PaymentIntent, LocalStripe.Answer.Pending);
        await SendDueAsync();
        var accepted = await SettlementAsync(due.Id);
        accepted.Status.ShouldBe(SettlementStatus.Sent);
        var refundId = accepted.ProviderReference.ShouldNotBeNull();
        (await MessagesAsync(due.Rma)).ShouldNotContain(MessageTypes.RefundIssued);
        var body = LocalStripe.EventJson("evt_local_paid", "refund.updated",
            LocalStripe.RefundJson(refundId, due.PaymentIntent, accepted.Amount.Minor, "succeeded", null, new Dictionary<string, string>()));

        using (var first = await PostWebhookAsync(body))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        using (var again = await PostWebhookAsync(body))
        {
            again.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var paid = await SettlementAsync(due.Id);
        paid.Status.ShouldBe(SettlementStatus.Paid);
        paid.ProviderReference.ShouldBe(refundId);
        var messages = await MessagesAsync(due.Rma);
        messages.Count(t => t == MessageTypes.RefundIssued).ShouldBe(1);
        (await MovesAsync(due.Rma, SettlementStatus.Paid)).ShouldBe(1);
    }

    [Fact]
    public async Task A_failed_refund_event_found_by_its_metadata_fails_the_refund()
    {
        var due = await RefundDueAsync();
        Stripe.Plan(due.PaymentIntent, LocalStripe.Answer.ServerError);
        await SendDueAsync(); // Sent, no refund id known
        var sent = await SettlementAsync(due.Id);
        var metadata = new Dictionary<string, string>
        {
            ["settlement_id"] = due.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["idempotency_key"] = sent.ProviderKey,
        };
        var body = LocalStripe.EventJson("evt_local_failed", "refund.failed",
            LocalStripe.RefundJson("re_local_meta", due.PaymentIntent, sent.Amount.Minor, "failed", "lost_or_stolen_card", metadata));

        using var response = await PostWebhookAsync(body);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var failed = await SettlementAsync(due.Id);
        failed.Status.ShouldBe(SettlementStatus.Failed);
        failed.FailureReason.ShouldBe("Stripe: refund failed (lost_or_stolen_card)");
        failed.ProviderReference.ShouldBe("re_local_meta");
    }

    [Fact]
    public async Task A_webhook_with_a_bad_signature_is_refused_and_nothing_changes()
    {
        var due = await RefundDueAsync();
        Stripe.Plan(due.PaymentIntent, LocalStripe.Answer.Pending);
        await SendDueAsync();
        var accepted = await SettlementAsync(due.Id);
        var body = LocalStripe.EventJson("evt_local_forged", "refund.updated",
            LocalStripe.RefundJson(accepted.ProviderReference!, due.PaymentIntent, accepted.Amount.Minor, "succeeded", null, new Dictionary<string, string>()));

        using var forged = await PostWebhookAsync(body, secret: "whsec_someone_else");
        using var unsigned = await PostWebhookAsync(body, secret: null);

        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        forged.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await forged.Content.ReadAsStringAsync()).ShouldContain("Signature refusée");
        unsigned.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        factory.Logs.Events.Count(e => e.Level == Serilog.Events.LogEventLevel.Warning
            && e.MessageTemplate.Text.StartsWith("Stripe webhook refused", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(2);
        var settlement = await SettlementAsync(due.Id);
        settlement.Status.ShouldBe(SettlementStatus.Sent);
        settlement.Version.ShouldBe(accepted.Version);
    }

    [Fact]
    public async Task An_event_for_a_refund_that_is_not_ours_or_of_another_type_is_acknowledged_and_ignored()
    {
        var other = LocalStripe.EventJson("evt_local_other", "refund.updated",
            LocalStripe.RefundJson("re_made_in_the_dashboard", "pi_elsewhere", 1200, "succeeded", null, new Dictionary<string, string>()));
        var unrelated = """{"id":"evt_local_charge","object":"event","api_version":"x","created":1,"livemode":false,"pending_webhooks":1,"type":"customer.created","data":{"object":{"id":"cus_1","object":"customer"}}}""";

        using var notOurs = await PostWebhookAsync(other);
        using var ignored = await PostWebhookAsync(unrelated);

        notOurs.StatusCode.ShouldBe(HttpStatusCode.OK);
        ignored.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_webhook_body_larger_than_the_limit_is_refused()
    {
        var body = new string('x', StripeWebhook.MaxBodyBytes + 1);

        using var response = await PostWebhookAsync(body);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public void Stripe_without_its_secret_key_stops_the_start_with_the_key_named()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Payments:Provider"] = "Stripe",
            ["Payments:Stripe:WebhookSecret"] = "whsec_x",
        }).Build();

        var error = Should.Throw<OptionsValidationException>(() => new ServiceCollection().AddPayments(configuration));

        error.Message.ShouldContain("Payments:Stripe:SecretKey");
    }

    [Fact]
    public void The_worker_and_Stripe_are_registered_only_when_Stripe_pays_refunds()
    {
        static ServiceCollection Registered(Dictionary<string, string?> settings) =>
            (ServiceCollection)new ServiceCollection().AddPayments(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        var stripe = Registered(new()
        {
            ["Payments:Provider"] = "Stripe",
            ["Payments:Stripe:SecretKey"] = "rk_test_x",
            ["Payments:Stripe:WebhookSecret"] = "whsec_x",
        });
        var manual = Registered(new() { ["Payments:Provider"] = "Manual" });

        stripe.ShouldContain(d => d.ImplementationType == typeof(RefundWorker));
        stripe.ShouldContain(d => d.ServiceType == typeof(StripeRefunds));
        manual.ShouldNotContain(d => d.ImplementationType == typeof(RefundWorker));
        manual.ShouldNotContain(d => d.ServiceType == typeof(StripeRefunds));
    }

    /// <summary>A resolved refund return of its own, Instructed for Stripe, its order paid by a PaymentIntent of its own.</summary>
    private async Task<(string Rma, int Id, string PaymentIntent)> RefundDueAsync(string? paymentReference = "")
    {
        var made = await TestReturns.ReturnAsync(factory, ReturnStatus.Resolved);
        var reference = paymentReference == "" ? $"pi_{Guid.NewGuid():N}" : paymentReference;
        return await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            if (reference is not null)
            {
                var order = await db.Orders.SingleAsync(o => o.Number == made.OrderNumber);
                order.SetPaymentReference(reference);
                await db.SaveChangesAsync();
            }
            var settlement = await db.Settlements.AsNoTracking().SingleAsync(s => s.Reference == $"RI-{made.Rma}");
            settlement.Provider.ShouldBe("Stripe");
            settlement.Status.ShouldBe(SettlementStatus.Instructed);
            return (made.Rma, settlement.Id, reference ?? "");
        });
    }

    /// <summary>One pass of <see cref="RefundWorker"/>, driven by the test.</summary>
    private Task<int> SendDueAsync() =>
        factory.WithScopeAsync(sp => sp.GetRequiredService<StripeRefunds>().SendDueAsync(CancellationToken.None));

    private Task<Settlement> SettlementAsync(int id) =>
        factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Settlements.AsNoTracking().SingleAsync(s => s.Id == id));

    /// <summary>The time of the scheduled try has come (as a minute passing would bring it).</summary>
    private Task<int> RetryTimeHasComeAsync(int id) =>
        factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Settlements.Where(s => s.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.NextTryAt, DateTime.UtcNow.AddSeconds(-1))));

    private Task<List<string>> MessagesAsync(string rma) =>
        factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Outbox.AsNoTracking()
            .Where(m => m.DedupeKey.Contains(rma)).OrderBy(m => m.Id).Select(m => m.Type).ToListAsync());

    private Task<int> MovesAsync(string rma, SettlementStatus to) =>
        factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Outbox.AsNoTracking()
            .CountAsync(m => m.Type == MessageTypes.SettlementUpdated && m.DedupeKey.Contains(rma) && m.DedupeKey.EndsWith($":{to}")));

    private async Task<HttpResponseMessage> PostWebhookAsync(string body, string? secret = StripePortalFactory.WebhookSecret)
    {
        var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, StripeWebhook.Path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (secret is not null)
        {
            request.Headers.Add("Stripe-Signature", LocalStripe.Signature(body, secret, DateTimeOffset.UtcNow));
        }
        return await client.SendAsync(request);
    }
}

public sealed class StripeRefundsTests_Sqlite(SqliteStripePortalFactory factory) : StripeRefundsTests(factory), IClassFixture<SqliteStripePortalFactory>;

public sealed class StripeRefundsTests_Postgres(PostgresStripePortalFactory factory) : StripeRefundsTests(factory), IClassFixture<PostgresStripePortalFactory>;
