#pragma warning disable CA5394 // deterministic demo data, not security: the same seed must always give the same shop
using System.Globalization;
using System.Text;
using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Policies;

namespace ReturnsPortal.Domain.Seeding;

/// <summary>
/// The demo shop "Maison Lumière": a French catalogue, customers, six months of orders, drop-off points and
/// returns in every status, each built through <see cref="ReturnRequest"/>'s own methods so its history is real.
/// Deterministic: one seeded <see cref="Random"/> and times relative to the clock, so two runs with the same
/// clock give the same shop. Runs only on a database without orders; staff accounts are the web project's.
/// </summary>
public static class DemoShopSeeder
{
    public const int RandomSeed = 20261126;

    /// <summary>Delivered five days before seeding: inside every window, with a hygiene line that cannot be returned.</summary>
    public const string ReturnableOrder = "DEMO-1001";

    /// <summary>Delivered 45 days before seeding: past the 30-day commercial window.</summary>
    public const string ExpiredOrder = "DEMO-1002";

    public const string DemoCustomerEmail = "client@example.fr";

    public const int CustomerCount = 520;
    public const int OrderCount = 2150;
    public const int HistoryDays = 180;

    private const string CustomerActor = "customer";
    private const string Inspector = "inspector@example.fr";
    private const string Agent = "agent@example.fr";
    private const string Manager = "manager@example.fr";

    /// <summary>Seeds the demo shop; false when the database already has orders (nothing is touched then).</summary>
    public static async Task<bool> SeedAsync(ReturnsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        if (await db.Orders.AnyAsync(ct))
        {
            return false;
        }
        await ReferenceDataSeeder.SeedAsync(db, clock, ct);

        var now = clock.GetUtcNow().UtcDateTime;
        var policy = await db.Policies.InForce().FirstAsync(ct);
        var reasons = await db.Reasons.ToDictionaryAsync(r => r.Code, r => r.Id, ct);
        var existingPoints = await db.DropOffPoints.Where(p => p.IsActive).OrderBy(p => p.Id).ToListAsync(ct);
        var shop = new ShopBuilder(new Random(RandomSeed), now);

        // All or nothing: a half-seeded shop (orders without returns) would never be completed, as the
        // seeder skips any database that has orders.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Everything below is added, never modified after being tracked: the automatic change detection (three
        // passes over ten thousand entities per save, with the interceptors) would find nothing and cost a second.
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            var variants = shop.BuildCatalogue();
            db.Products.AddRange(variants.Select(v => v.Product!).Distinct());
            var points = existingPoints.Count > 0 ? existingPoints : shop.BuildDropOffPoints();
            if (existingPoints.Count == 0)
            {
                db.DropOffPoints.AddRange(points);
            }
            var customers = shop.BuildCustomers();
            db.Customers.AddRange(customers);
            var orders = shop.BuildOrders(customers, variants);
            db.Orders.AddRange(orders);
            await db.SaveChangesAsync(ct);
            await SeedStockAsync(db, variants.Select(v => v.Variant).ToList(), now, ct);

            // The seeded history was made before the routing rule (SeedRoutingAsync): it all went to the first warehouse.
            var firstWarehouse = await db.Warehouses.OrderBy(w => w.Id).Select(w => w.Id).FirstAsync(ct);
            var returns = shop.BuildReturns(orders, policy, reasons, points, firstWarehouse);
            db.Returns.AddRange(returns);
            await db.SaveChangesAsync(ct);
            await RecordWarehouseWorkAsync(db, returns, now, ct);
            await MoveResolvedStockAsync(db, now, ct);
            await SeedExchangesAsync(db, clock, now, ct);
            await SeedRoutingAsync(db, ct);

            // The audit interceptor stamps rows with the seeding time; the demo's returns were "made" weeks ago,
            // so their created/updated stamps follow their own history (queues sort and age by them).
            await db.Returns.ExecuteUpdateAsync(s => s
                .SetProperty(r => r.CreatedAt, r => db.ReturnHistory.Where(h => h.ReturnRequestId == r.Id).Min(h => h.At))
                .SetProperty(r => r.UpdatedAt, r => db.ReturnHistory.Where(h => h.ReturnRequestId == r.Id).Max(h => h.At)), ct);

            // The seeded history wrote an outbox message per status change: e-mails "announcing" events of the past
            // to fictional customers. Nobody must receive them, so they are marked as already processed.
            await db.Outbox.Where(m => m.ProcessedAt == null).ExecuteUpdateAsync(s => s.SetProperty(m => m.ProcessedAt, now), ct);
            await FlagForInspectionAsync(db, ct);

            await transaction.CommitAsync(ct);
        }
        finally
        {
            // Thousands of tracked rows are no use to the caller, and the tracked outbox messages are stale.
            db.ChangeTracker.Clear();
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
        return true;
    }

    /// <summary>The demo's second warehouse, the electronics repair workshop, which one routing rule feeds (ADR 0083).</summary>
    public const string RepairWarehouseCode = "ORL1";

