using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Integrations;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Api;

public sealed class SettlementsApiTests_Sqlite(SqlitePortalFactory factory) : SettlementsApiTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class SettlementsApiTests_Postgres(PostgresPortalFactory factory) : SettlementsApiTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>
/// The shop's answers to the refunds and replacements handed to it (ADR 0120): the result, shipment and cancellation
/// endpoints, their scope, their idempotency, the feed's settlements, and the whole round trip with a local shop.
/// </summary>
public abstract class SettlementsApiTests(PortalFactory factory)
{
    private const string DemoKey = "demo-api-key";

    [Fact]
    public async Task The_shop_reports_a_refund_paid_it_is_Paid_with_one_refund_issued_and_the_same_answer_again_changes_nothing()
    {
        var (rma, id) = await ShopRefundAsync();

        using var paid = await PostAsync($"/api/v1/refunds/{id}/result", """{"status": "paid", "reference": "SHOP-PAY-1"}""");

        paid.StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var body = await JsonAsync(paid))
        {
            body.RootElement.GetProperty("id").GetInt32().ShouldBe(id);
            body.RootElement.GetProperty("status").GetString().ShouldBe("paid");
            body.RootElement.GetProperty("providerReference").GetString().ShouldBe("SHOP-PAY-1");
            body.RootElement.GetProperty("completedAt").ValueKind.ShouldBe(JsonValueKind.String);
        }
        var settlement = await SettlementAsync(id);
        settlement.Status.ShouldBe(SettlementStatus.Paid);
        settlement.UpdatedBy.ShouldBe("shop");
        (await MessagesAsync(MessageTypes.RefundIssued, rma)).ShouldBe(1);

