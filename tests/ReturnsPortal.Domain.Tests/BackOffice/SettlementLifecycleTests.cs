using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.BackOffice;

public sealed class SettlementLifecycleTests_Sqlite(SqliteTestDatabase db) : SettlementLifecycleTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class SettlementLifecycleTests_Postgres(PostgresTestDatabase db) : SettlementLifecycleTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>
/// A settlement moves only by what happened (ADR 0117): each refund provider's path, the exchange's, and what each move
/// announces (the customer hears "refund issued" only at Paid; a failure goes to staff).
/// </summary>
public abstract class SettlementLifecycleTests(TestDatabase database)
{
    private const string Inspector = "inspector@shop.fr";
    private const string Finance = "finance@shop.fr";
    private readonly FakeClock clock = new();

    private DateTime Now => clock.UtcDateTime;

    /// <summary>A return decided (every line accepted) and saved with the given channels; its settlement's key.</summary>
    private async Task<string> DecidedAsync(SettlementChannels channels, Resolution resolution = Resolution.Refund)
    {
        var rma = await TestData.InsertReturnInTransitAsync(database, clock, 50_000, resolution);
        await using var db = database.CreateContext(clock, Inspector, channels);
        var request = await db.Returns.ForWarehouse().SingleAsync(r => r.Rma == rma);
        var ids = request.Lines.Select(l => l.Id).Order().ToList();
        request.Receive([.. ids.Select(id => new LineReceipt(id, ReceiptOutcome.Received, 1))], Inspector, Now);
        ids.ForEach(id => request.InspectLine(new LineInspection(id, ItemGrade.A, [], SerialCheck.NotApplicable, null), Inspector, Now));
        request.Decide([.. ids.Select(id => new LineDecisionInput(id, LineVerdict.Accept, Disposition.Restock, null))], Inspector, Now);
        await db.SaveChangesAsync();
        return Settlement.KeyFor(rma);
    }

    private async Task<List<OutboxMessage>> MessagesAsync(string key, params string[] types)
    {
        await using var db = database.CreateContext(clock);
        var rma = key.Replace("settle:", "", StringComparison.Ordinal);
        return await db.Outbox.Where(m => types.Contains(m.Type) && m.Payload.Contains(rma)).OrderBy(m => m.Id).ToListAsync();
    }