    /// <summary>
    /// A second warehouse and one rule sending electronics there, so routing shows on the rules page and on the labels
    /// of electronics returns. The seeded history was made before the rule: it stays at the first warehouse.
    /// </summary>
    private static async Task SeedRoutingAsync(ReturnsDbContext db, CancellationToken ct)
    {
        var electronics = await db.Categories.Where(c => c.Code == "electronics").Select(c => c.Id).SingleAsync(ct);
        var repair = new Warehouse
        {
            Code = RepairWarehouseCode,
            Name = "Atelier Orléans",
            Address = new PostalAddress { Line1 = "9 rue des Frères Lumière", Line2 = "Parc d'activités des Sablons", Postcode = "45770", City = "Saran" },
        };
        db.Warehouses.Add(repair);
        await db.SaveChangesAsync(ct);
        db.RoutingRules.Add(RoutingRule.Create(new RoutingRuleSpec(RoutingCondition.Category, electronics, null, repair.Id), RoutingRule.PriorityStep));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Sellable stock for every variant, some at zero, so exchanges can offer (and refuse) replacements. It enters
    /// through the ledger as Import movements, so every level equals the sum of its movements from the start.
    /// </summary>
    private static async Task SeedStockAsync(ReturnsDbContext db, List<ProductVariant> variants, DateTime now, CancellationToken ct)
    {
        var warehouseId = await db.Warehouses.OrderBy(w => w.Id).Select(w => w.Id).FirstAsync(ct);
        var changes = variants.Select((v, i) => Inventory.StockChanges.Import(v.Id, warehouseId, Inventory.StockBucket.Sellable,
            // The demo T-shirt has one size sold out and the others in stock, for the README's exchange walkthrough.
            v.Sku == SoldOutDemoSku ? 0 : v.Sku.StartsWith("VET-TSH-001-", StringComparison.Ordinal) ? 8 : i % 6 == 5 ? 0 : 2 + (i % 9),
            SystemActor.Name, $"seed:{v.Sku}")).ToList();
        await new Inventory.StockLedger(db).PostAsync(changes, now.AddDays(-180), ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A variant of DEMO-1001's T-shirt with no stock: an exchange for it is refused.</summary>
    public const string SoldOutDemoSku = "VET-TSH-001-S-NOIR";

    /// <summary>
    /// The seeded history moved returns through the warehouse without line details: give the received ones their
    /// receipt (everything arrived), the inspected ones a grade A, the decided ones an "accept, restock" decision with
    /// its refund, and the resolved ones their settlement, so that every seeded return can be taken further by hand.
    /// </summary>
    private static async Task RecordWarehouseWorkAsync(ReturnsDbContext db, IReadOnlyList<ReturnRequest> returns, DateTime now, CancellationToken ct)
    {
        // Grade A met every condition of the return's version: no seeded line warns of a failed required one (ADR 0086).
        var conditions = (await db.Set<PolicyChecklistItem>().AsNoTracking().Where(c => c.IsEnabled)
            .Select(c => new { c.PolicyId, c.Code }).ToListAsync(ct)).ToLookup(c => c.PolicyId, c => c.Code);
        var states = new DemoSettlementStates();
        foreach (var request in returns)
        {
            var received = request.History.FirstOrDefault(h => h.To == ReturnStatus.Received);
            if (received is null)
            {
                continue;
            }
            request.Lines.ForEach(l => l.RecordReceipt(BackOffice.ReceiptOutcome.Received, l.Quantity));
            if (request.History.FirstOrDefault(h => h.To == ReturnStatus.Inspected) is not { } inspected)
            {
                continue;
            }
            request.Lines.ForEach(l => l.RecordInspection(
                new BackOffice.LineInspection(l.Id, BackOffice.ItemGrade.A, [.. conditions[request.PolicyId]], BackOffice.SerialCheck.NotApplicable, null),
                inspected.Actor, inspected.At));
            if (request.History.FirstOrDefault(h => h.To is ReturnStatus.AwaitingApproval || (h.To == ReturnStatus.Resolved && h.From == ReturnStatus.Inspected))
                is not { } decided)
            {
                continue;
            }
            var breakdown = request.RefundFor([.. request.Lines.Select(l =>
                new BackOffice.LineDecisionInput(l.Id, BackOffice.LineVerdict.Accept, BackOffice.Disposition.Restock, null))]);
            foreach (var result in breakdown.Lines)
            {
                request.Lines.Single(l => l.Id == result.LineId)
                    .RecordDecision(BackOffice.LineVerdict.Accept, BackOffice.Disposition.Restock, result, decided.Actor, decided.At);
            }
            if (request.Status == ReturnStatus.Resolved)
            {
                db.Settlements.Add(SeededSettlement(request, now, states));
            }
        }
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The finance person of the demo, who paid the seeded refunds (a Finance account of the web project).</summary>
    public const string FinanceActor = "finance@example.fr";

    /// <summary>Why the demo's failed refund failed: what a bank answers for a closed or mistyped account.</summary>
    public const string DemoRefundFailure = "IBAN refusé par la banque";

    /// <summary>Why the demo's cancelled exchange was cancelled.</summary>
    public const string DemoExchangeCancelReason = "Taille épuisée chez le fournisseur : le client a choisi un avoir";

    /// <summary>
    /// The settlement states the demo shows once each (ADR 0121), given to the first resolved return that fits, in seed
    /// order: no draw from the seed's Random, so the rest of the demo stays the same.
    /// </summary>
    private sealed class DemoSettlementStates
    {
        public bool Failed { get; set; }
        public bool Unpaid { get; set; }
        public bool Cancelled { get; set; }
    }

    /// <summary>
    /// A seeded resolved return's settlement as it would be today (ADR 0117): refunds resolved more than two days ago
    /// were paid by bank transfer the day after, later ones wait in the finance queue; exchanges resolved more than
    /// two days ago were shipped the day after with a tracking number, later ones wait to be shipped. So that the demo
    /// shows every state (ADR 0121): the first older refund failed (the bank refused the IBAN) and waits for finance,
    /// the second older refund is not paid yet (the queue shows it overdue once past its legal deadline), and the first older exchange was
    /// cancelled for store credit (the handler of the move issues the credit instead, on save).
    /// </summary>
    private static BackOffice.Settlement SeededSettlement(ReturnRequest request, DateTime now, DemoSettlementStates states)
    {
        var resolved = request.History.Last(h => h.To == ReturnStatus.Resolved);
        var received = request.History.Where(h => h.To == ReturnStatus.Received).Select(h => (DateTime?)h.At).Max();
        var deadlines = BackOffice.SettlementDeadlines.Of(request.CreatedAt, received, request.Policy!.RefundServiceDays, null);
        var settlement = BackOffice.Settlement.For(request, deadlines, new BackOffice.SettlementChannels(), resolved.Actor, resolved.At);
        var next = resolved.At.AddDays(1);
        if (next > now.AddDays(-1))
        {
            return settlement;
        }
        if (settlement.Status == BackOffice.SettlementStatus.Sent)
        {
            if (!states.Failed)
            {
                states.Failed = true;
                settlement.MarkFailed(DemoRefundFailure, FinanceActor, next);
            }
            else if (!states.Unpaid)
            {
                states.Unpaid = true; // still Sent: waiting in the finance queue, overdue once past its legal deadline
            }
            else
            {
                settlement.MarkPaid($"VIR-{request.Rma}", FinanceActor, next);
            }
        }
        else if (settlement.Status == BackOffice.SettlementStatus.ReplacementRequested)
        {
            if (!states.Cancelled)
            {
                states.Cancelled = true;
                settlement.Cancel(BackOffice.SettlementKind.StoreCredit, DemoExchangeCancelReason, resolved.Actor, next);
            }
            else
            {
                settlement.Ship("Colissimo", $"6A{request.Id:D11}", [], resolved.Actor, next);
            }
        }
        return settlement;
    }

    /// <summary>
    /// Three exchanges decided a fortnight ago, so the demo shows each state of a replacement (ADR 0117, 0121): one to
    /// ship on /staff/exchanges, one shipped with its tracking number, one cancelled for store credit. They go through
    /// the same moves as a real return (reservation, receipt, inspection, decision, then ReplacementShipping), on
    /// delivered orders without returns, picked in id order; their RMAs come from a generator of their own, so the
    /// rest of the demo is unchanged.
    /// </summary>
    private static async Task SeedExchangesAsync(ReturnsDbContext db, TimeProvider clock, DateTime now, CancellationToken ct)
    {
        var warehouseId = await db.Warehouses.OrderBy(w => w.Id).Select(w => w.Id).FirstAsync(ct);
        var policy = await db.Policies.InForce().FirstAsync(ct);
        var reasonId = await db.Reasons.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync(ct);
        var inStock = await (
            from l in db.StockLevels
            join v in db.Variants on l.VariantId equals v.Id
            where l.WarehouseId == warehouseId && l.Bucket == Inventory.StockBucket.Sellable && l.Quantity - l.Reserved > 1
            orderby v.Id
            select new { l.VariantId, v.ProductId }).ToListAsync(ct);
        // Not the documented DEMO- orders (the README's walkthroughs start from them untouched), only returnable goods.
        var candidates = await db.Orders.Include(o => o.Lines).ThenInclude(l => l.Variant).ThenInclude(v => v!.Product)
            .Where(o => o.DeliveredAt != null && o.DeliveredAt < now.AddDays(-20) && !o.Number.StartsWith("DEMO-") && !db.Returns.Any(r => r.OrderId == o.Id))
            .OrderBy(o => o.Id).Take(200).ToListAsync(ct);
        var rmaRandom = new Random(RandomSeed + 18);
        var step = 0;
        foreach (var order in candidates)
        {
            var line = order.Lines.OrderBy(l => l.Id).First();
            if (line.Variant!.Product!.NonReturnableReason is not null)
            {
                continue;
            }
            var replacement = inStock.FirstOrDefault(v => v.ProductId == line.Variant!.ProductId && v.VariantId != line.VariantId && line.Variant.Sku != SoldOutDemoSku);
            if (replacement is null)
            {
                continue;
            }
            var at = Seconds(now.AddDays(-16 + step));
            var request = ReturnRequest.Create(RmaNumber.Generate(rmaRandom.Next), order, policy,
                [new ReturnLine(line.Id, 1, reasonId, null, replacement.VariantId, [])],
                Resolution.Exchange, ReturnMethod.InStore, null, warehouseId, "fr", CustomerActor, at);
            request.Approve(SystemActor.Name, at.AddMinutes(5));
            db.Returns.Add(request);
            await new Inventory.StockReservations(db, new Inventory.StockLedger(db), clock).ReserveForAsync(request, ct);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            request.MarkInTransit($"6A{70_000_000_000L + request.Id:D11}", CustomerActor, at.AddHours(2));
            request.Receive([new BackOffice.LineReceipt(request.Lines[0].Id, BackOffice.ReceiptOutcome.Received, 1)], Inspector, at.AddDays(2));
            request.InspectLine(new BackOffice.LineInspection(request.Lines[0].Id, BackOffice.ItemGrade.A, [], BackOffice.SerialCheck.NotApplicable, null), Inspector, at.AddDays(2).AddHours(2));
            request.Decide([new BackOffice.LineDecisionInput(request.Lines[0].Id, BackOffice.LineVerdict.Accept, BackOffice.Disposition.Restock, null)], Inspector, at.AddDays(3));
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            var settlement = await db.Settlements.SingleAsync(x => x.ReturnRequestId == request.Id, ct);
            var shipping = new Inventory.ReplacementShipping(db, new Inventory.StockLedger(db));
            if (step == 1)
            {
                await shipping.ShipAsync(settlement, "Colissimo", $"6A{request.Id:D11}", Inspector, at.AddDays(4), ct);
            }
            else if (step == 2)
            {
                await shipping.CancelAsync(settlement, BackOffice.SettlementKind.StoreCredit, DemoExchangeCancelReason, Inspector, at.AddDays(4), ct);
            }
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            if (++step == 3)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The seeded resolved returns were restocked: their disposition movements go through the ledger at their decision
    /// time, so the stock pages show them and every level stays the sum of its movements.
    /// </summary>
    private static async Task MoveResolvedStockAsync(ReturnsDbContext db, DateTime now, CancellationToken ct)
    {
        var warehouseId = await db.Warehouses.OrderBy(w => w.Id).Select(w => w.Id).FirstAsync(ct);
        var decided = await db.ReturnLines.AsNoTracking()
            .Where(l => l.Decision != null && db.Returns.Any(r => r.Id == l.ReturnRequestId && (r.Status == ReturnStatus.Resolved || r.Status == ReturnStatus.Closed)))
            .OrderBy(l => l.Decision!.DecidedAt).ThenBy(l => l.Id)
            .Select(l => new { l.Id, l.OrderLine!.VariantId, l.QuantityReceived, l.Decision!.Disposition, l.Decision.DecidedBy, l.Decision.DecidedAt })
            .ToListAsync(ct);
        // One post for all (the seed must stay fast); each movement keeps its decision time.
        await new Inventory.StockLedger(db).PostAsync([.. decided.SelectMany(line => Inventory.StockChanges.ForDisposition(
                line.Disposition, line.Id, line.VariantId, warehouseId, line.QuantityReceived ?? 0, null, line.DecidedBy)
            .Select(c => c with { At = line.DecidedAt }))], now, ct);
        // The README's sold-out size stays sold out: restocked returns of it were sold again (an adjustment keeps the ledger whole).
        var soldOut = await db.Variants.Where(v => v.Sku == SoldOutDemoSku).Select(v => v.Id).SingleAsync(ct);
        var restocked = db.ChangeTracker.Entries<Inventory.StockLevel>()
            .Where(e => e.Entity.VariantId == soldOut && e.Entity.Bucket == Inventory.StockBucket.Sellable).Sum(e => e.Entity.Quantity);
        if (restocked > 0)
        {
            await new Inventory.StockLedger(db).PostAsync(
                [Inventory.StockChanges.Adjust(soldOut, warehouseId, Inventory.StockBucket.Sellable, -restocked, "Demo: sold again", SystemActor.Name, "seed:sold-out")],
                now, ct);
        }
        // The seeder turns automatic change detection off; the ledger modified tracked levels.
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Two received returns are flagged "inspect before refund", so the queue's flag filter shows something.</summary>
    private static async Task FlagForInspectionAsync(ReturnsDbContext db, CancellationToken ct)
    {
        var ids = await db.Returns.Where(r => r.Status == ReturnStatus.Received || r.Status == ReturnStatus.Inspected)
            .OrderBy(r => r.Id).Select(r => r.Id).Take(2).ToListAsync(ct);
        await db.Returns.Where(r => ids.Contains(r.Id)).ExecuteUpdateAsync(s => s.SetProperty(r => r.IsFlagged, true), ct);
    }

    private enum Target
    {
        Requested,
        Approved,
        InTransit,
        Received,
        Inspected,
        AwaitingApproval,
        Resolved,
        Closed,
        Cancelled,
        RejectedEarly,
        RejectedAfterInspection,
        Expired,
    }

    private enum Step
    {
        Approve,
        InTransit,
        Receive,
        Inspect,
        Decide,
        SendBack,
        ApproveSettlement,
        Close,
        Cancel,
        RejectEarly,
        RejectAfterInspection,
        Expire,
    }

    private sealed record CategorySpec(string Code, string Prefix, string NameFr, string NameEn, int Weight);

    private sealed record ProductSpec(
        string Category, string Type, string Name, string Brand, long Price, string[] Sizes, string[] Colours,
        int Popularity = 10, NonReturnableReason? NonReturnable = null, bool RunsSmall = false);

    private sealed record City(string Name, string[] Postcodes, double Latitude, double Longitude, int Weight);

    private sealed record DropOffSpec(string City, string Postcode, string Carrier, string Name, string Street, string Hours);

    /// <summary>What the generator remembers about a variant beyond the entity.</summary>
    private sealed record VariantInfo(ProductVariant Variant, ProductSpec Spec)
    {
        public Product? Product => Variant.Product;
    }

    private static readonly CategorySpec[] Categories =
    [
        new("clothing", "VET", "Vêtements", "Clothing", 45),
        new("shoes", "CHA", "Chaussures", "Shoes", 20),
        new("electronics", "ELE", "Électronique", "Electronics", 9),
        new("home", "MAI", "Maison", "Home", 12),
        new("beauty", "BEA", "Beauté", "Beauty", 14),
    ];

    private static readonly string[] ClothingSizes = ["XS", "S", "M", "L", "XL"];

    private static string[] ShoeSizes(int from, int to) =>
        Enumerable.Range(from, to - from + 1).Select(s => s.ToString(CultureInfo.InvariantCulture)).ToArray();

    private static readonly ProductSpec[] Products =
    [
        new("clothing", "TSH", "T-shirt col rond en coton bio", "Atelier Brume", 1990, ["S", "M", "L", "XL"], ["Noir", "Blanc", "Bleu marine"], 16),
        new("clothing", "CHE", "Chemise en lin lavé", "Lin & Sel", 5900, ["S", "M", "L", "XL"], ["Blanc", "Bleu ciel"], 9),
        new("clothing", "JEA", "Jean droit brut", "Atelier Brume", 7900, ClothingSizes, ["Bleu brut"], 10, RunsSmall: true),
        new("clothing", "PUL", "Pull en laine mérinos", "Lin & Sel", 8900, ["S", "M", "L"], ["Gris chiné", "Bordeaux"], 8),
        new("clothing", "ROB", "Robe portefeuille fleurie", "Maison Lumière", 6900, ["XS", "S", "M", "L"], ["Écru"], 8),
        new("clothing", "DOU", "Doudoune légère sans manches", "Atelier Brume", 9900, ["S", "M", "L", "XL"], ["Noir", "Kaki"], 7),
        new("clothing", "SWE", "Sweat à capuche molletonné", "Maison Lumière", 4900, ClothingSizes, ["Gris chiné"], 9),
        new("clothing", "MAN", "Manteau long laine et cachemire", "Lin & Sel", 32900, ["S", "M", "L"], ["Camel", "Noir"], 4),
        new("shoes", "BAS", "Baskets en cuir", "Pas de Côté", 8900, ShoeSizes(36, 45), ["Blanc"], 12),
        new("shoes", "BOT", "Bottines Chelsea en daim", "Pas de Côté", 11900, ShoeSizes(37, 41), ["Camel", "Noir"], 9, RunsSmall: true),
        new("shoes", "ESP", "Espadrilles en toile", "Maison Lumière", 2900, ShoeSizes(38, 43), ["Bleu marine"], 7),
        new("shoes", "MOC", "Mocassins en cuir grainé", "Pas de Côté", 9900, ShoeSizes(40, 45), ["Marron"], 5),
        new("electronics", "ECO", "Écouteurs sans fil à réduction de bruit", "Sonora", 12900, [], ["Noir", "Blanc"], 10),
        new("electronics", "ENC", "Enceinte Bluetooth étanche", "Sonora", 7900, [], ["Bleu", "Noir"], 8),
        new("electronics", "CHG", "Chargeur rapide USB-C 65 W", "Voltaire", 3490, [], ["Blanc"], 8),
        new("electronics", "MON", "Montre connectée sport", "Voltaire", 19900, [], ["Noir", "Rose poudré"], 6),
        new("electronics", "LIS", "Liseuse 6 pouces", "Sonora", 13900, [], ["Noir"], 5),
        new("electronics", "ASP", "Aspirateur robot connecté", "Voltaire", 39900, [], ["Noir"], 3),
        new("home", "PLA", "Plaid en laine", "Cuivre & Co", 6900, [], ["Moutarde", "Gris perle"], 9),
        new("home", "LAM", "Lampe de chevet en céramique", "Cuivre & Co", 4900, [], ["Blanc", "Terracotta"], 8),
        new("home", "PAR", "Parure de lit en lin lavé", "Lin & Sel", 12900, ["240×220", "260×240"], ["Blanc", "Vert sauge"], 6),
        new("home", "MUG", "Mug personnalisé (prénom au choix)", "Maison Lumière", 1590, [], ["Blanc"], 6, NonReturnableReason.Personalised),
        new("home", "BOU", "Bougie parfumée figue et cèdre", "Cuivre & Co", 2490, [], [], 9),
        new("home", "VAS", "Vase en verre soufflé (fin de série)", "Cuivre & Co", 2990, [], ["Ambre"], 4, NonReturnableReason.FinalSale),
        new("beauty", "RAL", "Rouge à lèvres satiné", "Rose Poudre", 1890, [], ["Rouge cerise", "Nude", "Framboise"], 12, NonReturnableReason.Hygiene),
        new("beauty", "MAS", "Mascara volume intense", "Rose Poudre", 1590, [], ["Noir"], 9, NonReturnableReason.Hygiene),
        new("beauty", "CRE", "Crème hydratante visage 50 ml", "Savonnerie du Midi", 2890, [], [], 9, NonReturnableReason.Hygiene),
        new("beauty", "COF", "Coffret soins du corps", "Savonnerie du Midi", 3990, [], [], 6),
        new("beauty", "SEC", "Sèche-cheveux ionique", "Voltaire", 5990, [], ["Noir"], 5),
        new("beauty", "EDP", "Eau de parfum fleur d'oranger 50 ml", "Savonnerie du Midi", 5490, [], [], 6),
    ];

    private static readonly City[] Cities =
    [
        new("Paris", ["75001", "75003", "75005", "75009", "75010", "75011", "75012", "75013", "75014", "75015", "75017", "75018", "75019", "75020"], 48.8566, 2.3522, 60),
        new("Marseille", ["13001", "13004", "13005", "13006", "13008", "13010", "13012"], 43.2965, 5.3698, 22),
        new("Lyon", ["69001", "69002", "69003", "69004", "69006", "69007", "69008"], 45.7640, 4.8357, 24),
        new("Toulouse", ["31000", "31100", "31200", "31300", "31400", "31500"], 43.6047, 1.4442, 16),
        new("Nice", ["06000", "06100", "06200", "06300"], 43.7102, 7.2620, 10),
        new("Nantes", ["44000", "44100", "44200", "44300"], 47.2184, -1.5536, 12),
        new("Montpellier", ["34000", "34070", "34080", "34090"], 43.6108, 3.8767, 10),
        new("Strasbourg", ["67000", "67100", "67200"], 48.5734, 7.7521, 9),
        new("Bordeaux", ["33000", "33100", "33200", "33300", "33800"], 44.8378, -0.5792, 12),
        new("Lille", ["59000", "59160", "59260", "59800"], 50.6292, 3.0573, 11),
        new("Rennes", ["35000", "35200", "35700"], 48.1173, -1.6778, 8),
        new("Reims", ["51100"], 49.2583, 4.0317, 4),
        new("Toulon", ["83000", "83100", "83200"], 43.1242, 5.9280, 4),
        new("Saint-Étienne", ["42000", "42100"], 45.4397, 4.3872, 4),
        new("Le Havre", ["76600", "76610", "76620"], 49.4944, 0.1079, 4),
        new("Grenoble", ["38000", "38100"], 45.1885, 5.7245, 6),
        new("Dijon", ["21000"], 47.3220, 5.0415, 4),
        new("Angers", ["49000", "49100"], 47.4784, -0.5632, 4),
        new("Nîmes", ["30000", "30900"], 43.8367, 4.3601, 3),
        new("Villeurbanne", ["69100"], 45.7719, 4.8902, 4),
        new("Clermont-Ferrand", ["63000", "63100"], 45.7772, 3.0870, 4),
        new("Le Mans", ["72000", "72100"], 48.0061, 0.1996, 3),
        new("Aix-en-Provence", ["13090", "13100"], 43.5297, 5.4474, 4),
        new("Brest", ["29200"], 48.3904, -4.4861, 3),
        new("Tours", ["37000", "37100", "37200"], 47.3941, 0.6848, 4),
        new("Amiens", ["80000", "80090"], 49.8941, 2.2958, 3),
        new("Limoges", ["87000", "87100"], 45.8336, 1.2611, 3),
        new("Annecy", ["74000", "74960"], 45.8992, 6.1294, 3),
        new("Perpignan", ["66000", "66100"], 42.6887, 2.8948, 3),
        new("Metz", ["57000", "57050"], 49.1193, 6.1757, 3),
        new("Besançon", ["25000"], 47.2378, 6.0241, 3),
        new("Orléans", ["45000", "45100"], 47.9030, 1.9093, 3),
        new("Rouen", ["76000", "76100"], 49.4432, 1.0999, 4),
        new("Caen", ["14000"], 49.1829, -0.3707, 3),
        new("Nancy", ["54000", "54100"], 48.6921, 6.1844, 3),
        new("Avignon", ["84000"], 43.9493, 4.8055, 2),
        new("Poitiers", ["86000"], 46.5802, 0.3404, 2),
        new("La Rochelle", ["17000"], 46.1603, -1.1511, 2),
        new("Pau", ["64000"], 43.2951, -0.3708, 2),
        new("Bayonne", ["64100"], 43.4929, -1.4748, 2),
        new("Versailles", ["78000"], 48.8049, 2.1204, 3),
        new("Boulogne-Billancourt", ["92100"], 48.8397, 2.2399, 4),
        new("Montreuil", ["93100"], 48.8638, 2.4485, 3),
        new("Vincennes", ["94300"], 48.8474, 2.4390, 2),
        new("Saint-Denis", ["93200"], 48.9362, 2.3574, 3),
        new("Mulhouse", ["68100", "68200"], 47.7508, 7.3359, 2),
        new("Colmar", ["68000"], 48.0794, 7.3585, 1),
        new("Chambéry", ["73000"], 45.5646, 5.9178, 1),
        new("Quimper", ["29000"], 47.9960, -4.1024, 1),
        new("Ajaccio", ["20000", "20090"], 41.9192, 8.7386, 1),
    ];

    /// <summary>Approximate centres of the big cities' districts that have several points.</summary>
    private static readonly Dictionary<string, (double Lat, double Lon)> DistrictCentres = new()
    {
        ["75010"] = (48.8762, 2.3610),
        ["75011"] = (48.8590, 2.3800),
        ["75012"] = (48.8400, 2.3950),
        ["75015"] = (48.8410, 2.3000),
        ["75018"] = (48.8925, 2.3480),
        ["75020"] = (48.8630, 2.4010),
        ["69001"] = (45.7700, 4.8300),
        ["69003"] = (45.7600, 4.8600),
        ["69007"] = (45.7450, 4.8420),
        ["13008"] = (43.2530, 5.3850),
        ["31300"] = (43.5980, 1.4250),
        ["44100"] = (47.2080, -1.5900),
        ["67100"] = (48.5650, 7.7600),
    };

    private const string HoursTabac = "Lun–Sam 7h–20h";
    private const string HoursPresse = "Lun–Sam 8h–19h30, Dim 8h–13h";
    private const string HoursPoste = "Lun–Ven 9h–18h30, Sam 9h–12h30";
    private const string HoursArtisan = "Mar–Sam 9h–12h30, 14h–19h";
    private const string HoursEpicerie = "Lun–Dim 8h–22h";
    private const string HoursBoutique = "Lun–Sam 9h–19h";

    private static readonly DropOffSpec[] DropOffs =
    [
        new("Paris", "75011", "Mondial Relay", "Tabac Le Voltaire", "85 boulevard Voltaire", HoursTabac),
        new("Paris", "75011", "Relais Colis", "Presse Oberkampf", "112 rue Oberkampf", HoursPresse),
        new("Paris", "75011", "La Poste", "Bureau de poste Paris Roquette", "102 rue de la Roquette", HoursPoste),
        new("Paris", "75010", "Mondial Relay", "Tabac de la Gare", "18 rue de Dunkerque", HoursTabac),
        new("Paris", "75012", "Relais Colis", "Pressing Daumesnil", "54 avenue Daumesnil", HoursArtisan),
        new("Paris", "75020", "Mondial Relay", "Épicerie Chez Marcel", "31 rue des Pyrénées", HoursEpicerie),
        new("Paris", "75015", "La Poste", "Bureau de poste Paris Vaugirard", "250 rue de Vaugirard", HoursPoste),
        new("Paris", "75018", "Chronopost", "Cordonnerie des Abbesses", "9 rue des Abbesses", HoursArtisan),
        new("Boulogne-Billancourt", "92100", "Mondial Relay", "Librairie du Marché", "12 rue de Billancourt", HoursBoutique),
        new("Montreuil", "93100", "Relais Colis", "Cordonnerie Croix-de-Chavaux", "3 place Jacques Duclos", HoursArtisan),
        new("Lyon", "69003", "La Poste", "Bureau de poste Lyon Part-Dieu", "17 rue du Docteur Bouchut", HoursPoste),
        new("Lyon", "69007", "Mondial Relay", "Tabac de la Guillotière", "2 grande rue de la Guillotière", HoursTabac),
        new("Lyon", "69001", "Relais Colis", "Fleuriste Les Pentes", "8 montée de la Grande-Côte", HoursArtisan),
        new("Villeurbanne", "69100", "Mondial Relay", "Tabac Presse Gratte-Ciel", "22 avenue Henri Barbusse", HoursPresse),
        new("Marseille", "13001", "Mondial Relay", "Tabac de la Canebière", "40 La Canebière", HoursTabac),
        new("Marseille", "13008", "Relais Colis", "Supérette du Prado", "170 avenue du Prado", HoursEpicerie),
        new("Toulouse", "31000", "La Poste", "Bureau de poste Toulouse Capitole", "9 rue Lafayette", HoursPoste),
        new("Toulouse", "31300", "Mondial Relay", "Tabac Saint-Cyprien", "25 allées Charles de Fitte", HoursTabac),
        new("Nice", "06000", "Relais Colis", "Presse Jean Médecin", "30 avenue Jean Médecin", HoursPresse),
        new("Nantes", "44000", "Mondial Relay", "Tabac du Commerce", "2 place du Commerce", HoursTabac),
        new("Nantes", "44100", "Chronopost", "Épicerie de Chantenay", "14 boulevard de l'Égalité", HoursEpicerie),
        new("Montpellier", "34000", "Mondial Relay", "Tabac de la Comédie", "5 place de la Comédie", HoursTabac),
        new("Strasbourg", "67000", "La Poste", "Bureau de poste Strasbourg Cathédrale", "5 avenue de la Marseillaise", HoursPoste),
        new("Strasbourg", "67100", "Relais Colis", "Épicerie de Neudorf", "45 route du Polygone", HoursEpicerie),
        new("Bordeaux", "33000", "Mondial Relay", "Tabac des Chartrons", "60 cours du Médoc", HoursTabac),
        new("Bordeaux", "33000", "Relais Colis", "Pressing de la Victoire", "12 cours Aristide Briand", HoursArtisan),
        new("Lille", "59000", "Mondial Relay", "Tabac de la Gare Flandres", "3 place des Buisses", HoursTabac),
        new("Lille", "59000", "La Poste", "Bureau de poste Lille Rihour", "8 place Rihour", HoursPoste),
        new("Rennes", "35000", "Relais Colis", "Presse Sainte-Anne", "4 place Sainte-Anne", HoursPresse),
        new("Grenoble", "38000", "Mondial Relay", "Tabac Victor Hugo", "6 place Victor Hugo", HoursTabac),
        new("Dijon", "21000", "La Poste", "Bureau de poste Dijon Grangier", "8 place Grangier", HoursPoste),
        new("Tours", "37000", "Mondial Relay", "Librairie Papeterie Nationale", "78 rue Nationale", HoursBoutique),
        new("Clermont-Ferrand", "63000", "Relais Colis", "Tabac de Jaude", "15 place de Jaude", HoursTabac),
        new("Rouen", "76000", "Mondial Relay", "Presse du Vieux-Marché", "20 place du Vieux-Marché", HoursPresse),
        new("Metz", "57000", "Chronopost", "Cordonnerie Serpenoise", "18 rue Serpenoise", HoursArtisan),
        new("Angers", "49000", "Mondial Relay", "Tabac du Ralliement", "1 place du Ralliement", HoursTabac),
        new("Brest", "29200", "La Poste", "Bureau de poste Brest Siam", "90 rue de Siam", HoursPoste),
        new("Aix-en-Provence", "13100", "Relais Colis", "Tabac de la Rotonde", "2 cours Mirabeau", HoursTabac),
        new("Perpignan", "66000", "Mondial Relay", "Épicerie Catalane", "10 rue de la Loge", HoursEpicerie),
        new("Limoges", "87000", "Relais Colis", "Presse Denis Dussoubs", "9 place Denis Dussoubs", HoursPresse),
        new("Caen", "14000", "Mondial Relay", "Tabac Saint-Pierre", "45 rue Saint-Pierre", HoursTabac),
        new("Reims", "51100", "La Poste", "Bureau de poste Reims Drouet-d'Erlon", "24 place Drouet d'Erlon", HoursPoste),
        new("Annecy", "74000", "Mondial Relay", "Tabac du Pâquier", "4 rue Royale", HoursTabac),
        new("Le Havre", "76600", "Relais Colis", "Presse de l'Hôtel de Ville", "31 avenue René Coty", HoursPresse),
        new("Saint-Étienne", "42000", "Chronopost", "Tabac Jean Jaurès", "7 place Jean Jaurès", HoursTabac),
        new("Nancy", "54000", "Mondial Relay", "Tabac Stanislas", "11 rue Saint-Jean", HoursTabac),
        new("Orléans", "45000", "La Poste", "Bureau de poste Orléans Martroi", "2 place du Martroi", HoursPoste),
    ];

    private static readonly string[] FemaleFirstNames =
    [
        "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Sarah", "Julie", "Laura", "Marie", "Pauline", "Clara",
        "Jade", "Louise", "Zoé", "Alice", "Lucie", "Anaïs", "Océane", "Mathilde", "Élodie", "Charlotte", "Juliette",
        "Margaux", "Nathalie", "Sophie", "Isabelle", "Céline", "Aurélie", "Sandrine", "Amandine", "Hélène", "Yasmine",
    ];

    private static readonly string[] MaleFirstNames =
    [
        "Lucas", "Hugo", "Thomas", "Nicolas", "Julien", "Maxime", "Antoine", "Alexandre", "Quentin", "Théo", "Louis",
        "Romain", "Kévin", "Mathieu", "Pierre", "Paul", "Baptiste", "Clément", "Arthur", "Nathan", "Jules", "Adrien",
        "Guillaume", "Vincent", "Sébastien", "Olivier", "Franck", "Karim", "Mehdi", "Yanis", "Jérôme", "François",
    ];

    private static readonly string[] LastNames =
    [
        "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent", "Simon",
        "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont",
        "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Lefèvre", "Faure", "André", "Mercier", "Blanc",
        "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin",
        "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Marchand", "Duval",
        "Denis", "Dumont", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun", "Blanchard", "Giraud", "Joly",
        "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud", "Martinez", "Gérard", "Roche", "Renard",
        "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron", "Picard", "Fabre", "Aubert", "Lemoine", "Renaud",
        "Dumas", "Lacroix", "Bourgeois", "Benoît", "Rey", "Leclerc", "Payet", "Rolland", "Le Gall", "Da Silva",
        "Hoarau", "Haddad", "Benali", "Nguyen", "Diallo", "Ferreira", "Lopez", "Le Goff", "Tessier", "Marchal",
    ];

    private static readonly string[] EnglishFirstNames =
        ["Emily", "James", "Olivia", "Jack", "Sophie", "Harry", "Charlotte", "George", "Amelia", "Oliver", "Grace", "William"];

    private static readonly string[] EnglishLastNames =
        ["Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Johnson", "Roberts", "Walker", "Wright", "Clarke", "Hughes"];

    private static readonly string[] Streets =
    [
        "rue de la République", "avenue Jean Jaurès", "rue Victor Hugo", "boulevard Gambetta", "rue Pasteur",
        "rue du Général de Gaulle", "allée des Tilleuls", "rue des Lilas", "impasse des Acacias", "rue Nationale",
        "avenue de la Libération", "rue Émile Zola", "rue Jules Ferry", "place de la Mairie", "rue de la Gare",
        "chemin des Vignes", "rue Voltaire", "rue du Moulin", "avenue Foch", "rue Jean Moulin", "rue des Écoles",
        "boulevard de la Liberté", "rue Saint-Martin", "rue Carnot", "quai de la Loire", "rue des Jardins",
    ];

    private static readonly string[] AddressComplements =
        ["Bâtiment B", "Appartement 12", "3e étage, porte gauche", "Résidence Les Cèdres", "Escalier C", "Chez M. et Mme Durand"];

    private static readonly Dictionary<string, (string Code, int Weight)[]> ReasonWeights = new()
    {
        ["clothing"] =
        [
            ("too_small", 28), ("too_big", 25), ("not_as_described", 10), ("changed_mind", 15), ("defective", 4),
            ("damaged_in_transit", 2), ("wrong_item", 3), ("arrived_late", 2), ("better_price", 4), ("other", 7),
        ],
        ["shoes"] =
        [
            ("too_small", 32), ("too_big", 26), ("not_as_described", 8), ("changed_mind", 12), ("defective", 6),
            ("damaged_in_transit", 3), ("wrong_item", 3), ("arrived_late", 2), ("better_price", 3), ("other", 5),
        ],
        ["electronics"] =
        [
            ("defective", 36), ("not_as_described", 14), ("changed_mind", 14), ("damaged_in_transit", 10),
            ("wrong_item", 5), ("better_price", 11), ("arrived_late", 3), ("other", 7),
        ],
        ["home"] =
        [
            ("changed_mind", 25), ("not_as_described", 20), ("damaged_in_transit", 24), ("defective", 10),
            ("wrong_item", 6), ("arrived_late", 5), ("better_price", 5), ("other", 5),
        ],
        ["beauty"] =
        [
            ("changed_mind", 34), ("not_as_described", 20), ("damaged_in_transit", 14), ("defective", 16),
            ("wrong_item", 6), ("other", 10),
        ],
        // The "problem products": cut too small, most of their returns say so.
        ["runs_small"] = [("too_small", 78), ("too_big", 3), ("not_as_described", 9), ("changed_mind", 6), ("other", 4)],
    };

    private static readonly Dictionary<string, string[]> Comments = new()
    {
        ["too_small"] =
        [
            "Taille trop juste, je prends habituellement du M.", "Taille petit, il faut prendre une taille au-dessus.",
            "Trop serré aux épaules.", "Chausse petit, ma pointure habituelle est trop juste.", "Impossible à fermer, coupe très ajustée.",
        ],
        ["too_big"] = ["Taille grand, je flotte dedans.", "Trop large à la taille.", "Pointure trop grande, le talon glisse."],
        ["not_as_described"] =
        [
            "La couleur est plus terne que sur les photos.", "La matière ne correspond pas à la description.",
            "Plus court que sur le mannequin.",
        ],
        ["changed_mind"] = ["Finalement ne me plaît pas une fois porté.", "Cadeau reçu en double.", "Ne va pas avec le reste de ma tenue."],
        ["defective"] =
        [
            "Ne s'allume plus après deux jours.", "Couture décousue dès le premier essayage.", "La batterie ne tient pas la charge.",
            "Fermeture éclair cassée.", "Grésillement dans l'écouteur gauche.",
        ],
        ["damaged_in_transit"] = ["Colis écrasé, article abîmé.", "Reçu cassé, emballage percé.", "Carton mouillé, article taché."],
        ["wrong_item"] = ["Reçu la mauvaise taille.", "Ce n'est pas la couleur commandée."],
        ["arrived_late"] = ["Livré après l'événement prévu.", "Arrivé trop tard pour l'anniversaire."],
        ["better_price"] = ["Vu 15 € moins cher ailleurs.", "Trouvé en promotion dans une autre boutique."],
        ["other"] = ["Erreur de commande de ma part.", "Commandé deux tailles pour essayer."],
    };

    private static readonly string[] EarlyRejectionNotes =
    [
        "Les photos montrent un article porté et lavé : retour refusé avant envoi.",
        "Demande en double : une autre demande couvre déjà ces articles.",
    ];

    private static readonly string[] InspectionRejectionNotes =
    [
        "Article porté et lavé, étiquettes retirées : retour refusé, renvoyé au client.",
        "Semelles usées, article porté à l'extérieur : retour refusé.",
        "Article incomplet (accessoires manquants) : retour refusé, renvoyé au client.",
    ];

    private const string SendBackNote = "Merci de revérifier l'état de la boîte avant de rembourser en totalité.";

    /// <summary>The generator; every draw happens in a fixed order, so the shop only depends on the seed and the clock.</summary>
    private sealed class ShopBuilder(Random random, DateTime now)
    {
        private readonly Dictionary<ProductVariant, VariantInfo> infos = [];
        private readonly Dictionary<Customer, City> customerCities = [];

        public List<VariantInfo> BuildCatalogue()
        {
            var result = new List<VariantInfo>();
            foreach (var spec in Categories)
            {
                var category = new Category { Code = spec.Code, NameFr = spec.NameFr, NameEn = spec.NameEn };
                var number = 0;
                foreach (var p in Products.Where(p => p.Category == spec.Code))
                {
                    number++;
                    var code = string.Create(CultureInfo.InvariantCulture, $"{spec.Prefix}-{p.Type}-{number:000}");
                    var product = new Product { Code = code, Name = p.Name, Brand = p.Brand, Category = category, NonReturnableReason = p.NonReturnable, UnitCostMinor = p.Price * 40 / 100 };
                    var sizes = p.Sizes.Length == 0 ? [null] : p.Sizes.Cast<string?>().ToArray();
                    var colours = p.Colours.Length == 0 ? [null] : p.Colours.Cast<string?>().ToArray();
                    foreach (var colour in colours)
                    {
                        foreach (var size in sizes)
                        {
                            var sku = string.Join('-', new[] { code, SkuPart(size), SkuPart(colour) }.Where(s => s.Length > 0));
                            var variant = new ProductVariant { Sku = sku, Size = size, Colour = colour, Price = Money.Eur(p.Price), Product = product };
                            product.Variants.Add(variant);
                            var info = new VariantInfo(variant, p);
                            infos[variant] = info;
                            result.Add(info);
                        }
                    }
                }
            }
            return result;
        }

        public List<DropOffPoint> BuildDropOffPoints()
        {
            var counters = new Dictionary<string, int>();
            var result = new List<DropOffPoint>();
            foreach (var spec in DropOffs)
            {
                var city = Cities.Single(c => c.Name == spec.City);
                var (centreLat, centreLon) = DistrictCentres.TryGetValue(spec.Postcode, out var centre) ? centre : (city.Latitude, city.Longitude);
                var prefix = spec.Carrier switch
                {
                    "Mondial Relay" => "MR",
                    "Relais Colis" => "RC",
                    "La Poste" => "LP",
                    _ => "CP",
                };
                var key = prefix + "-" + spec.Postcode;
                counters[key] = counters.GetValueOrDefault(key) + 1;
                // Within a few hundred metres of the district's centre: close enough for a distance sort.
                var lat = Math.Round(centreLat + ((random.NextDouble() - 0.5) * 0.008), 5);
                var lon = Math.Round(centreLon + ((random.NextDouble() - 0.5) * 0.012), 5);
                var point = new DropOffPoint
                {
                    Code = string.Create(CultureInfo.InvariantCulture, $"{key}-{counters[key]:00}"),
                    Name = spec.Name,
                    Carrier = spec.Carrier,
                    Address = new PostalAddress { Line1 = spec.Street, Postcode = spec.Postcode, City = spec.City },
                    Latitude = lat,
                    Longitude = lon,
                    OpeningHours = spec.Hours,
                };
                result.Add(point);
            }
            return result;
        }

        public List<Customer> BuildCustomers()
        {
            var paris = Cities.Single(c => c.Name == "Paris");
            var camille = new Customer
            {
                Email = DemoCustomerEmail,
                FirstName = "Camille",
                LastName = "Martin",
                Language = "fr",
                Address = new PostalAddress { Line1 = "12 rue Oberkampf", Line2 = "3e étage, porte gauche", Postcode = "75011", City = "Paris" },
                CreatedAt = Seconds(now.AddDays(-412)),
            };
            customerCities[camille] = paris;
            var result = new List<Customer> { camille };
            for (var n = 1; n <= CustomerCount; n++)
            {
                var english = random.NextDouble() < 0.1;
                var female = random.NextDouble() < 0.58;
                var first = english ? Pick(EnglishFirstNames) : Pick(female ? FemaleFirstNames : MaleFirstNames);
                var last = english ? Pick(EnglishLastNames) : Pick(LastNames);
                var domain = english || random.NextDouble() < 0.15 ? "example.com" : "example.fr";
                var city = PickWeighted(Cities, c => c.Weight);
                var customer = new Customer
                {
                    Email = string.Create(CultureInfo.InvariantCulture, $"{Slug(first)}.{Slug(last)}{n}@{domain}"),
                    FirstName = first,
                    LastName = last,
                    Language = english ? "en" : "fr",
                    Address = new PostalAddress
                    {
                        Line1 = string.Create(CultureInfo.InvariantCulture, $"{random.Next(1, 140)} {Pick(Streets)}"),
                        Line2 = random.NextDouble() < 0.2 ? Pick(AddressComplements) : null,
                        Postcode = Pick(city.Postcodes),
                        City = city.Name,
                    },
                    CreatedAt = Seconds(now.AddDays(-HistoryDays - (random.NextDouble() * 700))),
                };
                customerCities[customer] = city;
                result.Add(customer);
            }
            return result;
        }

        public List<Order> BuildOrders(List<Customer> customers, List<VariantInfo> variants)
        {
            var camille = customers[0];
            var regulars = customers.Skip(1).ToList();
            var orders = new List<Order>
            {
                DemoOrder(ReturnableOrder, camille, now.AddDays(-8), now.AddDays(-7), now.AddDays(-5),
                    [Variant(variants, "VET-TSH-001-M-NOIR"), Variant(variants, "CHA-BAS-001-38-BLANC"), Variant(variants, "BEA-RAL-001-ROUGE-CERISE")]),
                DemoOrder(ExpiredOrder, camille, now.AddDays(-48), now.AddDays(-47), now.AddDays(-45),
                    [Variant(variants, "VET-ROB-005-S-ECRU"), Variant(variants, "CHA-ESP-003-38-BLEU-MARINE")]),
            };

            // Placement times first, then numbers in chronological order, like a real shop's sequence.
            var ages = Enumerable.Range(0, OrderCount)
                .Select(_ => TimeSpan.FromDays(0.02 + (random.NextDouble() * (HistoryDays - 0.5))))
                .OrderByDescending(a => a)
                .ToList();
            var number = 204_517;
            foreach (var age in ages)
            {
                number++;
                // Loyal customers order more often: the lower indexes come up more.
                var customer = regulars[(int)(Math.Pow(random.NextDouble(), 1.6) * regulars.Count)];
                var placedAt = Seconds(now - age);
                var shippedAt = Seconds(placedAt.AddHours(24 + (random.NextDouble() * 24)));
                var deliveredAt = Seconds(shippedAt.AddHours(24 + (random.NextDouble() * 72)));
                var order = new Order
                {
                    Number = string.Create(CultureInfo.InvariantCulture, $"CMD-{number:000000}"),
                    Customer = customer,
                    Email = customer.Email,
                    CustomerName = $"{customer.FirstName} {customer.LastName}",
                    Postcode = customer.Address.Postcode,
                    PlacedAt = placedAt,
                    ShippedAt = shippedAt <= now ? shippedAt : null,
                    DeliveredAt = deliveredAt <= now ? deliveredAt : null,
                    PaymentMethod = PickWeighted(
                        [(PaymentMethod.Card, 66), (PaymentMethod.PayPal, 25), (PaymentMethod.GiftCard, 6), (PaymentMethod.BankTransfer, 3)],
                        p => p.Item2).Item1,
                };
                order.SetPaymentReference(DemoPaymentReference(order));
                var lineCount = PickWeighted([(1, 45), (2, 30), (3, 17), (4, 8)], l => l.Item2).Item1;
                for (var i = 0; i < lineCount; i++)
                {
                    var category = PickWeighted(Categories, c => c.Weight);
                    var spec = PickWeighted(Products.Where(p => p.Category == category.Code).ToList(), p => p.Popularity);
                    var choices = variants.Where(v => v.Spec == spec).ToList();
                    var info = choices[random.Next(choices.Count)];
                    var quantity = info.Spec.Price < 3000
                        ? PickWeighted([(1, 75), (2, 20), (3, 5)], q => q.Item2).Item1
                        : PickWeighted([(1, 92), (2, 8)], q => q.Item2).Item1;
                    var discount = PickWeighted([(0, 82), (10, 12), (20, 6)], d => d.Item2).Item1;
                    if (order.Lines.Any(l => l.Variant == info.Variant))
                    {
                        continue;
                    }
                    order.Lines.Add(new OrderLine
                    {
                        Variant = info.Variant,
                        Quantity = quantity,
                        // Promotions round to ten cents, as price tags do.
                        UnitPricePaid = Money.Eur((long)Math.Round(info.Spec.Price * (100 - discount) / 1000m, MidpointRounding.AwayFromZero) * 10),
                    });
                }
                orders.Add(order);
            }
            return orders;
        }

        public List<ReturnRequest> BuildReturns(List<Order> orders, ReturnPolicy policy, Dictionary<string, int> reasonIds, List<DropOffPoint> points, int warehouseId)
        {
            var threshold = policy.ApprovalThresholdFor(Money.Euro)!.FourEyesMinor;
            // Neither demo order gets a return: the README's walkthrough starts one on DEMO-1001.
            var eligible = orders
                .Where(o => o.DeliveredAt is not null && !o.Number.StartsWith("DEMO-", StringComparison.Ordinal))
                .Where(o => o.Lines.Any(Returnable))
                .ToList();

            var selected = new List<Order>();
            foreach (var order in eligible)
            {
                var draw = random.NextDouble();
                var chance = order.Lines.Any(l => Returnable(l) && Info(l).Spec.RunsSmall) ? 0.35
                    : order.Lines.Any(l => Returnable(l) && Info(l).Spec.Category is "clothing" or "shoes") ? 0.11
                    : 0.05;
                if (draw < chance)
                {
                    selected.Add(order);
                }
            }

            // A few large returns wait for a manager's approval (four-eyes): the youngest orders whose returnable
            // value is above the threshold and old enough to have been inspected.
            var awaiting = eligible
                .Where(o => now - o.DeliveredAt!.Value > TimeSpan.FromDays(4) && ReturnableValue(o) > threshold)
                .OrderByDescending(o => o.DeliveredAt)
                .Take(4)
                .ToHashSet();
            selected.RemoveAll(awaiting.Contains);

            // The youngest returns are still in progress, the older ones further along: targets in the order of the steps.
            var inProgress = new[]
            {
                (Target.Requested, 4), (Target.Approved, 5), (Target.InTransit, 7), (Target.Received, 5),
                (Target.Inspected, 4), (Target.Resolved, 5),
            }.SelectMany(t => Enumerable.Repeat(t.Item1, t.Item2)).ToList();

            var plans = new List<(Order Order, Target Target, bool ReturnAll)>();
            plans.AddRange(awaiting.Select(o => (o, Target.AwaitingApproval, true)));
            var youngestFirst = selected.OrderByDescending(o => o.DeliveredAt).ToList();
            for (var i = 0; i < youngestFirst.Count; i++)
            {
                var target = i < inProgress.Count
                    ? inProgress[i]
                    : PickWeighted(
                        [(Target.Closed, 80), (Target.Cancelled, 7), (Target.RejectedEarly, 3), (Target.RejectedAfterInspection, 5), (Target.Expired, 5)],
                        t => t.Item2).Item1;
                plans.Add((youngestFirst[i], target, false));
            }

            var rmas = new HashSet<string>();
            var trackings = new HashSet<string>();
            var result = new List<ReturnRequest>();
            foreach (var (order, target, returnAll) in plans.OrderBy(p => p.Order.PlacedAt))
            {
                result.Add(BuildReturn(order, target, returnAll, policy, reasonIds, points, warehouseId, rmas, trackings));
            }
            return result;
        }

        private ReturnRequest BuildReturn(
            Order order, Target target, bool returnAll, ReturnPolicy policy, Dictionary<string, int> reasonIds,
            List<DropOffPoint> points, int warehouseId, HashSet<string> rmas, HashSet<string> trackings)
        {
            var customer = order.Customer!;
            var french = customer.Language != "en";

            // Which lines and how many: the problem product always, else one line, sometimes more.
            var returnable = order.Lines.Where(Returnable).ToList();
            var chosen = returnAll ? returnable
                : returnable.Any(l => Info(l).Spec.RunsSmall) ? returnable.Where(l => Info(l).Spec.RunsSmall || random.NextDouble() < 0.2).ToList()
                : random.NextDouble() < 0.75 ? [returnable[random.Next(returnable.Count)]]
                : returnable.Where(_ => random.NextDouble() < 0.6).DefaultIfEmpty(returnable[0]).ToList();

            var lines = new List<ReturnLine>();
            var sizeReason = false;
            long value = 0;
            foreach (var line in chosen)
            {
                var spec = Info(line).Spec;
                var quantity = returnAll || line.Quantity == 1 || random.NextDouble() < 0.6 ? line.Quantity : random.Next(1, line.Quantity);
                var reason = PickWeighted(ReasonWeights[spec.RunsSmall ? "runs_small" : spec.Category], r => r.Weight).Code;
                sizeReason |= reason is "too_small" or "too_big";
                var comment = french && random.NextDouble() < 0.35 ? Pick(Comments[reason]) : null;
                lines.Add(new ReturnLine(line.Id, quantity, reasonIds.TryGetValue(reason, out var id)
                    ? id
                    : throw new InvalidOperationException($"Return reason '{reason}' is missing: run the reference data seeder first."), comment));
                value += line.UnitPricePaid.Minor * quantity;
            }

            var resolution = sizeReason && random.NextDouble() < 0.2
                ? Resolution.Exchange
                : PickWeighted([(Resolution.Refund, 72), (Resolution.StoreCredit, 22), (Resolution.Exchange, 6)], r => r.Item2).Item1;
            var method = PickWeighted([(ReturnMethod.DropOff, 80), (ReturnMethod.Pickup, 13), (ReturnMethod.InStore, 7)], m => m.Item2).Item1;
            if (method == ReturnMethod.InStore && target == Target.InTransit)
            {
                method = ReturnMethod.DropOff; // a parcel in transit went through a carrier
            }
            var dropOff = NearPoint(customer, points);
            var fourEyes = value > policy.ApprovalThresholdFor(Money.Euro)!.FourEyesMinor;
            var sendBack = fourEyes && random.NextDouble() < 0.25;
            var tracking = NewUnique(trackings, () => string.Create(CultureInfo.InvariantCulture, $"6A{random.NextInt64(0, 100_000_000_000):00000000000}"));
            var rma = NewUnique(rmas, () => RmaNumber.Generate(random.Next));

            // Customers ask within days of delivery, more often early; the process then moves at a real pace,
            // squeezed when the order is too recent for it to have taken that long.
            var deliveredAgo = now - order.DeliveredAt!.Value;
            var requestDelay = TimeSpan.FromHours(Math.Min(2 + (240 * Math.Pow(random.NextDouble(), 2)), deliveredAgo.TotalHours * 0.4));
            var requestedAt = Seconds(order.DeliveredAt.Value + requestDelay);
            var available = (now - requestedAt - TimeSpan.FromMinutes(30)).TotalHours;
            if (target == Target.Expired && available < 24 * 33)
            {
                target = Target.Cancelled; // too recent for a label to have expired
            }
            var steps = Plan(target, method, fourEyes, sendBack);
            var gaps = steps.Select(Gap).ToArray();
            var scalable = steps.Select((s, i) => s == Step.Expire ? 0 : gaps[i]).Sum();
            var fixedHours = gaps.Sum() - scalable;
            var factor = scalable > 0 && scalable + fixedHours > available ? Math.Max(available - fixedHours, 0.1) / scalable : 1;

            var request = ReturnRequest.Create(rma, order, policy, lines, resolution, method, method == ReturnMethod.DropOff ? dropOff.Id : null,
                warehouseId, customer.Language, CustomerActor, requestedAt);
            var at = requestedAt;
            for (var i = 0; i < steps.Count; i++)
            {
                var gap = steps[i] == Step.Expire ? gaps[i] : gaps[i] * factor;
                at = Seconds(at.AddHours(gap)) > at ? Seconds(at.AddHours(gap)) : at.AddSeconds(1);
                if (at > now)
                {
                    break; // never a history in the future: the return simply has not got that far
                }
                Apply(request, steps[i], at, fourEyes, tracking);
            }
            return request;
        }

        private List<Step> Plan(Target target, ReturnMethod method, bool fourEyes, bool sendBack)
        {
            var main = new List<Step> { Step.Approve };
            if (method != ReturnMethod.InStore)
            {
                main.Add(Step.InTransit);
            }
            main.AddRange([Step.Receive, Step.Inspect, Step.Decide]);
            if (fourEyes)
            {
                if (sendBack)
                {
                    main.AddRange([Step.SendBack, Step.Decide]);
                }
                main.Add(Step.ApproveSettlement);
            }
            main.Add(Step.Close);
            var toInspection = main.TakeWhile(s => s != Step.Decide).ToList();
            return target switch
            {
                Target.Requested => [],
                Target.Approved => [Step.Approve],
                Target.InTransit => [Step.Approve, Step.InTransit],
                Target.Received => main.TakeWhile(s => s != Step.Inspect).ToList(),
                Target.Inspected => toInspection,
                Target.AwaitingApproval => [.. toInspection, Step.Decide],
                Target.Resolved => main.Take(main.Count - 1).ToList(),
                Target.Closed => main,
                Target.Cancelled => random.NextDouble() < 0.4 ? [Step.Cancel] : [Step.Approve, Step.Cancel],
                Target.RejectedEarly => [Step.RejectEarly],
                // The parcel goes back to the customer; the return is closed once it has left, or not yet.
                Target.RejectedAfterInspection => random.NextDouble() < 0.4
                    ? [.. toInspection, Step.RejectAfterInspection]
                    : [.. toInspection, Step.RejectAfterInspection, Step.Close],
                Target.Expired => [Step.Approve, Step.Expire],
                _ => throw new ArgumentOutOfRangeException(nameof(target)),
            };
        }

        /// <summary>Hours between the previous step and this one.</summary>
        private double Gap(Step step) => step switch
        {
            Step.Approve => Between(0.5, 18),
            Step.InTransit => Between(12, 96),
            Step.Receive => Between(24, 96),
            Step.Inspect => Between(2, 72),
            Step.Decide => Between(1, 36),
            Step.SendBack => Between(2, 24),
            Step.ApproveSettlement => Between(2, 48),
            Step.Close => Between(24, 168),
            Step.Cancel => Between(2, 72),
            Step.RejectEarly => Between(2, 48),
            Step.RejectAfterInspection => Between(1, 24),
            Step.Expire => 24 * 30, // the label is valid 30 days
            _ => throw new ArgumentOutOfRangeException(nameof(step)),
        };

        private void Apply(ReturnRequest request, Step step, DateTime at, bool fourEyes, string tracking)
        {
            switch (step)
            {
                case Step.Approve: request.Approve(Agent, at); break;
                case Step.InTransit: request.MarkInTransit(tracking, SystemActor.Name, at); break;
                case Step.Receive: request.Receive(Inspector, at); break;
                case Step.Inspect: request.CompleteInspection(Inspector, at); break;
                case Step.Decide: request.SubmitDecision(fourEyes, Agent, at); break;
                case Step.SendBack: request.SendBackForReview(Manager, SendBackNote, at); break;
                case Step.ApproveSettlement: request.ApproveSettlement(Manager, at); break;
                case Step.Close: request.Close(Agent, at); break;
                case Step.Cancel: request.Cancel(CustomerActor, at); break;
                case Step.RejectEarly: request.Reject(Pick(EarlyRejectionNotes), Agent, at); break;
                case Step.RejectAfterInspection: request.Reject(Pick(InspectionRejectionNotes), Agent, at); break;
                case Step.Expire: request.Expire(at); break;
                default: throw new ArgumentOutOfRangeException(nameof(step));
            }
        }

        /// <summary>One of the three points nearest to the customer's town.</summary>
        private DropOffPoint NearPoint(Customer customer, List<DropOffPoint> points)
        {
            var city = customerCities[customer];
            var scale = Math.Cos(city.Latitude * Math.PI / 180);
            var nearest = points
                .OrderBy(p => Math.Pow(p.Latitude - city.Latitude, 2) + Math.Pow((p.Longitude - city.Longitude) * scale, 2))
                .ThenBy(p => p.Code, StringComparer.Ordinal)
                .Take(3)
                .ToList();
            return nearest[random.Next(nearest.Count)];
        }

        private static Order DemoOrder(string number, Customer customer, DateTime placed, DateTime shipped, DateTime delivered, VariantInfo[] lines)
        {
            var order = new Order
            {
                Number = number,
                Customer = customer,
                Email = customer.Email,
                CustomerName = $"{customer.FirstName} {customer.LastName}",
                Postcode = customer.Address.Postcode,
                PlacedAt = placed,
                ShippedAt = shipped,
                DeliveredAt = delivered,
                PaymentMethod = PaymentMethod.Card,
            };
            order.SetPaymentReference(DemoPaymentReference(order));
            order.Lines.AddRange(lines.Select(l => new OrderLine { Variant = l.Variant, Quantity = 1, UnitPricePaid = l.Variant.Price }));
            return order;
        }

        /// <summary>
        /// A reference shaped like the provider's own (issue 18), made from the order number rather than the random
        /// generator, so the rest of the demo stays as it was.
        /// </summary>
        private static string DemoPaymentReference(Order order)
        {
            var key = order.Number.Replace("-", "", StringComparison.Ordinal);
            return order.PaymentMethod switch
            {
                PaymentMethod.Card => "pi_demo_" + key.ToLowerInvariant(),
                PaymentMethod.PayPal => "PAYID-DEMO-" + key,
                PaymentMethod.BankTransfer => "VIR-DEMO-" + key,
                _ => "GC-DEMO-" + key,
            };
        }

        private bool Returnable(OrderLine line) => Info(line).Spec.NonReturnable is null;

        private VariantInfo Info(OrderLine line) => infos[line.Variant!];

        private long ReturnableValue(Order order) =>
            order.Lines.Where(Returnable).Sum(l => l.UnitPricePaid.Minor * l.Quantity);

        private static VariantInfo Variant(List<VariantInfo> variants, string sku) =>
            variants.SingleOrDefault(v => v.Variant.Sku == sku) ?? throw new InvalidOperationException($"Demo SKU {sku} is not in the catalogue.");

        private double Between(double min, double max) => min + (random.NextDouble() * (max - min));

        private string Pick(string[] items) => items[random.Next(items.Length)];

        private T PickWeighted<T>(IReadOnlyList<T> items, Func<T, int> weight)
        {
            var total = items.Sum(weight);
            var roll = random.Next(total);
            foreach (var item in items)
            {
                roll -= weight(item);
                if (roll < 0)
                {
                    return item;
                }
            }
            return items[^1];
        }

        private static string NewUnique(HashSet<string> taken, Func<string> next)
        {
            string value;
            do
            {
                value = next();
            }
            while (!taken.Add(value));
            return value;
        }
    }

    /// <summary>Whole seconds: the same value on every provider (PostgreSQL keeps microseconds, SQLite ticks).</summary>
    private static DateTime Seconds(DateTime value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    /// <summary>"Bleu marine" → "BLEU-MARINE", "Écru" → "ECRU", "240×220" → "240X220".</summary>
    private static string SkuPart(string? value) =>
        value is null ? "" : string.Join('-', Ascii(value).ToUpperInvariant().Replace('×', 'X').Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>"Le Gall" → "le-gall", "Hélène" → "helene": the local part of an e-mail address.</summary>
    private static string Slug(string value) =>
        string.Join('-', Ascii(value).ToLowerInvariant().Replace("'", "", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static string Ascii(string value)
    {
        var decomposed = value.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}