        // The shop retrying after a timeout: 200, nothing moves, nothing more is announced.
        using var again = await PostAsync($"/api/v1/refunds/{id}/result", """{"status": "paid", "reference": "SHOP-PAY-1"}""");
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SettlementAsync(id)).Version.ShouldBe(settlement.Version);
        (await MessagesAsync(MessageTypes.RefundIssued, rma)).ShouldBe(1);

        // Another answer for a paid refund is refused with the state it has.
        foreach (var other in new[] { """{"status": "failed", "reason": "Card expired"}""", """{"status": "paid", "reference": "SHOP-PAY-2"}""" })
        {
            using var conflict = await PostAsync($"/api/v1/refunds/{id}/result", other);
            conflict.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            conflict.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            using var problem = await JsonAsync(conflict);
            problem.RootElement.GetProperty("settlement").GetProperty("status").GetString().ShouldBe("paid");
            problem.RootElement.GetProperty("detail").GetString()!.ShouldContain("paid");
        }
        (await SettlementAsync(id)).ProviderReference.ShouldBe("SHOP-PAY-1");
    }

    [Fact]
    public async Task The_shop_reports_a_refund_failed_staff_get_refund_failed_and_a_later_payment_is_still_recorded()
    {
        var (rma, id) = await ShopRefundAsync();

        using var failed = await PostAsync($"/api/v1/refunds/{id}/result", """{"status": "failed", "reason": "Card expired"}""");

        failed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var settlement = await SettlementAsync(id);
        settlement.Status.ShouldBe(SettlementStatus.Failed);
        settlement.FailureReason.ShouldBe("Card expired");
        (await MessagesAsync(MessageTypes.RefundFailed, rma)).ShouldBe(1);
        (await MessagesAsync(MessageTypes.RefundIssued, rma)).ShouldBe(0, "the customer is not told of a failure, nor of a payment that did not happen");

        using var repeated = await PostAsync($"/api/v1/refunds/{id}/result", """{"status": "failed", "reason": "Card expired"}""");
        repeated.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await MessagesAsync(MessageTypes.RefundFailed, rma)).ShouldBe(1);

        // The shop paid it another way after all: a failed refund may still be paid.
        using var paid = await PostAsync($"/api/v1/refunds/{id}/result", """{"status": "paid", "reference": "SHOP-TRANSFER-7"}""");
        paid.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SettlementAsync(id)).Status.ShouldBe(SettlementStatus.Paid);
        (await MessagesAsync(MessageTypes.RefundIssued, rma)).ShouldBe(1);
    }

    [Fact]
    public async Task A_result_without_its_reference_is_422_naming_the_field_and_an_unknown_refund_is_404()
    {
        var (_, id) = await ShopRefundAsync();

        using var noReference = await PostAsync($"/api/v1/refunds/{id}/result", """{"status": "paid"}""");
        noReference.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        using (var problem = await JsonAsync(noReference))
        {
            problem.RootElement.GetProperty("errors").TryGetProperty("reference", out _).ShouldBeTrue();
        }
        using var noReason = await PostAsync($"/api/v1/refunds/{id}/result", """{"status": "failed", "reason": " "}""");
        noReason.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        using (var problem = await JsonAsync(noReason))
        {
            problem.RootElement.GetProperty("errors").TryGetProperty("reason", out _).ShouldBeTrue();
        }
        using var tooLong = await PostAsync($"/api/v1/refunds/{id}/result", $$"""{"status": "paid", "reference": "{{new string('R', Settlement.ReferenceLength + 1)}}"}""");
        tooLong.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        using var unknownStatus = await PostAsync($"/api/v1/refunds/{id}/result", """{"status": "refunded", "reference": "X"}""");
        unknownStatus.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        using var notJson = await PostAsync($"/api/v1/refunds/{id}/result", "status=paid");
        notJson.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await SettlementAsync(id)).Status.ShouldBe(SettlementStatus.Sent, "nothing changed");

        using var unknown = await PostAsync("/api/v1/refunds/987654/result", """{"status": "paid", "reference": "X"}""");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknown.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task A_result_that_meets_a_concurrent_answer_is_409_with_the_state_that_won()
    {
        var (rma, id) = await ShopRefundAsync();
        var first = new AnotherAnswerFirst(id);
        using var racing = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => _ = factory.Provider == DatabaseProvider.Sqlite
            ? s.ConfigureDbContext<SqliteReturnsDbContext>(o => o.AddInterceptors(first))
            : s.ConfigureDbContext<PostgresReturnsDbContext>(o => o.AddInterceptors(first))));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/refunds/{id}/result")
        {
            Content = new StringContent("""{"status": "paid", "reference": "SHOP-PAY-LATE"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", DemoKey);

        using var response = await racing.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        using var problem = await JsonAsync(response);
        problem.RootElement.GetProperty("settlement").GetProperty("providerReference").GetString().ShouldBe("FINANCE-1");
        var settlement = await SettlementAsync(id);
        settlement.ProviderReference.ShouldBe("FINANCE-1", "the answer saved first stays");
        (await MessagesAsync(MessageTypes.RefundIssued, rma)).ShouldBe(0, "the losing save queued nothing");
    }

    /// <summary>Just before the API's save, a person marks the refund paid (another connection, its version bumped).</summary>
    private sealed class AnotherAnswerFirst(int settlementId) : SaveChangesInterceptor
    {
        private int done;

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is ReturnsDbContext db && Interlocked.Exchange(ref done, 1) == 0)
            {
                await db.Settlements.Where(s => s.Id == settlementId).ExecuteUpdateAsync(u => u
                    .SetProperty(s => s.Status, SettlementStatus.Paid)
                    .SetProperty(s => s.ProviderReference, "FINANCE-1")
                    .SetProperty(s => s.Version, s => s.Version + 1), cancellationToken);
            }
            return result;
        }
    }

    [Fact]
    public async Task A_refund_the_finance_team_pays_is_not_the_shops_to_answer()
    {
        // The default channel (Payments:Provider=Manual): the finance queue pays it.
        var manual = await TestReturns.ReturnAsync(factory, ReturnStatus.Resolved);
        var id = await SettlementIdAsync(manual.Rma, SettlementKind.Refund);

        using var response = await PostAsync($"/api/v1/refunds/{id}/result", """{"status": "paid", "reference": "SHOP-PAY-9"}""");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        using var problem = await JsonAsync(response);
        problem.RootElement.GetProperty("detail").GetString()!.ShouldContain("Manual");
        (await SettlementAsync(id)).Status.ShouldBe(SettlementStatus.Sent);
    }

    [Fact]
    public async Task Only_a_key_with_settlements_write_settles_a_carrier_or_returns_key_is_403()
    {
        const string returnsKey = "returns-and-carrier-key";
        await Db(async db =>
        {
            if (!await db.ApiKeys.AnyAsync(k => k.Name == "returns and carrier"))
            {
                db.ApiKeys.Add(new ApiKey
                {
                    Name = "returns and carrier",
                    KeyHash = ApiKey.Hash(returnsKey),
                    Scopes = $"{ApiScopes.ReturnsRead} {ApiScopes.ReturnsWrite} {ApiScopes.OrdersWrite}",
                    CreatedAt = DateTime.UtcNow,
                });
            }
            return await db.SaveChangesAsync();
        });
        var (_, id) = await ShopRefundAsync();

        using var refund = await PostAsync($"/api/v1/refunds/{id}/result", """{"status": "paid", "reference": "X"}""", returnsKey);
        using var shipment = await PostAsync("/api/v1/exchanges/1/shipment", """{"carrier": "Colissimo", "trackingNumber": "6A1"}""", returnsKey);
        using var anonymous = await PostAsync($"/api/v1/refunds/{id}/result", """{"status": "paid", "reference": "X"}""", key: null);

        refund.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        shipment.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await SettlementAsync(id)).Status.ShouldBe(SettlementStatus.Sent);
    }

    [Fact]
    public async Task The_shop_ships_a_replacement_it_is_Shipped_with_its_tracking_the_reservation_consumed_and_the_same_shipment_again_is_200()
    {
        var (rma, id) = await ShopExchangeAsync();

        using var noTracking = await PostAsync($"/api/v1/exchanges/{id}/shipment", """{"carrier": "Colissimo"}""");
        noTracking.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        using (var problem = await JsonAsync(noTracking))
        {
            problem.RootElement.GetProperty("errors").TryGetProperty("trackingNumber", out _).ShouldBeTrue();
        }
        (await SettlementAsync(id)).Status.ShouldBe(SettlementStatus.ReplacementRequested);

        using var shipped = await PostAsync($"/api/v1/exchanges/{id}/shipment", """{"carrier": "Colissimo", "trackingNumber": "6A12345678901"}""");

        shipped.StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var body = await JsonAsync(shipped))
        {
            body.RootElement.GetProperty("status").GetString().ShouldBe("shipped");
            body.RootElement.GetProperty("trackingNumber").GetString().ShouldBe("6A12345678901");
        }
        var settlement = await SettlementAsync(id);
        settlement.Status.ShouldBe(SettlementStatus.Shipped);
        settlement.Carrier.ShouldBe("Colissimo");
        var shippedMessage = await Db(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Type == MessageTypes.ExchangeShipped && m.Payload.Contains(rma)));
        MessageJson.Read<ExchangeShippedPayload>(shippedMessage.Payload).TrackingNumber.ShouldBe("6A12345678901");
        (await ReservationsAsync(rma)).ShouldAllBe(r => r == ReservationStatus.Consumed);

        using var again = await PostAsync($"/api/v1/exchanges/{id}/shipment", """{"carrier": "Colissimo", "trackingNumber": "6A12345678901"}""");
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var other = await PostAsync($"/api/v1/exchanges/{id}/shipment", """{"carrier": "Colissimo", "trackingNumber": "6A99999999999"}""");
        other.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        using var cancel = await PostAsync($"/api/v1/exchanges/{id}/cancellation", """{"instead": "refund", "reason": "Out of stock"}""");
        cancel.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await SettlementAsync(id)).TrackingNumber.ShouldBe("6A12345678901");
        (await Db(db => db.Outbox.CountAsync(m => m.Type == MessageTypes.ExchangeShipped && m.Payload.Contains(rma)))).ShouldBe(1);

        using var unknown = await PostAsync("/api/v1/exchanges/987654/shipment", """{"carrier": "Colissimo", "trackingNumber": "6A1"}""");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("refund", SettlementKind.Refund)]
    [InlineData("store_credit", SettlementKind.StoreCredit)]
    public async Task The_shop_cancels_a_replacement_the_customer_gets_a_refund_or_credit_instead_and_the_units_go_back(string instead, SettlementKind kind)
    {
        var (rma, id) = await ShopExchangeAsync();

        using var invalid = await PostAsync($"/api/v1/exchanges/{id}/cancellation", """{"instead": "voucher", "reason": "Out of stock"}""");
        invalid.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        using var cancelled = await PostAsync($"/api/v1/exchanges/{id}/cancellation", $$"""{"instead": "{{instead}}", "reason": "Out of stock"}""");

        cancelled.StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var body = await JsonAsync(cancelled))
        {
            body.RootElement.GetProperty("status").GetString().ShouldBe("cancelled");
            body.RootElement.GetProperty("insteadKind").GetString().ShouldBe(JsonNamingPolicy.CamelCase.ConvertName(kind.ToString()));
        }
        (await SettlementAsync(id)).Status.ShouldBe(SettlementStatus.Cancelled);
        var insteadSettlement = await Db(db => db.Settlements.AsNoTracking().SingleAsync(s => s.IdempotencyKey == Settlement.InsteadKeyFor(rma)));
        insteadSettlement.Kind.ShouldBe(kind);
        (await ReservationsAsync(rma)).ShouldAllBe(r => r == ReservationStatus.Released);

        using var again = await PostAsync($"/api/v1/exchanges/{id}/cancellation", $$"""{"instead": "{{instead}}", "reason": "Out of stock"}""");
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Db(db => db.Settlements.CountAsync(s => s.IdempotencyKey == Settlement.InsteadKeyFor(rma)))).ShouldBe(1);
    }

    [Fact]
    public async Task The_feed_and_a_return_carry_each_settlement_with_its_state_amount_and_times()
    {
        var since = DateTime.UtcNow.AddSeconds(-2);
        var (rma, id) = await ShopRefundAsync();
        using (var paid = await PostAsync($"/api/v1/refunds/{id}/result", """{"status": "paid", "reference": "SHOP-PAY-FEED"}"""))
        {
            paid.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        var stored = await SettlementAsync(id);

        using var feed = await SendAsync(HttpMethod.Get, $"/api/v1/returns?updatedSince={Uri.EscapeDataString(since.ToString("O"))}&limit=200");

        feed.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var page = await JsonAsync(feed);
        var item = page.RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("rma").GetString() == rma);
        var settlement = item.GetProperty("settlements").EnumerateArray().ShouldHaveSingleItem();
        settlement.GetProperty("id").GetInt32().ShouldBe(id);
        settlement.GetProperty("kind").GetString().ShouldBe("refund");
        settlement.GetProperty("status").GetString().ShouldBe("paid");
        settlement.GetProperty("amount").GetDecimal().ShouldBe(stored.Amount.Minor / 100m);
        settlement.GetProperty("currency").GetString().ShouldBe("EUR");
        settlement.GetProperty("reference").GetString().ShouldBe("RI-" + rma);
        settlement.GetProperty("provider").GetString().ShouldBe("Shop");
        settlement.GetProperty("providerReference").GetString().ShouldBe("SHOP-PAY-FEED");
        settlement.GetProperty("legalDeadline").ValueKind.ShouldBe(JsonValueKind.String);
        settlement.GetProperty("sentAt").ValueKind.ShouldBe(JsonValueKind.String);
        settlement.GetProperty("completedAt").ValueKind.ShouldBe(JsonValueKind.String);
        settlement.GetProperty("failedAt").ValueKind.ShouldBe(JsonValueKind.Null);
        // Every item has the list, empty before a return is settled.
        page.RootElement.GetProperty("items").EnumerateArray().ShouldAllBe(i => i.GetProperty("settlements").ValueKind == JsonValueKind.Array);

        var email = await Db(db => db.Returns.Where(r => r.Rma == rma).Select(r => r.Order!.Email).SingleAsync());
        using var single = await SendAsync(HttpMethod.Get, $"/api/v1/returns/{rma}?email={Uri.EscapeDataString(email)}");
        single.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var one = await JsonAsync(single);
        one.RootElement.GetProperty("settlements").EnumerateArray().ShouldHaveSingleItem().GetProperty("status").GetString().ShouldBe("paid");
    }

    [Fact]
    public async Task A_local_shop_gets_a_signed_refund_requested_pays_once_and_answers_even_when_the_webhook_comes_twice()
    {
        var secret = WebhookSubscription.GenerateSecret();
        // The shop's first answer is lost (500): the portal delivers the same webhook again.
        await using var shop = await LocalShop.StartAsync(secret, firstAnswer: 500);
        // Earlier tests' messages are fanned out before the shop subscribes: it gets this test's refund only.
        await FanOutAllAsync();
        var subscription = WebhookSubscription.Create(shop.Url, [WebhookEvents.RefundRequested], secret, "test", DateTime.UtcNow);
        await Db(async db =>
        {
            db.WebhookSubscriptions.Add(subscription);
            return await db.SaveChangesAsync();
        });
        try
        {
            var (rma, id) = await ShopRefundAsync();

            await FanOutAllAsync();
            await DeliverAsync();

            var first = shop.Received.ShouldHaveSingleItem();
            first.SignatureValid.ShouldBeTrue();
            first.Reference.ShouldBe("RI-" + rma);
            shop.Payments.ShouldBe(1);
            var client = factory.CreateClient();
            (await shop.AnswerAsync(client, DemoKey)).ShouldBe([HttpStatusCode.OK]);
            (await SettlementAsync(id)).Status.ShouldBe(SettlementStatus.Paid);

            // The retry of the delivery the shop answered 500: the same body, the same idempotency key.
            var delivery = await Db(db => db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.SubscriptionId == subscription.Id));
            delivery.Status.ShouldBe(WebhookDeliveryStatus.Pending);
            await Db(db => db.WebhookDeliveries.Where(d => d.Id == delivery.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, DateTime.UtcNow.AddSeconds(-1))));
            await DeliverAsync();

            shop.Received.Count.ShouldBe(2);
            shop.Received.Last().IdempotencyKey.ShouldBe(first.IdempotencyKey);
            shop.Payments.ShouldBe(1, "the shop pays once per idempotency key");
            (await shop.AnswerAsync(client, DemoKey)).ShouldBe([HttpStatusCode.OK]);
            var settlement = await SettlementAsync(id);
            settlement.Status.ShouldBe(SettlementStatus.Paid);
            settlement.ProviderReference.ShouldBe(shop.ReferenceOf(first.IdempotencyKey));
            (await MessagesAsync(MessageTypes.RefundIssued, rma)).ShouldBe(1);
            (await Db(db => db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.SubscriptionId == subscription.Id))).Status
                .ShouldBe(WebhookDeliveryStatus.Delivered);
        }
        finally
        {
            await Db(db => db.WebhookSubscriptions.Where(s => s.Id == subscription.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, false)));
        }
    }

    /// <summary>A resolved refund handed to the shop (Sent), and its settlement's id.</summary>
    private async Task<(string Rma, int Id)> ShopRefundAsync()
    {
        var order = await TestReturns.NewOrderAsync(factory);
        var rma = await ResolvedByShopAsync(order.Id, Resolution.Refund);
        return (rma, await SettlementIdAsync(rma, SettlementKind.Refund));
    }

    /// <summary>
    /// A resolved exchange for the same SKU, its replacement reserved when it was made (as the wizard does), handed to
    /// the shop (ReplacementRequested); and its settlement's id.
    /// </summary>
    private async Task<(string Rma, int Id)> ShopExchangeAsync()
    {
        var sku = await Db(db => db.Variants.Where(v => v.Product!.NonReturnableReason == null
                && db.StockLevels.Any(s => s.VariantId == v.Id && s.Bucket == StockBucket.Sellable && s.Quantity - s.Reserved > 2))
            .OrderBy(v => v.Id).Select(v => v.Sku).FirstAsync());
        var order = await TestReturns.NewOrderAsync(factory, 3, new TestReturns.Line(Sku: sku));
        var rma = await ResolvedByShopAsync(order.Id, Resolution.Exchange);
        (await ReservationsAsync(rma)).ShouldAllBe(r => r == ReservationStatus.Active);
        (await ReservationsAsync(rma)).ShouldNotBeEmpty();
        return (rma, await SettlementIdAsync(rma, SettlementKind.Exchange));
    }

    /// <summary>
    /// Returns the whole order and decides it (accepted, restocked) in the app that hands settlements to the shop, the
    /// way the warehouse would: the save that resolves it adds the settlement and queues refund.requested or
    /// exchange.requested. An exchange's lines ask for the same variant, reserved as the wizard reserves it.
    /// </summary>
    private async Task<string> ResolvedByShopAsync(int orderId, Resolution resolution)
    {
        using var shop = factory.WithWebHostBuilder(b => b.UseSetting("Payments:Provider", "Shop").UseSetting("Exchanges:ShipFrom", "Shop"));
        await using var scope = shop.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var now = DateTime.UtcNow;
        var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == orderId);
        var policy = await db.Policies.WithTerms().InForce().FirstAsync();
        var reason = await db.Reasons.Where(r => r.IsActive).OrderBy(r => r.Id).FirstAsync();
        var dropOff = await db.DropOffPoints.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        var warehouse = await db.Warehouses.OrderBy(w => w.Id).Select(w => w.Id).FirstAsync();
        var exchange = resolution == Resolution.Exchange;
        var request = ReturnRequest.Create(
            RmaNumber.Generate(), order, policy,
            [.. order.Lines.Select(l => new ReturnLine(l.Id, l.Quantity, reason.Id, "Retour de test", exchange ? l.VariantId : null, []))],
            resolution, ReturnMethod.DropOff, dropOff, warehouse, "fr", "customer", now);
        request.Approve("customer", now);
        request.MarkInTransit(null, "carrier", now);
        db.Returns.Add(request);
        await scope.ServiceProvider.GetRequiredService<StockReservations>().ReserveForAsync(request, CancellationToken.None);
        await db.SaveChangesAsync();
        request.Receive([.. request.Lines.Select(l => new LineReceipt(l.Id, ReceiptOutcome.Received, l.Quantity))], "warehouse", now);
        foreach (var line in request.Lines)
        {
            request.InspectLine(new LineInspection(line.Id, ItemGrade.A, [], SerialCheck.NotApplicable, null), "warehouse", now);
        }
        request.Decide([.. request.Lines.Select(l => new LineDecisionInput(l.Id, LineVerdict.Accept, Disposition.Restock, null))], "warehouse", now);
        await db.SaveChangesAsync();
        return request.Rma;
    }

    private Task<int> SettlementIdAsync(string rma, SettlementKind kind) =>
        Db(db => db.Settlements.Where(s => s.Kind == kind && db.Returns.Any(r => r.Id == s.ReturnRequestId && r.Rma == rma)).Select(s => s.Id).SingleAsync());

    private Task<Settlement> SettlementAsync(int id) => Db(db => db.Settlements.AsNoTracking().SingleAsync(s => s.Id == id));

    private Task<int> MessagesAsync(string type, string rma) => Db(db => db.Outbox.CountAsync(m => m.Type == type && m.Payload.Contains(rma)));

    private Task<List<ReservationStatus>> ReservationsAsync(string rma) => Db(db => db.StockReservations
        .Where(r => db.ReturnLines.Any(l => l.Id == r.ReturnLineId && db.Returns.Any(x => x.Id == l.ReturnRequestId && x.Rma == rma)))
        .Select(r => r.Status).ToListAsync());

    private Task<T> Db<T>(Func<ReturnsDbContext, Task<T>> query) => factory.WithScopeAsync(sp => query(sp.GetRequiredService<ReturnsDbContext>()));

    private async Task FanOutAllAsync()
    {
        for (var i = 0; i < 1000 && await factory.WithScopeAsync(sp => sp.GetRequiredService<WebhookFanOut>().FanOutBatchAsync(CancellationToken.None)) > 0; i++)
        {
        }
    }

    private Task<int> DeliverAsync() => factory.WithScopeAsync(sp => sp.GetRequiredService<WebhookSender>().DeliverBatchAsync(CancellationToken.None));

    private Task<HttpResponseMessage> PostAsync(string url, string json, string? key = DemoKey) => SendAsync(HttpMethod.Post, url, json, key);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? json = null, string? key = DemoKey)
    {
        using var request = new HttpRequestMessage(method, url);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        return await factory.CreateClient().SendAsync(request);
    }

    private static async Task<JsonDocument> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync());
}