    private async Task MoveAsync(string key, Action<Settlement> move, SettlementChannels? channels = null)
    {
        await using var db = database.CreateContext(clock, Finance, channels);
        move(await db.Settlements.SingleAsync(s => s.IdempotencyKey == key));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_manual_refund_waits_in_the_queue_and_the_customer_hears_of_it_only_once_paid_with_its_reference()
    {
        var key = await DecidedAsync(new SettlementChannels());

        await using (var db = database.CreateContext(clock))
        {
            var sent = await db.Settlements.SingleAsync(s => s.IdempotencyKey == key);
            (sent.Status, sent.Provider, sent.Tries, sent.SentAt, sent.CompletedAt).ShouldBe((SettlementStatus.Sent, "Manual", 1, Now, (DateTime?)null));
            sent.LegalDeadline.ShouldNotBeNull();
            sent.ServiceDeadline!.Value.ShouldBeLessThanOrEqualTo(sent.LegalDeadline!.Value);
        }
        (await MessagesAsync(key, MessageTypes.RefundIssued)).ShouldBeEmpty("nobody has paid yet");

        await Should.ThrowAsync<DomainException>(() => MoveAsync(key, s => s.MarkPaid("  ", Finance, Now)));
        clock.Advance(TimeSpan.FromDays(1));
        await MoveAsync(key, s => s.MarkPaid(" VIR-2026-0042 ", Finance, Now));

        await using (var db = database.CreateContext(clock))
        {
            var paid = await db.Settlements.SingleAsync(s => s.IdempotencyKey == key);
            (paid.Status, paid.ProviderReference, paid.CompletedAt, paid.UpdatedBy).ShouldBe((SettlementStatus.Paid, "VIR-2026-0042", (DateTime?)Now, Finance));
        }
        var issued = (await MessagesAsync(key, MessageTypes.RefundIssued)).ShouldHaveSingleItem();
        var payload = MessageJson.Read<RefundIssuedPayload>(issued.Payload);
        (payload.ProviderReference, payload.PaidAt).ShouldBe(("VIR-2026-0042", (DateTime?)Now));
        (await MessagesAsync(key, MessageTypes.SettlementUpdated)).Select(m => MessageJson.Read<SettlementPayload>(m.Payload).Status)
            .ShouldBe(["Instructed", "Sent", "Paid"]);

        var again = await Should.ThrowAsync<DomainException>(() => MoveAsync(key, s => s.MarkPaid("VIR-2", Finance, Now)));
        again.Code.ShouldBe("settlement.not_payable", "nothing is paid twice");
    }

    [Fact]
    public async Task A_failed_refund_alerts_staff_not_the_customer_and_a_retry_is_a_new_round_with_its_own_key()
    {
        var key = await DecidedAsync(new SettlementChannels(RefundProvider.Shop));
        (await MessagesAsync(key, MessageTypes.RefundRequested)).Select(m => MessageJson.Read<RefundRequestedPayload>(m.Payload).IdempotencyKey)
            .ShouldBe([key], "the shop is asked once, with the settlement's key");

        (await Should.ThrowAsync<DomainException>(() => MoveAsync(key, s => s.MarkFailed("", "shop", Now)))).Code.ShouldBe("settlement.reason_required");
        await MoveAsync(key, s => s.MarkFailed("card expired", "shop", Now));
        (await MessagesAsync(key, MessageTypes.RefundFailed)).ShouldHaveSingleItem();
        (await MessagesAsync(key, MessageTypes.RefundIssued)).ShouldBeEmpty();

        await MoveAsync(key, s => s.Retry(RefundProvider.Shop, Finance, Now));
        await using (var db = database.CreateContext(clock))
        {
            var retried = await db.Settlements.SingleAsync(s => s.IdempotencyKey == key);
            (retried.Status, retried.Round, retried.ProviderKey).ShouldBe((SettlementStatus.Sent, 2, key + ":r2"));
        }
        (await MessagesAsync(key, MessageTypes.RefundRequested)).Select(m => MessageJson.Read<RefundRequestedPayload>(m.Payload).IdempotencyKey)
            .ShouldBe([key, key + ":r2"]);
    }

    [Fact]
    public async Task A_stripe_refund_that_times_out_stays_sent_and_is_tried_again_with_the_same_key()
    {
        var stripe = new SettlementChannels(RefundProvider.Stripe);
        var key = await DecidedAsync(stripe);
        await using (var db = database.CreateContext(clock))
        {
            (await db.Settlements.SingleAsync(s => s.IdempotencyKey == key)).Status.ShouldBe(SettlementStatus.Instructed, "the worker sends it");
        }

        await MoveAsync(key, s => s.BeginTry("worker", Now));
        await MoveAsync(key, s => s.RecordTryError("timeout", Settlement.Backoff(s.Tries, Now), "worker", Now));
        await using (var db = database.CreateContext(clock))
        {
            var waiting = await db.Settlements.SingleAsync(s => s.IdempotencyKey == key);
            (waiting.Status, waiting.LastError, waiting.NextTryAt, waiting.ProviderKey).ShouldBe((SettlementStatus.Sent, "timeout", (DateTime?)Now.AddMinutes(1), key));
        }
        await MoveAsync(key, s => s.BeginTry("worker", Now));
        await MoveAsync(key, s => s.RecordAccepted("re_123", "worker", Now));
        await MoveAsync(key, s => s.MarkPaid("re_123", "stripe", Now));

        await using var check = database.CreateContext(clock);
        var paid = await check.Settlements.SingleAsync(s => s.IdempotencyKey == key);
        (paid.Status, paid.Tries, paid.ProviderKey, paid.LastError).ShouldBe((SettlementStatus.Paid, 2, key, (string?)null));
        (await MessagesAsync(key, MessageTypes.SettlementUpdated)).Select(m => MessageJson.Read<SettlementPayload>(m.Payload).Status)
            .ShouldBe(["Instructed", "Sent", "Paid"], "a try again is the same hand-over");
    }

    [Fact]
    public async Task Two_people_marking_the_same_refund_at_once_make_one_move()
    {
        var key = await DecidedAsync(new SettlementChannels());
        await using var first = database.CreateContext(clock, "first");
        await using var second = database.CreateContext(clock, "second");
        (await first.Settlements.SingleAsync(s => s.IdempotencyKey == key)).MarkPaid("VIR-1", "first", Now);
        (await second.Settlements.SingleAsync(s => s.IdempotencyKey == key)).MarkFailed("no IBAN", "second", Now);

        await first.SaveChangesAsync();
        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await using var check = database.CreateContext(clock);
        (await check.Settlements.SingleAsync(s => s.IdempotencyKey == key)).Status.ShouldBe(SettlementStatus.Paid);
        (await MessagesAsync(key, MessageTypes.RefundFailed)).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_exchange_shipped_by_the_shop_is_requested_from_it_and_never_shipped_without_tracking()
    {
        var key = await DecidedAsync(new SettlementChannels(Exchanges: ExchangeShipFrom.Shop), Resolution.Exchange);
        var requested = (await MessagesAsync(key, MessageTypes.ExchangeRequested)).ShouldHaveSingleItem();
        MessageJson.Read<ExchangeRequestedPayload>(requested.Payload).Reference.ShouldBe(key.Replace("settle:", "EX-", StringComparison.Ordinal));
        (await MessagesAsync(key, MessageTypes.ExchangeShipped)).ShouldBeEmpty();

        (await Should.ThrowAsync<DomainException>(() => MoveAsync(key, s => s.Ship("Colissimo", "", [], "shop", Now)))).Code.ShouldBe("settlement.tracking_required");
        (await Should.ThrowAsync<DomainException>(() => MoveAsync(key, s => s.MarkPaid("x", "shop", Now)))).Code.ShouldBe("settlement.not_refund");
    }

    [Theory]
    [InlineData(null, 10, 7, "2026-03-15", "2026-03-15")] // received within the 14 days: receipt + 7, legal = request + 14
    [InlineData(null, 20, 7, "2026-03-21", "2026-03-21")] // received after the 14 days: both on receipt
    [InlineData("2026-03-05", 3, 14, "2026-03-05", "2026-03-05")] // the withdrawal's own date comes first
    public void Deadlines_are_the_legal_date_and_the_service_promise_never_after_it(
        string? withdrawal, int receivedAfterDays, int serviceDays, string legal, string service)
    {
        var requested = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var received = requested.AddDays(receivedAfterDays);
        DateTime? withdrawalDeadline = withdrawal is null ? null : DateTime.SpecifyKind(DateTime.Parse(withdrawal, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);
        var deadlines = SettlementDeadlines.Of(requested, received, serviceDays, withdrawalDeadline);
        (deadlines.Legal!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            deadlines.Service!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ShouldBe((legal, service));
    }
}
