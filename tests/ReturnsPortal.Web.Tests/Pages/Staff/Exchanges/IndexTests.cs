using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Testing;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Staff.Exchanges;

public sealed class IndexTests_Sqlite(SqlitePortalFactory factory) : IndexTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class IndexTests_Postgres(PostgresPortalFactory factory) : IndexTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>
/// The warehouse's exchanges (Pages/Staff/Exchanges): a replacement ships only with a tracking number and consumes its
/// reservation; a cancelled one gives the customer the refund or credit they chose; two people, one wins.
/// </summary>
public abstract class IndexTests(PortalFactory factory)
{
    private const string Inspector = "inspector@example.fr";

    /// <summary>An exchange decided for this test: one line, its replacement reserved in stock, waiting to ship.</summary>
    internal static async Task<(string Rma, int SettlementId)> WaitingExchangeAsync(PortalFactory factory)
    {
        var order = await TestReturns.NewOrderAsync(factory);
        return await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var clock = sp.GetRequiredService<TimeProvider>();
            var now = clock.GetUtcNow().UtcDateTime;
            const string Actor = "warehouse@example.fr";
            var placed = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == order.Id);
            var policy = await db.Policies.WithTerms().InForce().FirstAsync();
            var reason = await db.Reasons.Where(r => r.IsActive).OrderBy(r => r.Id).FirstAsync();
            var dropOff = await db.DropOffPoints.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
            var warehouse = await db.Warehouses.OrderBy(w => w.Id).Select(w => w.Id).FirstAsync();
            var replacement = await db.StockLevels.Where(s => s.Bucket == StockBucket.Sellable && s.Quantity - s.Reserved >= 5)
                .OrderBy(s => s.VariantId).Select(s => s.VariantId).FirstAsync();
            var request = ReturnRequest.Create(
                RmaNumber.Generate(), placed, policy,
                [.. placed.Lines.Select(l => new ReturnLine(l.Id, l.Quantity, reason.Id, "Trop petit", replacement, []))],
                Resolution.Exchange, ReturnMethod.DropOff, dropOff, warehouse, "fr", "customer", now);
            request.Approve("customer", now);
            request.MarkInTransit(null, SystemActor.Name, now);
            db.Returns.Add(request);
            await new StockReservations(db, new StockLedger(db), clock).ReserveForAsync(request, default);
            await db.SaveChangesAsync();
            request.Receive([.. request.Lines.Select(l => new LineReceipt(l.Id, ReceiptOutcome.Received, l.Quantity))], Actor, now);
            foreach (var line in request.Lines)
            {
                request.InspectLine(new LineInspection(line.Id, ItemGrade.A, [], SerialCheck.NotApplicable, null), Actor, now);
            }
            request.Decide([.. request.Lines.Select(l => new LineDecisionInput(l.Id, LineVerdict.Accept, Disposition.Restock, null))], Actor, now);
            await db.SaveChangesAsync();
            var settlement = await db.Settlements.SingleAsync(s => s.IdempotencyKey == Settlement.KeyFor(request.Rma));
            settlement.Status.ShouldBe(SettlementStatus.ReplacementRequested);
            return (request.Rma, settlement.Id);
        });
    }

    private Task<Settlement> SettlementAsync(int id) =>
        factory.ReadAsync(db => db.Settlements.AsNoTracking().SingleAsync(s => s.Id == id));

    private Task<List<ReservationStatus>> ReservationsAsync(string rma) =>
        factory.ReadAsync(db => db.StockReservations
            .Where(r => db.ReturnLines.Any(l => l.Id == r.ReturnLineId && db.Returns.Any(x => x.Id == l.ReturnRequestId && x.Rma == rma)))
            .Select(r => r.Status).ToListAsync());

    private static Dictionary<string, string> ShipForm(string carrier, string tracking, string? other = null) => new()
    {
        ["Ship.Carrier"] = carrier,
        ["Ship.Tracking"] = tracking,
        ["Ship.OtherCarrier"] = other ?? "",
    };

    [Fact]
    public async Task An_inspector_ships_the_replacement_with_its_tracking_number_and_the_reservation_is_consumed()
    {
        var (rma, id) = await WaitingExchangeAsync(factory);
        var client = await factory.SignedInAsync(Inspector);

        var page = await client.GetDocumentAsync("/staff/exchanges");
        var card = page.QuerySelector($"#exchanges [data-rma='{rma}']").ShouldNotBeNull();
        card.QuerySelector($"a[href='/staff/returns/{rma}']").ShouldNotBeNull();
        card.QuerySelector(".exchange-customer").Text().ShouldBe("Camille Test");
        card.QuerySelectorAll(".exchange-items tbody tr").Length.ShouldBe(1);

        using (var shipped = await client.SubmitAsync(page, $"#ship-form-{id}", ShipForm("Colissimo", "6A 1234-5678")))
        {
            shipped.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            shipped.Headers.Location!.OriginalString.ShouldBe($"/staff/exchanges?tab=Shipped&done={rma}");
        }
        var settlement = await SettlementAsync(id);
        settlement.Status.ShouldBe(SettlementStatus.Shipped);
        settlement.Carrier.ShouldBe("Colissimo");
        settlement.TrackingNumber.ShouldBe("6A 1234-5678");
        (await ReservationsAsync(rma)).ShouldAllBe(s => s == ReservationStatus.Consumed);
        var message = await factory.ReadAsync(db => db.Outbox.SingleAsync(m => m.Type == MessageTypes.ExchangeShipped && m.DedupeKey == $"exchange:{rma}"));
        message.Payload.ShouldContain("6A 1234-5678");
        message.Payload.ShouldContain("Colissimo");

        var list = await client.GetDocumentAsync("/staff/exchanges?tab=Shipped");
        list.QuerySelector($"#exchanges [data-rma='{rma}'] .exchange-shipment").Text().ShouldContain("6A 1234-5678");
        (await client.GetDocumentAsync("/staff/exchanges")).QuerySelector($"#exchanges [data-rma='{rma}']").ShouldBeNull();
    }

    [Fact]
    public async Task Another_carrier_is_typed_after_Other()
    {
        var (_, id) = await WaitingExchangeAsync(factory);
        var client = await factory.SignedInAsync(Inspector);
        var page = await client.GetDocumentAsync("/staff/exchanges");
        using (var missing = await client.SubmitAsync(page, $"#ship-form-{id}", ShipForm("Other", "XY123")))
        {
            missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }
        using (var shipped = await client.SubmitAsync(page, $"#ship-form-{id}", ShipForm("Other", "XY123", "Coursier Lyon")))
        {
            shipped.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        (await SettlementAsync(id)).Carrier.ShouldBe("Coursier Lyon");
    }

    [Theory]
    [InlineData("", "Indiquez le numéro de suivi")]
    [InlineData("<script>", "lettres, des chiffres")]
    public async Task A_missing_or_odd_tracking_number_is_refused_and_nothing_changes(string tracking, string message)
    {
        var (rma, id) = await WaitingExchangeAsync(factory);
        var client = await factory.SignedInAsync(Inspector);
        var page = await client.GetDocumentAsync("/staff/exchanges");

        using var refused = await client.SubmitAsync(page, $"#ship-form-{id}", ShipForm("DPD", tracking));

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain(message);
        var settlement = await SettlementAsync(id);
        settlement.Status.ShouldBe(SettlementStatus.ReplacementRequested);
        settlement.TrackingNumber.ShouldBeNull();
        (await ReservationsAsync(rma)).ShouldAllBe(s => s == ReservationStatus.Active);
        (await factory.ReadAsync(db => db.Outbox.AnyAsync(m => m.Type == MessageTypes.ExchangeShipped && m.DedupeKey == $"exchange:{rma}"))).ShouldBeFalse();
    }

    [Fact]
    public async Task Cancelled_for_store_credit_the_credit_is_issued_and_the_reservation_released()
    {
        var (rma, id) = await WaitingExchangeAsync(factory);
        var client = await factory.SignedInAsync(Inspector);
        var page = await client.GetDocumentAsync("/staff/exchanges");

        using (var noReason = await client.SubmitAsync(page, $"#cancel-form-{id}", new Dictionary<string, string> { ["Cancel.Instead"] = "StoreCredit", ["Cancel.Reason"] = " " }))
        {
            noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await noReason.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("motif");
        }
        (await SettlementAsync(id)).Status.ShouldBe(SettlementStatus.ReplacementRequested);

        using (var cancelled = await client.SubmitAsync(page, $"#cancel-form-{id}",
            new Dictionary<string, string> { ["Cancel.Instead"] = "StoreCredit", ["Cancel.Reason"] = "Plus en stock chez le fournisseur" }))
        {
            cancelled.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            cancelled.Headers.Location!.OriginalString.ShouldBe($"/staff/exchanges?tab=Cancelled&done={rma}");
        }
        var exchange = await SettlementAsync(id);
        exchange.Status.ShouldBe(SettlementStatus.Cancelled);
        exchange.InsteadKind.ShouldBe(SettlementKind.StoreCredit);
        var instead = await factory.ReadAsync(db => db.Settlements.AsNoTracking().SingleAsync(s => s.IdempotencyKey == Settlement.InsteadKeyFor(rma)));
        instead.Kind.ShouldBe(SettlementKind.StoreCredit);
        instead.Status.ShouldBe(SettlementStatus.Issued);
        instead.Amount.ShouldBe(exchange.Amount);
        (await factory.ReadAsync(db => db.StoreCreditEntries.AnyAsync(e => e.SettlementId == instead.Id))).ShouldBeTrue();
        (await ReservationsAsync(rma)).ShouldAllBe(s => s == ReservationStatus.Released);
        (await client.GetDocumentAsync("/staff/exchanges?tab=Cancelled")).QuerySelector($"#exchanges [data-rma='{rma}'] .exchange-cancellation").Text()
            .ShouldContain("Plus en stock chez le fournisseur");
    }

    [Fact]
    public async Task Two_colleagues_on_the_same_exchange_one_ships_the_other_sees_it_shipped()
    {
        var (rma, id) = await WaitingExchangeAsync(factory);
        var first = await factory.SignedInAsync(Inspector);
        var second = await factory.SignedInAsync("manager@example.fr");
        var firstPage = await first.GetDocumentAsync("/staff/exchanges");
        var secondPage = await second.GetDocumentAsync("/staff/exchanges");

        using (await first.SubmitAsync(firstPage, $"#ship-form-{id}", ShipForm("GLS", "GLS-1")))
        {
        }
        using var late = await second.SubmitAsync(secondPage, $"#cancel-form-{id}",
            new Dictionary<string, string> { ["Cancel.Instead"] = "Refund", ["Cancel.Reason"] = "Le client préfère être remboursé" });

        late.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await late.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain($"{rma} entre-temps : il est maintenant « Expédié »");
        (await SettlementAsync(id)).Status.ShouldBe(SettlementStatus.Shipped);
        (await factory.ReadAsync(db => db.Settlements.AnyAsync(s => s.IdempotencyKey == Settlement.InsteadKeyFor(rma)))).ShouldBeFalse();
    }

    [Fact]
    public async Task An_unknown_exchange_is_not_found()
    {
        var (_, id) = await WaitingExchangeAsync(factory);
        var client = await factory.SignedInAsync(Inspector);
        var page = await client.GetDocumentAsync("/staff/exchanges");
        using var response = await client.SubmitAsync(page, $"#ship-form-{id}",
            new Dictionary<string, string>(ShipForm("DPD", "1")) { ["Ship.SettlementId"] = "999999" });
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

public sealed class ShopShipsExchangesFactory : PortalFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Exchanges:ShipFrom", "Shop");
    }

    protected override Task<string> CreateDatabaseAsync(string dataPath) =>
        Task.FromResult($"Data Source={Path.Combine(dataPath, "returns.db")}");
}

/// <summary>With <c>Exchanges:ShipFrom=Shop</c> the shop ships: the page lists the exchanges without a ship button.</summary>
public sealed class ShopShipsExchangesTests(ShopShipsExchangesFactory factory) : IClassFixture<ShopShipsExchangesFactory>
{
    [Fact]
    public async Task The_page_says_the_shop_ships_and_offers_no_ship_button()
    {
        var (rma, id) = await IndexTests.WaitingExchangeAsync(factory);
        var client = await factory.SignedInAsync("inspector@example.fr");

        var page = await client.GetDocumentAsync("/staff/exchanges");

        page.QuerySelector("#shop-ships").ShouldNotBeNull();
        page.QuerySelector($"#exchanges [data-rma='{rma}']").ShouldNotBeNull();
        page.QuerySelector($"#ship-form-{id}").ShouldBeNull();
        page.QuerySelectorAll(".ship-form, .cancel-form").Length.ShouldBe(0);
    }
}
