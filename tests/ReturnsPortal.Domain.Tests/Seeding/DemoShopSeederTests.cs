using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Seeding;
using ReturnsPortal.Domain.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ReturnsPortal.Domain.Tests.Seeding;

public sealed class DemoShopSeederTests_Sqlite(SqliteTestDatabase db, ITestOutputHelper output)
    : DemoShopSeederTests(db, output), IClassFixture<SqliteTestDatabase>
{
    protected override TestDatabase NewDatabase() => new SqliteTestDatabase();
}

public sealed class DemoShopSeederTests_Postgres(PostgresTestDatabase db, ITestOutputHelper output)
    : DemoShopSeederTests(db, output), IClassFixture<PostgresTestDatabase>
{
    protected override TestDatabase NewDatabase() => new PostgresTestDatabase();
}

/// <summary>
/// The demo shop on a real database: what the README publishes (DEMO-1001, DEMO-1002, client@example.fr), enough
/// data to look like a shop, returns in every status with a believable history, and determinism.
/// The tests of a class share one seeded database (seeded by whichever test runs first).
/// </summary>
public abstract partial class DemoShopSeederTests(TestDatabase database, ITestOutputHelper output)
{
    // Whole seconds, so the dates relative to it survive both providers' precision.
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 15, 0, TimeSpan.Zero);
    private static readonly DateTime NowUtc = Now.UtcDateTime;

    /// <summary>Another empty database of the same provider, for the determinism check.</summary>
    protected abstract TestDatabase NewDatabase();

    [Fact]
    public async Task The_shop_has_a_catalogue_customers_orders_and_drop_off_points()
    {
        await EnsureSeededAsync();
        await using var db = database.CreateContext(new FakeClock(Now));

        var variants = await db.Variants.Select(v => new { v.Sku, v.Size, v.Colour, v.Price, Category = v.Product!.Category!.Code }).ToListAsync();
        variants.Count.ShouldBeGreaterThanOrEqualTo(60);
        variants.Select(v => v.Category).Distinct().Order().ShouldBe(["beauty", "clothing", "electronics", "home", "shoes"]);
        variants.ShouldAllBe(v => SkuFormat().IsMatch(v.Sku) && v.Price.Minor > 0 && v.Price.Currency == "EUR");
        variants.ShouldContain(v => v.Sku == "VET-TSH-001-M-NOIR");
        variants.Where(v => v.Category == "clothing").Select(v => v.Size).Distinct().ShouldBeSubsetOf(["XS", "S", "M", "L", "XL"]);
        variants.Where(v => v.Category == "shoes").ShouldAllBe(v => int.Parse(v.Size!, CultureInfo.InvariantCulture) >= 36 && int.Parse(v.Size!, CultureInfo.InvariantCulture) <= 45);
        variants.ShouldContain(v => v.Colour == "Bleu marine");

        var nonReturnable = await db.Products.Where(p => p.NonReturnableReason != null)
            .Select(p => new { p.NonReturnableReason, Category = p.Category!.Code }).ToListAsync();
        nonReturnable.ShouldContain(p => p.NonReturnableReason == NonReturnableReason.Hygiene && p.Category == "beauty");
        nonReturnable.Count(p => p.NonReturnableReason == NonReturnableReason.Personalised).ShouldBe(1);
        nonReturnable.Count(p => p.NonReturnableReason == NonReturnableReason.FinalSale).ShouldBe(1);

        var customers = await db.Customers.Select(c => new { c.Email, c.Language, c.Address.Postcode }).ToListAsync();
        customers.Count.ShouldBeGreaterThanOrEqualTo(500);
        customers.ShouldAllBe(c => c.Email.EndsWith("@example.fr", StringComparison.Ordinal) || c.Email.EndsWith("@example.com", StringComparison.Ordinal));
        customers.Select(c => c.Email).Distinct().Count().ShouldBe(customers.Count);
        customers.ShouldAllBe(c => c.Postcode.Length == 5);
        var englishShare = customers.Count(c => c.Language == "en") / (double)customers.Count;
        englishShare.ShouldBeInRange(0.05, 0.15);

        var since = NowUtc.AddDays(-DemoShopSeeder.HistoryDays);
        var orders = await db.Orders
            .Select(o => new { o.Number, o.PlacedAt, o.ShippedAt, o.DeliveredAt, o.PaymentMethod, Lines = o.Lines.Count })
            .ToListAsync();
        orders.Count(o => o.PlacedAt >= since && o.PlacedAt <= NowUtc).ShouldBeGreaterThanOrEqualTo(2000);
        orders.Where(o => !o.Number.StartsWith("DEMO-", StringComparison.Ordinal)).ShouldAllBe(o => OrderNumberFormat().IsMatch(o.Number));
        orders.ShouldAllBe(o => o.Lines >= 1 && o.Lines <= 4);
        orders.Where(o => o.ShippedAt != null).ShouldAllBe(o => o.ShippedAt >= o.PlacedAt.AddDays(1) && o.ShippedAt <= o.PlacedAt.AddDays(2));
        orders.Where(o => o.DeliveredAt != null).ShouldAllBe(o => o.DeliveredAt >= o.ShippedAt!.Value.AddDays(1) && o.DeliveredAt <= o.ShippedAt.Value.AddDays(4));
        orders.ShouldAllBe(o => (o.DeliveredAt ?? o.ShippedAt ?? o.PlacedAt) <= NowUtc);
        orders.ShouldContain(o => o.DeliveredAt == null, "the most recent orders are still on their way");
        orders.Where(o => o.DeliveredAt == null).ShouldAllBe(o => o.PlacedAt >= NowUtc.AddDays(-7));
        orders.Select(o => o.PaymentMethod).Distinct().Count().ShouldBeGreaterThanOrEqualTo(3);

        var points = await db.DropOffPoints.Select(p => new { p.Code, p.Carrier, p.Address.City, p.Latitude, p.Longitude, p.OpeningHours }).ToListAsync();
        points.Count.ShouldBeGreaterThanOrEqualTo(30);
        points.Select(p => p.Code).Distinct().Count().ShouldBe(points.Count);
        points.Select(p => p.City).Distinct().Count().ShouldBeGreaterThanOrEqualTo(20);
        points.Select(p => p.Carrier).Distinct().Count().ShouldBeGreaterThanOrEqualTo(3);
        // Metropolitan France, roughly.
        points.ShouldAllBe(p => p.Latitude > 41 && p.Latitude < 51.5 && p.Longitude > -5.5 && p.Longitude < 10 && p.OpeningHours.Length > 0);
    }

    [Fact]
    public async Task The_published_demo_orders_are_exactly_as_documented()
    {
        await EnsureSeededAsync();
        await using var db = database.CreateContext(new FakeClock(Now));

        var camille = await db.Customers.SingleAsync(c => c.Email == DemoShopSeeder.DemoCustomerEmail);
        camille.FirstName.ShouldBe("Camille");
        camille.LastName.ShouldBe("Martin");
        camille.Language.ShouldBe("fr");
        camille.Address.City.ShouldBe("Paris");
        camille.Address.Postcode.ShouldBe("75011");

        var returnable = await db.Orders.Include(o => o.Lines).ThenInclude(l => l.Variant).ThenInclude(v => v!.Product).ThenInclude(p => p!.Category)
            .SingleAsync(o => o.Number == DemoShopSeeder.ReturnableOrder);
        returnable.Email.ShouldBe(DemoShopSeeder.DemoCustomerEmail);
        returnable.CustomerId.ShouldBe(camille.Id);
        returnable.PlacedAt.ShouldBe(NowUtc.AddDays(-8));
        returnable.ShippedAt.ShouldBe(NowUtc.AddDays(-7));
        returnable.DeliveredAt.ShouldBe(NowUtc.AddDays(-5));
        returnable.Lines.Count.ShouldBe(3);
        var hygiene = returnable.Lines.Where(l => !l.Variant!.Product!.IsReturnable).ShouldHaveSingleItem();
        hygiene.Variant!.Product!.NonReturnableReason.ShouldBe(NonReturnableReason.Hygiene);
        hygiene.Variant.Product.Category!.Code.ShouldBe("beauty");
        returnable.Lines.Where(l => l != hygiene).ShouldAllBe(l => l.Variant!.Product!.IsReturnable
            && (l.Variant.Product.Category!.Code == "clothing" || l.Variant.Product.Category.Code == "shoes"));

        var expired = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Number == DemoShopSeeder.ExpiredOrder);
        expired.Email.ShouldBe(DemoShopSeeder.DemoCustomerEmail);
        expired.DeliveredAt.ShouldBe(NowUtc.AddDays(-45));
        expired.Lines.Count.ShouldBe(2);

        (await db.Returns.AnyAsync(r => r.Order!.Number.StartsWith("DEMO-"))).ShouldBeFalse("the walkthrough starts the first return itself");
    }

    [Fact]
    public async Task The_reference_data_is_the_default_policy_exactly()
    {
        await EnsureSeededAsync();
        await using var db = database.CreateContext(new FakeClock(Now));

        var policy = await db.Policies.Include(p => p.MethodFees).Include(p => p.CategoryOverrides).Include(p => p.Checklist).SingleAsync();
        policy.Name.ShouldBe("Politique standard");
        policy.IsDefault.ShouldBeTrue();
        policy.WindowDays.ShouldBe(30);
        policy.WindowStart.ShouldBe(WindowStart.Delivery);
        policy.LabelFee(ReturnMethod.DropOff, "EUR").Minor.ShouldBe(0);
        policy.LabelFee(ReturnMethod.Pickup, "EUR").Minor.ShouldBe(490);
        policy.LabelFee(ReturnMethod.InStore, "EUR").Minor.ShouldBe(0);
        policy.RestockingFeePercent.ShouldBe(0m);
        policy.FirstReturnFree.ShouldBeFalse();
        policy.AllowRefund.ShouldBeTrue();
        policy.AllowStoreCredit.ShouldBeTrue();
        policy.AllowExchange.ShouldBeTrue();
        policy.StoreCreditBonusPercent.ShouldBe(10m);
        policy.ApprovalThresholdFor("EUR")!.FourEyesMinor.ShouldBe(30_000);
        policy.ApprovalThresholds.ShouldHaveSingleItem().Currency.ShouldBe("EUR");
        policy.CategoryOverrides.ShouldBeEmpty();
        policy.Checklist.OrderBy(c => c.SortOrder).Select(c => c.Code)
            .ShouldBe(["original_packaging", "tags_attached", "accessories_complete", "proof_of_purchase"]);
        policy.Checklist.ShouldAllBe(c => c.LabelFr.Length > 0 && c.LabelEn.Length > 0 && c.LabelFr != c.LabelEn);

        var reasons = await db.Reasons.OrderBy(r => r.SortOrder).ToListAsync();
        reasons.Select(r => r.Code).ShouldBe(
        [
            "too_small", "too_big", "not_as_described", "changed_mind", "defective", "damaged_in_transit", "wrong_item",
            "arrived_late", "better_price", "other",
        ]);
        reasons.Single(r => r.Code == "too_small").LabelFr.ShouldBe("Taille trop petite");
        reasons.Single(r => r.Code == "too_small").LabelEn.ShouldBe("Too small");
        reasons.Single(r => r.Code == "changed_mind").LabelFr.ShouldBe("Ne me plaît plus");
        reasons.Single(r => r.Code == "changed_mind").LabelEn.ShouldBe("Changed my mind");
        reasons.Where(r => r.IsDefect).Select(r => r.Code).ShouldBe(["defective"]);
        reasons.Where(r => r.IsMerchantFault).Select(r => r.Code).ShouldBe(["damaged_in_transit", "wrong_item"], ignoreOrder: true);
        reasons.Where(r => r.PhotoWanted).Select(r => r.Code).ShouldBe(["defective", "damaged_in_transit"], ignoreOrder: true);

        var warehouse = await db.Warehouses.OrderBy(w => w.Id).FirstAsync();
        warehouse.Code.ShouldBe("LYS1");
        warehouse.Name.ShouldBe("Entrepôt Lyon");
        warehouse.Address.City.ShouldBe("Saint-Priest");
        warehouse.Address.Postcode.ShouldBe("69800");
    }

    [Fact]
    public async Task The_demo_routes_electronics_to_a_second_warehouse_and_keeps_its_history_at_the_first()
    {
        await EnsureSeededAsync();
        await using var db = database.CreateContext();

        var warehouses = await db.Warehouses.OrderBy(w => w.Id).Select(w => new { w.Id, w.Code }).ToListAsync();
        warehouses.Select(w => w.Code).ShouldBe(["LYS1", DemoShopSeeder.RepairWarehouseCode]);
        var rule = await db.RoutingRules.SingleAsync();
        rule.Condition.ShouldBe(RoutingCondition.Category);
        rule.WarehouseId.ShouldBe(warehouses[1].Id);
        (await db.Categories.SingleAsync(c => c.Id == rule.CategoryId)).Code.ShouldBe("electronics");
        (await db.Returns.CountAsync(r => r.WarehouseId != warehouses[0].Id)).ShouldBe(0);
    }

    [Fact]
    public async Task Returns_exist_in_every_status_with_a_real_history()
    {
        await EnsureSeededAsync();
        await using var db = database.CreateContext(new FakeClock(Now));

        var delivered = await db.Orders.CountAsync(o => o.DeliveredAt != null);
        var returns = await db.Returns.AsNoTracking().Include(r => r.History).Include(r => r.Order).ToListAsync();
        returns.Count.ShouldBeGreaterThanOrEqualTo(250);
        (returns.Count / (double)delivered).ShouldBeInRange(0.10, 0.16);
        foreach (var status in Enum.GetValues<ReturnStatus>())
        {
            returns.Count(r => r.Status == status).ShouldBeGreaterThanOrEqualTo(3, $"returns in status {status}");
        }
        returns.Select(r => r.Resolution).Distinct().Count().ShouldBe(3);
        returns.Count(r => r.Resolution == Resolution.Refund).ShouldBeGreaterThan(returns.Count / 2);
        returns.Count(r => r.Method == ReturnMethod.DropOff).ShouldBeGreaterThan(returns.Count / 2);
        returns.ShouldContain(r => r.Method == ReturnMethod.Pickup);
        returns.ShouldContain(r => r.Method == ReturnMethod.InStore);
        returns.ShouldAllBe(r => (r.Method == ReturnMethod.DropOff) == (r.DropOffPointId != null));
        returns.Select(r => r.Rma).ShouldAllBe(rma => RmaNumber.Normalise(rma) == rma);

        foreach (var r in returns)
        {
            var history = r.History.OrderBy(h => h.At).ToList();
            history[0].From.ShouldBeNull();
            history[0].Actor.ShouldBe("customer");
            history[0].At.ShouldBeGreaterThan(r.Order!.DeliveredAt!.Value, r.Rma);
            history[^1].To.ShouldBe(r.Status, r.Rma);
            history[^1].At.ShouldBeLessThanOrEqualTo(NowUtc, r.Rma);
            for (var i = 1; i < history.Count; i++)
            {
                history[i].At.ShouldBeGreaterThan(history[i - 1].At, r.Rma);
                history[i].From.ShouldBe(history[i - 1].To, r.Rma);
            }
            r.CreatedAt.ShouldBe(history[0].At, r.Rma);
            if (history.Any(h => h.To == ReturnStatus.InTransit))
            {
                r.CarrierTrackingNumber.ShouldNotBeNull(r.Rma);
                TrackingFormat().IsMatch(r.CarrierTrackingNumber).ShouldBeTrue(r.CarrierTrackingNumber);
            }
            // Four-eyes: an agent decides, a manager approves.
            foreach (var approval in history.Where(h => h.From == ReturnStatus.AwaitingApproval && h.To == ReturnStatus.Resolved))
            {
                approval.Actor.ShouldBe("manager@example.fr");
                r.DecidedBy.ShouldBe("agent@example.fr");
            }
        }
        // Older orders are further along: nothing delivered in the last days is already closed.
        var newestClosed = returns.Where(r => r.Status == ReturnStatus.Closed).Max(r => r.Order!.DeliveredAt);
        var oldestRequested = returns.Where(r => r.Status == ReturnStatus.Requested).Min(r => r.Order!.DeliveredAt);
        newestClosed.ShouldNotBeNull().ShouldBeLessThan(oldestRequested!.Value);
    }

    [Fact]
    public async Task Returned_quantities_never_exceed_the_order_and_only_returnable_products_come_back()
    {
        await EnsureSeededAsync();
        await using var db = database.CreateContext(new FakeClock(Now));

        var lines = await db.ReturnLines.Select(l => new
        {
            l.ReturnRequestId,
            l.Quantity,
            Ordered = l.OrderLine!.Quantity,
            SameOrder = l.OrderLine.OrderId == db.Returns.Where(r => r.Id == l.ReturnRequestId).Select(r => r.OrderId).First(),
            l.OrderLine.Variant!.Product!.NonReturnableReason,
            Product = l.OrderLine.Variant.Product.Code,
            Reason = l.Reason!.Code,
        }).ToListAsync();

        lines.ShouldNotBeEmpty();
        lines.ShouldAllBe(l => l.Quantity >= 1 && l.Quantity <= l.Ordered && l.SameOrder);
        lines.ShouldAllBe(l => l.NonReturnableReason == null);
        // Every order line is returned at most once, all returns included.
        lines.Count.ShouldBe(await db.ReturnLines.Select(l => l.OrderLineId).Distinct().CountAsync());

        // The problem products: mostly "too small".
        var problem = lines.Where(l => l.Product is "VET-JEA-003" or "CHA-BOT-002").ToList();
        problem.Count.ShouldBeGreaterThan(20);
        (problem.Count(l => l.Reason == "too_small") / (double)problem.Count).ShouldBeGreaterThan(0.6);
    }

    [Fact]
    public async Task The_demo_shows_each_settlement_state_a_manual_shop_reaches()
    {
        await EnsureSeededAsync();
        await using var db = database.CreateContext(new FakeClock(Now));

        var settlements = await db.Settlements.AsNoTracking().ToListAsync();
        // Every state a Manual + Warehouse shop reaches with something owed (ADR 0117, 0121): refunds paid, failed and to
        // pay; store credit issued; exchanges to ship, shipped and cancelled for credit.
        settlements.Select(s => s.Status).Distinct().ShouldBe(
            [SettlementStatus.Paid, SettlementStatus.Failed, SettlementStatus.Sent, SettlementStatus.Issued,
             SettlementStatus.ReplacementRequested, SettlementStatus.Shipped, SettlementStatus.Cancelled], ignoreOrder: true);
        settlements.Where(s => s.Status == SettlementStatus.Sent).ShouldHaveSingleItem().Provider.ShouldBe("Manual");
        settlements.Single(s => s.Status == SettlementStatus.Shipped).TrackingNumber.ShouldNotBeNullOrEmpty();
        var cancelled = settlements.Single(s => s.Status == SettlementStatus.Cancelled);
        cancelled.InsteadKind.ShouldBe(SettlementKind.StoreCredit);
        settlements.ShouldContain(s => s.ReturnRequestId == cancelled.ReturnRequestId && s.Kind == SettlementKind.StoreCredit && s.Status == SettlementStatus.Issued);
        var failed = settlements.Where(s => s.Status == SettlementStatus.Failed).ShouldHaveSingleItem();
        failed.FailureReason.ShouldBe(DemoShopSeeder.DemoRefundFailure);
        failed.IsUnpaidRefund.ShouldBeTrue();
        settlements.Where(s => s.Status == SettlementStatus.Paid).ShouldAllBe(s => s.ProviderReference != null && s.CompletedAt != null);
        // The picks draw nothing from the seed's Random: the same refund fails on every seed.
        var rma = await db.Returns.Where(r => r.Id == failed.ReturnRequestId).Select(r => r.Rma).SingleAsync();
        rma.ShouldBe(await db.Returns.Where(r => db.Settlements.Any(x => x.ReturnRequestId == r.Id && x.Kind == SettlementKind.Refund))
            .OrderBy(r => r.Id).Select(r => r.Rma).FirstAsync());
    }

    [Fact]
    public async Task No_outbox_message_is_left_to_send_after_seeding()
    {
        await EnsureSeededAsync();
        await using var db = database.CreateContext(new FakeClock(Now));

        // One message per status change, one settlement.updated per settlement move, refund.issued only for paid
        // refunds (ADR 0117), one stock.changed per stock movement.
        (await db.Outbox.CountAsync(m => m.Type == Domain.Notifications.MessageTypes.ReturnCreated || m.Type == Domain.Notifications.MessageTypes.ReturnStatusChanged))
            .ShouldBe(await db.ReturnHistory.CountAsync());
        (await db.Outbox.CountAsync(m => m.Type == Domain.Notifications.MessageTypes.RefundIssued))
            .ShouldBe(await db.Settlements.CountAsync(x => x.Kind == Domain.BackOffice.SettlementKind.Refund && x.Status == Domain.BackOffice.SettlementStatus.Paid));
        (await db.Outbox.CountAsync(m => m.Type == Domain.Notifications.MessageTypes.SettlementUpdated))
            .ShouldBeGreaterThanOrEqualTo(await db.Settlements.CountAsync());
        (await db.Outbox.CountAsync(m => m.Type == Domain.Notifications.MessageTypes.StockChanged)).ShouldBe(await db.StockMovements.CountAsync(), "one stock.changed per movement");
        (await db.Outbox.CountAsync(m => m.ProcessedAt == null)).ShouldBe(0);
    }

    [Fact]
    public async Task Every_seeded_stock_level_is_the_sum_of_its_movements_and_resolved_returns_were_restocked()
    {
        await EnsureSeededAsync();
        await using var db = database.CreateContext(new FakeClock(Now));

        var levels = await db.StockLevels.AsNoTracking().Select(l => new { l.VariantId, l.WarehouseId, l.Bucket, l.Quantity, l.Reserved }).ToListAsync();
        var sums = await db.StockMovements.AsNoTracking().GroupBy(m => new { m.VariantId, m.WarehouseId, m.Bucket })
            .Select(g => new { g.Key.VariantId, g.Key.WarehouseId, g.Key.Bucket, Quantity = g.Sum(m => m.Quantity), Reserved = g.Sum(m => m.Reserved) })
            .ToListAsync();
        levels.OrderBy(l => (l.VariantId, l.Bucket)).ShouldBe(sums.OrderBy(l => (l.VariantId, l.Bucket)));
        levels.ShouldAllBe(l => l.Quantity >= 0);
        (await db.StockMovements.CountAsync(m => m.Cause == Domain.Inventory.StockCause.ReturnDisposition)).ShouldBeGreaterThan(10);
    }

    [Fact]
    public async Task Seeding_twice_adds_nothing()
    {
        await EnsureSeededAsync();
        var before = await CountsAsync(database);

        await using (var db = database.CreateContext(new FakeClock(Now.AddDays(3))))
        {
            await ReferenceDataSeeder.SeedAsync(db, new FakeClock(Now.AddDays(3)), CancellationToken.None);
            (await DemoShopSeeder.SeedAsync(db, new FakeClock(Now.AddDays(3)), CancellationToken.None)).ShouldBeFalse();
        }

        (await CountsAsync(database)).ShouldBe(before);
    }

    [Fact]
    public async Task The_same_clock_gives_the_same_shop()
    {
        await EnsureSeededAsync();
        var other = NewDatabase();
        await other.InitializeAsync();
        try
        {
            await SeedAsync(other);
            var expected = await FingerprintAsync(database);
            var actual = await FingerprintAsync(other);
            actual.Length.ShouldBeGreaterThan(10_000);
            actual.ShouldBe(expected);
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task Two_received_returns_are_flagged_for_inspection_before_refund()
    {
        await EnsureSeededAsync();
        await using var db = database.CreateContext(new FakeClock(Now));

        var flagged = await db.Returns.Where(r => r.IsFlagged).Select(r => r.Status).ToListAsync();

        flagged.Count.ShouldBe(2);
        flagged.ShouldAllBe(s => s == ReturnStatus.Received || s == ReturnStatus.Inspected);
    }

    private async Task EnsureSeededAsync()
    {
        await using var db = database.CreateContext(new FakeClock(Now));
        if (!await db.Orders.AnyAsync())
        {
            await SeedAsync(database);
        }
    }

    private async Task SeedAsync(TestDatabase target)
    {
        var clock = new FakeClock(Now);
        await using var db = target.CreateContext(clock, "system");
        var watch = Stopwatch.StartNew();
        await ReferenceDataSeeder.SeedAsync(db, clock, CancellationToken.None);
        (await DemoShopSeeder.SeedAsync(db, clock, CancellationToken.None)).ShouldBeTrue();
        output.WriteLine($"{target.Provider}: reference data and demo shop seeded in {watch.ElapsedMilliseconds} ms");
        // Not a benchmark: catches a seeder that saves row by row (minutes), not a slow machine.
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60));
    }

    private static async Task<string> CountsAsync(TestDatabase target)
    {
        await using var db = target.CreateContext();
        return string.Join(", ",
            await db.Reasons.CountAsync(), await db.Policies.CountAsync(), await db.Warehouses.CountAsync(),
            await db.Categories.CountAsync(), await db.Variants.CountAsync(), await db.Customers.CountAsync(),
            await db.Orders.CountAsync(), await db.OrderLines.CountAsync(), await db.DropOffPoints.CountAsync(),
            await db.Returns.CountAsync(), await db.ReturnLines.CountAsync(), await db.ReturnHistory.CountAsync(),
            await db.Outbox.CountAsync());
    }

    /// <summary>What the shop is made of, independent of generated keys.</summary>
    private static async Task<string> FingerprintAsync(TestDatabase target)
    {
        await using var db = target.CreateContext();
        var text = new StringBuilder();
        foreach (var v in await db.Variants.OrderBy(v => v.Sku).Select(v => new { v.Sku, v.Price.Minor }).ToListAsync())
        {
            text.Append(CultureInfo.InvariantCulture, $"{v.Sku}={v.Minor};");
        }
        foreach (var c in await db.Customers.OrderBy(c => c.Email).Select(c => new { c.Email, c.Language, c.Address.City }).ToListAsync())
        {
            text.Append(CultureInfo.InvariantCulture, $"{c.Email}|{c.Language}|{c.City};");
        }
        var orders = await db.Orders.OrderBy(o => o.Number).Select(o => new
        {
            o.Number,
            o.Email,
            o.PlacedAt,
            o.DeliveredAt,
            Total = o.Lines.Sum(l => l.UnitPricePaid.Minor * l.Quantity),
        }).ToListAsync();
        foreach (var o in orders)
        {
            text.Append(CultureInfo.InvariantCulture, $"{o.Number}|{o.Email}|{o.PlacedAt:O}|{o.DeliveredAt:O}|{o.Total};");
        }
        var returns = await db.Returns.OrderBy(r => r.Rma).Select(r => new
        {
            r.Rma,
            Order = r.Order!.Number,
            r.Status,
            r.Resolution,
            r.Method,
            r.CarrierTrackingNumber,
            Lines = r.Lines.Sum(l => l.Quantity),
            History = r.History.Count,
            r.CreatedAt,
        }).ToListAsync();
        foreach (var r in returns)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{r.Rma}|{r.Order}|{r.Status}|{r.Resolution}|{r.Method}|{r.CarrierTrackingNumber}|{r.Lines}|{r.History}|{r.CreatedAt:O};");
        }
        return text.ToString();
    }

    [GeneratedRegex(@"^(VET|CHA|ELE|MAI|BEA)-[A-Z]{3}-\d{3}(-[A-Z0-9]+)*$")]
    private static partial Regex SkuFormat();

    [GeneratedRegex(@"^CMD-\d{6}$")]
    private static partial Regex OrderNumberFormat();

    [GeneratedRegex(@"^6A\d{11}$")]
    private static partial Regex TrackingFormat();
}
