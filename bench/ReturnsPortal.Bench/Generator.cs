using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Bench;

/// <summary>
/// Fills an empty, migrated PostgreSQL database with a shop of about 2 M orders, 5 M order lines, 1 M returns and
/// 2 M return lines through binary COPY (deterministic: seed 2026). The catalogue goes through EF Core (a few hundred
/// rows); everything else is streamed. Some products are planted problems (returned more, mostly "too small") and
/// some customers are serial returners, so the dashboard has something to find.
/// The back-office side (ADR 0089) comes from a second generator (seed 4052) so the shop above stays the same as in
/// earlier runs: return methods and the label fees of the policy's method fee rows (charged or borne), two warehouses
/// (returns with a line of the first four categories are routed to the second, as the demo routes electronics),
/// about 1 % goodwill returns, receipt and inspection of the lines, a decision with a disposition for every line
/// of a decided return, and the stock movements of resolved returns (write-offs at the product's unit cost).
/// </summary>
internal sealed class Generator(string connectionString, ReturnsDbContext db, int returnsWanted)
{
    public const int Categories = 20;
    public const int ProductsPerCategory = 20;
    public const int VariantsPerProduct = 3;
    public const int Customers = 300_000;
    public const int Days = 730;

    /// <summary>Every 50th product is a planted problem: twice as likely among returned lines, mostly "too small".</summary>
    public static bool IsPlantedProblem(int productIndex) => productIndex % 50 == 7;

    /// <summary>Every 100th customer returns almost every order.</summary>
    public static bool IsPlantedSerial(int customerIndex) => customerIndex % 100 == 3;

    private static readonly string[] ReasonCodes = ["too_small", "too_big", "not_as_described", "defective", "changed_mind", "arrived_late", "wrong_item", "damaged"];

    private static readonly string[] Comments =
    [
        "Taille trop petite, je prends habituellement du 40", "The sleeves are far too short", "Couleur différente de la photo",
        "Stopped working after two days", "Colis arrivé abîmé", "Finalement pas besoin", "Wrong colour sent", "Trop grand aux épaules",
    ];

    /// <summary>The policy's fee per method (minor units): what the merchant pays the carrier for a label.</summary>
    public static readonly IReadOnlyDictionary<ReturnMethod, long> MethodFees = new Dictionary<ReturnMethod, long>
    {
        [ReturnMethod.DropOff] = 390,
        [ReturnMethod.Pickup] = 690,
        [ReturnMethod.InStore] = 0,
    };

    /// <summary>Categories 0–3 are routed to the second warehouse (the demo's repair workshop pattern, ADR 0083).</summary>
    public const int RoutedCategories = 4;

    private static readonly string[] GoodwillReasons =
    [
        "Cliente fidèle, hors délai de quelques jours", "Geste commercial après une livraison en retard",
        "Loyal customer, a week past the window", "Cadeau reçu tard, accord du responsable",
    ];

    private readonly Random random = new(2026);

    // The back-office data draws from its own sequence: the orders, returns and lines stay those of earlier runs.
    private readonly Random extra = new(4052);
    private readonly DateTime now = DateTime.UtcNow.Date.AddHours(6);

    public async Task RunAsync()
    {
        var clock = Stopwatch.StartNew();
        var (variantIds, variantProduct, variantPrice, reasonIds, policyId, warehouseIds) = await CatalogueAsync();
        Console.WriteLine($"catalogue: {variantIds.Length} variants, {reasonIds.Length} reasons ({clock.Elapsed.TotalSeconds:F0} s)");

        // COPY of millions of rows into indexed tables outlasts the default 30 s command timeout.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);
        await connection.OpenAsync();

        var firstCustomer = await CopyCustomersAsync(connection);
        Console.WriteLine($"customers: {Customers} ({clock.Elapsed.TotalSeconds:F0} s)");

        // Orders: enough that about half of them are returned; decided up front so returned orders can favour problems.
        var orderCount = returnsWanted * 2;
        var placed = new DateTime[orderCount];
        var customer = new int[orderCount];
        var returned = new bool[orderCount];
        var firstLine = new int[orderCount + 1];
        var lineVariant = new List<int>(orderCount * 5 / 2);
        var lineQuantity = new List<byte>(orderCount * 5 / 2);
        var problemVariants = Enumerable.Range(0, variantIds.Length).Where(v => IsPlantedProblem(variantProduct[v])).ToArray();
        var returnsLeft = returnsWanted;
        for (var o = 0; o < orderCount; o++)
        {
            placed[o] = now.AddDays(-Days).AddSeconds(random.NextDouble() * Days * 86_400);
            var c = random.Next(Customers);
            customer[o] = c;
            var lines = 1 + random.Next(4);
            var returnChance = IsPlantedSerial(c) ? 0.95 : 0.68;
            returned[o] = lines >= 2 && returnsLeft > 0 && random.NextDouble() < returnChance;
            if (returned[o])
            {
                returnsLeft--;
            }
            firstLine[o] = lineVariant.Count;
            for (var l = 0; l < lines; l++)
            {
                // A returned order's first two lines are what comes back: problems are over-represented there.
                var v = returned[o] && l < 2 && random.NextDouble() < 0.06
                    ? problemVariants[random.Next(problemVariants.Length)]
                    : random.Next(variantIds.Length);
                lineVariant.Add(v);
                lineQuantity.Add((byte)(random.NextDouble() < 0.85 ? 1 : 2));
            }
        }
        firstLine[orderCount] = lineVariant.Count;
        Array.Sort(placed);

        await CopyOrdersAsync(connection, placed, customer, firstCustomer);
        Console.WriteLine($"orders: {orderCount} ({clock.Elapsed.TotalSeconds:F0} s)");
        await CopyOrderLinesAsync(connection, lineVariant, lineQuantity, firstLine, variantIds, variantPrice);
        Console.WriteLine($"order lines: {lineVariant.Count} ({clock.Elapsed.TotalSeconds:F0} s)");
        var count = await CopyReturnsAsync(
            connection, placed, returned, firstLine, lineVariant, lineQuantity, variantIds, variantProduct, variantPrice, reasonIds, policyId, warehouseIds);
        Console.WriteLine($"returns: {count.Returns}, return lines: {count.Lines}, history: {count.History}, settlements: {count.Settlements}, "
            + $"decisions: {count.Decisions}, stock movements: {count.Movements}, goodwill: {count.Goodwill} ({clock.Elapsed.TotalSeconds:F0} s)");

        foreach (var table in new[] { "Customers", "Orders", "OrderLines", "ReturnRequests", "ReturnLines", "Settlements", "LineDecisions", "StockMovements", "StockLevels" })
        {
            await using var setval = new NpgsqlCommand($"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), (SELECT max(\"Id\") FROM \"{table}\"))", connection);
            await setval.ExecuteScalarAsync();
        }
        await using (var analyze = new NpgsqlCommand("ANALYZE", connection) { CommandTimeout = 0 })
        {
            await analyze.ExecuteNonQueryAsync();
        }
        Console.WriteLine($"generated in {clock.Elapsed.TotalSeconds:F0} s");
    }

    private async Task<(int[] Ids, int[] Product, long[] Price, int[] Reasons, int Policy, int[] Warehouses)> CatalogueAsync()
    {
        var products = new List<Product>();
        for (var c = 0; c < Categories; c++)
        {
            var category = new Category { Code = $"BENCH-CAT-{c:D2}", NameFr = $"Catégorie {c}", NameEn = $"Category {c}" };
            for (var p = 0; p < ProductsPerCategory; p++)
            {
                var index = (c * ProductsPerCategory) + p;
                var product = new Product { Code = $"BENCH-P{index:D4}", Name = $"Product {index}", Category = category };
                var price = 1_000 + (random.Next(190) * 100);
                // Write-offs are valued at the unit cost: 40 % of the price.
                product.UnitCostMinor = price * 40 / 100;
                for (var v = 0; v < VariantsPerProduct; v++)
                {
                    product.Variants.Add(new ProductVariant { Sku = $"BENCH-P{index:D4}-{v}", Size = $"S{v}", Price = Money.Eur(price) });
                }
                products.Add(product);
            }
        }
        db.AddRange(products);
        var reasons = ReasonCodes.Select((code, i) => new ReturnReason
        {
            Code = code,
            LabelFr = code,
            LabelEn = code,
            SortOrder = i,
            IsDefect = code == "defective",
            IsMerchantFault = code is "wrong_item" or "damaged",
        }).ToList();
        db.AddRange(reasons);
        var policy = new ReturnPolicy { Name = "Bench", ApprovalThresholds = { new() { Currency = Money.Euro, FourEyesMinor = 100_000, WriteOffMinor = 100_000 } } };
        foreach (var (method, fee) in MethodFees)
        {
            policy.MethodFees.Add(new PolicyMethodFee { Method = method, Fee = Money.Eur(fee) });
        }
        db.Add(policy);
        // The reference seeder's warehouse (it adds none when one exists) and the demo's second one.
        var main = new Warehouse
        {
            Code = Domain.Seeding.ReferenceDataSeeder.WarehouseCode,
            Name = "Entrepôt Lyon",
            Address = new PostalAddress { Line1 = "27 rue Maryse Bastié", Line2 = "ZI Mi-Plaine, quai 4", Postcode = "69800", City = "Saint-Priest" },
        };
        var repair = new Warehouse
        {
            Code = Domain.Seeding.DemoShopSeeder.RepairWarehouseCode,
            Name = "Atelier Orléans",
            Address = new PostalAddress { Line1 = "9 rue des Frères Lumière", Line2 = "Parc d'activités des Sablons", Postcode = "45770", City = "Saran" },
        };
        db.AddRange(main, repair);
        await db.SaveChangesAsync();
        var routed = products.Select(p => p.Category!).Distinct().Take(RoutedCategories).ToList();
        db.AddRange(routed.Select((c, i) => RoutingRule.Create(new RoutingRuleSpec(RoutingCondition.Category, c.Id, null, repair.Id), (i + 1) * RoutingRule.PriorityStep)));
        await db.SaveChangesAsync();
        var variants = products.SelectMany((p, i) => p.Variants.Select(v => (v.Id, Product: i, v.Price.Minor))).ToArray();
        return (variants.Select(v => v.Id).ToArray(), variants.Select(v => v.Product).ToArray(), variants.Select(v => v.Minor).ToArray(),
            reasons.Select(r => r.Id).ToArray(), policy.Id, [main.Id, repair.Id]);
    }

    private async Task<int> CopyCustomersAsync(NpgsqlConnection connection)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY \"Customers\" (\"Id\", \"Email\", \"FirstName\", \"LastName\", \"Language\", \"CreatedAt\", \"City\", \"Country\", \"AddressLine1\", \"Postcode\") FROM STDIN (FORMAT BINARY)");
        for (var c = 0; c < Customers; c++)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(c + 1, NpgsqlDbType.Integer);
            await writer.WriteAsync($"customer{c}@bench.example", NpgsqlDbType.Varchar);
            await writer.WriteAsync("Client", NpgsqlDbType.Varchar);
            await writer.WriteAsync($"N{c}", NpgsqlDbType.Varchar);
            await writer.WriteAsync(c % 5 == 0 ? "en" : "fr", NpgsqlDbType.Varchar);
            await writer.WriteAsync(now.AddDays(-Days - 30), NpgsqlDbType.TimestampTz);
            await writer.WriteAsync("Paris", NpgsqlDbType.Varchar);
            await writer.WriteAsync("FR", NpgsqlDbType.Varchar);
            await writer.WriteAsync("1 rue du Banc", NpgsqlDbType.Varchar);
            await writer.WriteAsync("75011", NpgsqlDbType.Varchar);
        }
        await writer.CompleteAsync();
        return 1;
    }

    private static async Task CopyOrdersAsync(NpgsqlConnection connection, DateTime[] placed, int[] customer, int firstCustomer)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY \"Orders\" (\"Id\", \"Number\", \"CustomerId\", \"Email\", \"CustomerName\", \"Postcode\", \"PlacedAt\", \"ShippedAt\", \"DeliveredAt\", \"PaymentMethod\", \"Currency\") FROM STDIN (FORMAT BINARY)");
        for (var o = 0; o < placed.Length; o++)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(o + 1, NpgsqlDbType.Integer);
            await writer.WriteAsync($"B-{o + 1:D8}", NpgsqlDbType.Varchar);
            await writer.WriteAsync(customer[o] + firstCustomer, NpgsqlDbType.Integer);
            await writer.WriteAsync($"customer{customer[o]}@bench.example", NpgsqlDbType.Varchar);
            await writer.WriteAsync($"Client N{customer[o]}", NpgsqlDbType.Varchar);
            await writer.WriteAsync("75011", NpgsqlDbType.Varchar);
            await writer.WriteAsync(placed[o], NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(placed[o].AddDays(1), NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(placed[o].AddDays(2), NpgsqlDbType.TimestampTz);
            await writer.WriteAsync("Card", NpgsqlDbType.Varchar);
            await writer.WriteAsync("EUR", NpgsqlDbType.Varchar);
        }
        await writer.CompleteAsync();
    }

    private static async Task CopyOrderLinesAsync(
        NpgsqlConnection connection, List<int> lineVariant, List<byte> lineQuantity, int[] firstLine, int[] variantIds, long[] variantPrice)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY \"OrderLines\" (\"Id\", \"OrderId\", \"VariantId\", \"Quantity\", \"UnitPriceCurrency\", \"UnitPriceMinor\") FROM STDIN (FORMAT BINARY)");
        for (var o = 0; o < firstLine.Length - 1; o++)
        {
            for (var l = firstLine[o]; l < firstLine[o + 1]; l++)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(l + 1, NpgsqlDbType.Integer);
                await writer.WriteAsync(o + 1, NpgsqlDbType.Integer);
                await writer.WriteAsync(variantIds[lineVariant[l]], NpgsqlDbType.Integer);
                await writer.WriteAsync((int)lineQuantity[l], NpgsqlDbType.Integer);
                await writer.WriteAsync("EUR", NpgsqlDbType.Varchar);
                await writer.WriteAsync(variantPrice[lineVariant[l]], NpgsqlDbType.Bigint);
            }
        }
        await writer.CompleteAsync();
    }

    private sealed record Counts(int Returns, int Lines, int History, int Settlements, int Decisions, int Movements, int Goodwill);

    private sealed record Request(
        int Id, int Order, DateTime Created, ReturnStatus Status, Resolution Resolution, DateTime Updated, ReturnMethod Method, int WarehouseId,
        long LabelFee, long RefundEstimate, string? GoodwillReason, AssistChannel? Channel, string? DecidedBy);

    private sealed record Line(
        int Return, int OrderLine, int Quantity, int Reason, string? Comment, int? Received, ItemGrade? Grade, DateTime? InspectedAt);

    private sealed record Decision(
        int LineId, LineVerdict Verdict, Disposition Disposition, long PricePaid, long LabelFee, long Deduction, long Total, DateTime At);

    /// <summary>A decided line of a resolved return: its disposition moves stock at its warehouse (ADR 0061).</summary>
    private sealed record Moved(int LineId, int Variant, int Warehouse, Disposition Disposition, int Quantity, long UnitCost, DateTime At);

    /// <summary>The way a return ends; the timeline is cut at "now", so recent returns are still under way.</summary>
    private ReturnStatus DrawFinal()
    {
        var x = random.NextDouble();
        return x switch
        {
            < 0.05 => ReturnStatus.Cancelled,
            < 0.08 => ReturnStatus.Expired,
            < 0.10 => ReturnStatus.Rejected,
            < 0.13 => ReturnStatus.Inspected, // rejected after inspection, see below
            < 0.30 => ReturnStatus.Resolved,
            _ => ReturnStatus.Closed,
        };
    }

    private ReturnMethod DrawMethod() => extra.NextDouble() switch
    {
        < 0.60 => ReturnMethod.DropOff,
        < 0.75 => ReturnMethod.Pickup,
        _ => ReturnMethod.InStore,
    };

    private ItemGrade DrawGrade() => extra.NextDouble() switch
    {
        < 0.60 => ItemGrade.A,
        < 0.85 => ItemGrade.B,
        < 0.95 => ItemGrade.C,
        _ => ItemGrade.D,
    };

    /// <summary>
    /// What becomes of an accepted line: a defective item goes back to its vendor or is repaired, otherwise the grade
    /// decides (A restocked, B open box, C repaired, D written off). About 60 % restock, 15 % open box, 9 % refurbish,
    /// 6 % return to vendor, 5 % recycle, 3 % destroy; the rest (refused lines) goes back to the customer.
    /// </summary>
    private Disposition DrawDisposition(bool defect, ItemGrade grade)
    {
        var x = extra.NextDouble();
        if (defect)
        {
            return x switch { < 0.5 => Disposition.ReturnToVendor, < 0.75 => Disposition.Refurbish, < 0.9 => Disposition.Recycle, _ => Disposition.Destroy };
        }
        return grade switch
        {
            ItemGrade.A => x < 0.97 ? Disposition.Restock : Disposition.OpenBox,
            ItemGrade.B => x < 0.7 ? Disposition.OpenBox : Disposition.Restock,
            ItemGrade.C => x switch { < 0.5 => Disposition.Refurbish, < 0.75 => Disposition.OpenBox, _ => Disposition.Recycle },
            _ => x switch { < 0.45 => Disposition.Recycle, < 0.75 => Disposition.Destroy, _ => Disposition.ReturnToVendor },
        };
    }

    private async Task<Counts> CopyReturnsAsync(
        NpgsqlConnection connection, DateTime[] placed, bool[] returned, int[] firstLine, List<int> lineVariant, List<byte> lineQuantity,
        int[] variantIds, int[] variantProduct, long[] variantPrice, int[] reasonIds, int policyId, int[] warehouseIds)
    {
        var requests = new List<Request>();
        var history = new List<(int Return, ReturnStatus? From, ReturnStatus To, DateTime At)>();
        var settlements = new List<(int Return, DateTime At, Resolution Resolution, long Amount)>();
        var lines = new List<Line>();
        var decisions = new List<Decision>();
        var moved = new List<Moved>();
        var goodwill = 0;
        for (var o = 0; o < placed.Length; o++)
        {
            if (!returned[o])
            {
                continue;
            }
            var id = requests.Count + 1;
            var created = placed[o].AddDays(2 + (random.NextDouble() * 20));
            if (created > now)
            {
                created = now.AddMinutes(-random.Next(1, 600));
            }
            var resolution = random.NextDouble() switch { < 0.6 => Resolution.Refund, < 0.85 => Resolution.StoreCredit, _ => Resolution.Exchange };
            var final = DrawFinal();
            var steps = new List<(ReturnStatus? From, ReturnStatus To, DateTime At)> { (null, ReturnStatus.Requested, created) };
            var at = created;
            void Step(ReturnStatus to, double hours)
            {
                at = at.AddHours(hours);
                steps.Add((steps[^1].To, to, at));
            }
            switch (final)
            {
                case ReturnStatus.Cancelled:
                    Step(ReturnStatus.Cancelled, random.NextDouble() * 48);
                    break;
                case ReturnStatus.Expired:
                    Step(ReturnStatus.Approved, 0.01);
                    Step(ReturnStatus.Expired, 24 * 14);
                    break;
                case ReturnStatus.Rejected:
                    Step(ReturnStatus.Rejected, random.NextDouble() * 24);
                    break;
                default:
                    Step(ReturnStatus.Approved, 0.01);
                    Step(ReturnStatus.InTransit, 12 + (random.NextDouble() * 72));
                    Step(ReturnStatus.Received, 24 + (random.NextDouble() * 120));
                    Step(ReturnStatus.Inspected, random.NextDouble() * 48);
                    if (final == ReturnStatus.Inspected)
                    {
                        Step(ReturnStatus.Rejected, random.NextDouble() * 12);
                    }
                    else
                    {
                        Step(ReturnStatus.Resolved, random.NextDouble() * 24);
                        if (final == ReturnStatus.Closed)
                        {
                            Step(ReturnStatus.Closed, random.NextDouble() * 24 * 8);
                        }
                    }
                    break;
            }
            steps = steps.Where(s => s.At <= now).ToList();
            var status = steps[^1].To;
            history.AddRange(steps.Select(s => (id, s.From, s.To, s.At)));
            var received = steps.Any(s => s.To == ReturnStatus.Received);
            var inspected = steps.FirstOrDefault(s => s.To == ReturnStatus.Inspected);
            // The decision: resolving after inspection, or refusing the whole return after inspection.
            var decided = steps.FirstOrDefault(s => s.From == ReturnStatus.Inspected && s.To is ReturnStatus.Resolved or ReturnStatus.Rejected);
            var isResolved = decided.To == ReturnStatus.Resolved;

            var method = DrawMethod();
            var isGoodwill = extra.NextDouble() < 0.01;
            var firstReturn = extra.NextDouble() < 0.2;
            var returnLines = new List<(int Variant, int Quantity, bool MerchantBears)>();
            long value = 0;
            for (var l = firstLine[o]; l < firstLine[o] + 2; l++)
            {
                var problem = IsPlantedProblem(variantProduct[lineVariant[l]]);
                var reason = problem && random.NextDouble() < 0.7 ? 0 : random.Next(reasonIds.Length);
                var comment = random.NextDouble() < 0.2 ? Comments[random.Next(Comments.Length)] : null;
                lines.Add(new Line(id, l + 1, lineQuantity[l], reasonIds[reason], comment,
                    received ? lineQuantity[l] : null, inspected.To == ReturnStatus.Inspected ? DrawGrade() : null,
                    inspected.To == ReturnStatus.Inspected ? inspected.At : null));
                returnLines.Add((lineVariant[l], lineQuantity[l], ReasonCodes[reason] is "defective" or "wrong_item" or "damaged"));
                value += lineQuantity[l] * variantPrice[lineVariant[l]];
            }
            var warehouse = returnLines.Any(r => variantProduct[r.Variant] / ProductsPerCategory < RoutedCategories) ? warehouseIds[1] : warehouseIds[0];

            // The customer pays the policy's label fee for the method, unless it is waived (first return, goodwill,
            // exchange, a defect or merchant fault) or the refund cannot absorb it; the merchant bears the rest.
            var fee = MethodFees[method];
            var charged = firstReturn || isGoodwill || resolution == Resolution.Exchange || returnLines.Any(r => r.MerchantBears) ? 0 : Math.Min(fee, value);
            if (isGoodwill)
            {
                goodwill++;
            }

            long refunded = 0;
            if (decided.To is ReturnStatus.Resolved or ReturnStatus.Rejected)
            {
                var labelLeft = isResolved ? charged : 0;
                for (var k = 0; k < returnLines.Count; k++)
                {
                    var lineId = lines.Count - returnLines.Count + k + 1;
                    var line = lines[lineId - 1];
                    var grade = line.Grade ?? ItemGrade.A;
                    var price = returnLines[k].Quantity * variantPrice[returnLines[k].Variant];
                    var defect = ReasonCodes[Array.IndexOf(reasonIds, line.Reason)] == "defective";
                    // A resolved return refuses a line now and then; a rejected one refuses them all.
                    var refused = !isResolved || extra.NextDouble() < 0.04;
                    LineVerdict verdict;
                    Disposition disposition;
                    if (refused)
                    {
                        verdict = extra.NextDouble() < 0.7 ? LineVerdict.RejectReturnToCustomer : LineVerdict.RejectDispose;
                        disposition = verdict == LineVerdict.RejectReturnToCustomer ? Disposition.ReturnToCustomer
                            : extra.NextDouble() < 0.5 ? Disposition.Recycle : Disposition.Destroy;
                    }
                    else
                    {
                        verdict = grade >= ItemGrade.C ? LineVerdict.AcceptWithDeduction : LineVerdict.Accept;
                        disposition = DrawDisposition(defect, grade);
                    }
                    var accepted = verdict is LineVerdict.Accept or LineVerdict.AcceptWithDeduction;
                    var deduction = verdict == LineVerdict.AcceptWithDeduction ? price * (grade == ItemGrade.C ? 20 : 50) / 100 : 0;
                    var label = accepted ? Math.Min(labelLeft, price - deduction) : 0;
                    labelLeft -= label;
                    var total = accepted ? price - deduction - label : 0;
                    refunded += total;
                    decisions.Add(new Decision(lineId, verdict, disposition, price, label, deduction, total, decided.At));
                    if (isResolved)
                    {
                        var variant = returnLines[k].Variant;
                        moved.Add(new Moved(lineId, variantIds[variant], warehouse, disposition, returnLines[k].Quantity,
                            variantPrice[variant] * 40 / 100, decided.At));
                    }
                }
            }
            requests.Add(new Request(id, o + 1, created, status, resolution, steps[^1].At, method, warehouse, charged, Math.Max(0, value - charged),
                isGoodwill ? GoodwillReasons[extra.Next(GoodwillReasons.Length)] : null,
                isGoodwill ? (AssistChannel)extra.Next(3) : null,
                decided.To is ReturnStatus.Resolved or ReturnStatus.Rejected ? "inspector@example.fr" : null));

            var resolved = steps.FirstOrDefault(s => s.To == ReturnStatus.Resolved);
            if (resolved.To == ReturnStatus.Resolved)
            {
                // Most settle the same day; a few wait for a late payment run (they miss the service level).
                var settledAt = resolved.At.AddHours(random.NextDouble() < 0.9 ? random.NextDouble() * 24 : 24 * (5 + (random.NextDouble() * 20)));
                if (settledAt <= now)
                {
                    settlements.Add((id, settledAt, resolution, refunded));
                }
            }
        }

        await CopyRequestsAsync(connection, requests, policyId);
        await CopyLinesAsync(connection, lines);
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY \"ReturnStatusChanges\" (\"Id\", \"ReturnRequestId\", \"From\", \"To\", \"Actor\", \"At\") FROM STDIN (FORMAT BINARY)"))
        {
            var bytes = new byte[16];
            foreach (var h in history)
            {
                random.NextBytes(bytes);
                await writer.StartRowAsync();
                await writer.WriteAsync(new Guid(bytes), NpgsqlDbType.Uuid);
                await writer.WriteAsync(h.Return, NpgsqlDbType.Integer);
                if (h.From is null)
                {
                    await writer.WriteNullAsync();
                }
                else
                {
                    await writer.WriteAsync(h.From.Value.ToString(), NpgsqlDbType.Varchar);
                }
                await writer.WriteAsync(h.To.ToString(), NpgsqlDbType.Varchar);
                await writer.WriteAsync("bench", NpgsqlDbType.Varchar);
                await writer.WriteAsync(h.At, NpgsqlDbType.TimestampTz);
            }
            await writer.CompleteAsync();
        }
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY \"Settlements\" (\"Id\", \"ReturnRequestId\", \"Kind\", \"IdempotencyKey\", \"Reference\", \"CreatedAt\", \"CreatedBy\", \"AmountCurrency\", \"AmountMinor\", \"BonusCurrency\", \"BonusMinor\") FROM STDIN (FORMAT BINARY)"))
        {
            var settlementId = 0;
            foreach (var s in settlements)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(++settlementId, NpgsqlDbType.Integer);
                await writer.WriteAsync(s.Return, NpgsqlDbType.Integer);
                await writer.WriteAsync(s.Resolution.ToString(), NpgsqlDbType.Varchar);
                await writer.WriteAsync($"settle:B{s.Return:D9}", NpgsqlDbType.Varchar);
                await writer.WriteAsync("bench", NpgsqlDbType.Varchar);
                await writer.WriteAsync(s.At, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync("bench", NpgsqlDbType.Varchar);
                await writer.WriteAsync("EUR", NpgsqlDbType.Varchar);
                await writer.WriteAsync(s.Amount, NpgsqlDbType.Bigint);
                await writer.WriteAsync("EUR", NpgsqlDbType.Varchar);
                await writer.WriteAsync(0L, NpgsqlDbType.Bigint);
            }
            await writer.CompleteAsync();
        }
        await CopyDecisionsAsync(connection, decisions);
        var movements = await CopyStockAsync(connection, moved);
        return new Counts(requests.Count, lines.Count, history.Count, settlements.Count, decisions.Count, movements, goodwill);
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter writer, string? value)
    {
        if (value is null)
        {
            await writer.WriteNullAsync();
        }
        else
        {
            await writer.WriteAsync(value, NpgsqlDbType.Varchar);
        }
    }

    private static async Task CopyRequestsAsync(NpgsqlConnection connection, List<Request> requests, int policyId)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY \"ReturnRequests\" (\"Id\", \"Rma\", \"OrderId\", \"PolicyId\", \"Status\", \"Resolution\", \"Method\", \"Language\", \"CreatedAt\", \"CreatedBy\", \"UpdatedAt\", \"UpdatedBy\", \"Version\", \"IsFlagged\", \"LabelFeeCurrency\", \"LabelFeeMinor\", \"RefundEstimateCurrency\", \"RefundEstimateMinor\", "
            + "\"WarehouseId\", \"IsGoodwill\", \"GoodwillReason\", \"GoodwillGrantedBy\", \"AssistChannel\", \"AssistedBy\", \"DecidedBy\") FROM STDIN (FORMAT BINARY)");
        foreach (var r in requests)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(r.Id, NpgsqlDbType.Integer);
            await writer.WriteAsync($"B{r.Id:D9}", NpgsqlDbType.Varchar);
            await writer.WriteAsync(r.Order, NpgsqlDbType.Integer);
            await writer.WriteAsync(policyId, NpgsqlDbType.Integer);
            await writer.WriteAsync(r.Status.ToString(), NpgsqlDbType.Varchar);
            await writer.WriteAsync(r.Resolution.ToString(), NpgsqlDbType.Varchar);
            await writer.WriteAsync(r.Method.ToString(), NpgsqlDbType.Varchar);
            await writer.WriteAsync("fr", NpgsqlDbType.Varchar);
            await writer.WriteAsync(r.Created, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(r.Channel is null ? "bench" : "agent@example.fr", NpgsqlDbType.Varchar);
            await writer.WriteAsync(r.Updated, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync("bench", NpgsqlDbType.Varchar);
            await writer.WriteAsync(0, NpgsqlDbType.Integer);
            await writer.WriteAsync(false, NpgsqlDbType.Boolean);
            await writer.WriteAsync("EUR", NpgsqlDbType.Varchar);
            await writer.WriteAsync(r.LabelFee, NpgsqlDbType.Bigint);
            await writer.WriteAsync("EUR", NpgsqlDbType.Varchar);
            await writer.WriteAsync(r.RefundEstimate, NpgsqlDbType.Bigint);
            await writer.WriteAsync(r.WarehouseId, NpgsqlDbType.Integer);
            await writer.WriteAsync(r.GoodwillReason is not null, NpgsqlDbType.Boolean);
            await WriteNullableAsync(writer, r.GoodwillReason);
            // Goodwill is granted by a manager to a return an agent starts for the customer (ADR 0037).
            await WriteNullableAsync(writer, r.GoodwillReason is null ? null : "manager@example.fr");
            await WriteNullableAsync(writer, r.Channel?.ToString());
            await WriteNullableAsync(writer, r.Channel is null ? null : "agent@example.fr");
            await WriteNullableAsync(writer, r.DecidedBy);
        }
        await writer.CompleteAsync();
    }

    private static async Task CopyLinesAsync(NpgsqlConnection connection, List<Line> lines)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY \"ReturnLines\" (\"Id\", \"ReturnRequestId\", \"OrderLineId\", \"Quantity\", \"ReasonId\", \"Comment\", \"QuantityReceived\", \"ReceiptOutcome\", \"Grade\", \"SerialCheck\", \"InspectedAt\", \"InspectedBy\") FROM STDIN (FORMAT BINARY)");
        var lineId = 0;
        foreach (var l in lines)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(++lineId, NpgsqlDbType.Integer);
            await writer.WriteAsync(l.Return, NpgsqlDbType.Integer);
            await writer.WriteAsync(l.OrderLine, NpgsqlDbType.Integer);
            await writer.WriteAsync(l.Quantity, NpgsqlDbType.Integer);
            await writer.WriteAsync(l.Reason, NpgsqlDbType.Integer);
            await WriteNullableAsync(writer, l.Comment);
            if (l.Received is { } received)
            {
                await writer.WriteAsync(received, NpgsqlDbType.Integer);
                await writer.WriteAsync(nameof(ReceiptOutcome.Received), NpgsqlDbType.Varchar);
            }
            else
            {
                await writer.WriteNullAsync();
                await writer.WriteNullAsync();
            }
            await WriteNullableAsync(writer, l.Grade?.ToString());
            await WriteNullableAsync(writer, l.Grade is null ? null : nameof(SerialCheck.NotApplicable));
            if (l.InspectedAt is { } inspectedAt)
            {
                await writer.WriteAsync(inspectedAt, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync("inspector@example.fr", NpgsqlDbType.Varchar);
            }
            else
            {
                await writer.WriteNullAsync();
                await writer.WriteNullAsync();
            }
        }
        await writer.CompleteAsync();
    }

    private static async Task CopyDecisionsAsync(NpgsqlConnection connection, List<Decision> decisions)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY \"LineDecisions\" (\"Id\", \"ReturnLineId\", \"Verdict\", \"Disposition\", \"DecidedBy\", \"DecidedAt\", \"PricePaidCurrency\", \"PricePaidMinor\", \"RestockingFeeCurrency\", \"RestockingFeeMinor\", \"LabelFeeCurrency\", \"LabelFeeMinor\", \"DeductionCurrency\", \"DeductionMinor\", \"TotalCurrency\", \"TotalMinor\") FROM STDIN (FORMAT BINARY)");
        var decisionId = 0;
        foreach (var d in decisions)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(++decisionId, NpgsqlDbType.Integer);
            await writer.WriteAsync(d.LineId, NpgsqlDbType.Integer);
            await writer.WriteAsync(d.Verdict.ToString(), NpgsqlDbType.Varchar);
            await writer.WriteAsync(d.Disposition.ToString(), NpgsqlDbType.Varchar);
            await writer.WriteAsync("inspector@example.fr", NpgsqlDbType.Varchar);
            await writer.WriteAsync(d.At, NpgsqlDbType.TimestampTz);
            foreach (var amount in new[] { d.PricePaid, 0L, d.LabelFee, d.Deduction, d.Total })
            {
                await writer.WriteAsync("EUR", NpgsqlDbType.Varchar);
                await writer.WriteAsync(amount, NpgsqlDbType.Bigint);
            }
        }
        await writer.CompleteAsync();
    }

    /// <summary>
    /// The disposition movements of resolved returns in time order (StockChanges.ForDisposition's keys and buckets),
    /// each with the level's quantity after it, then the levels themselves: every level is the sum of its movements.
    /// </summary>
    private static async Task<int> CopyStockAsync(NpgsqlConnection connection, List<Moved> moved)
    {
        moved.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.LineId.CompareTo(b.LineId));
        var levels = new Dictionary<(int Variant, int Warehouse, StockBucket Bucket), (int Quantity, DateTime At)>();
        long movementId = 0;
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY \"StockMovements\" (\"Id\", \"VariantId\", \"WarehouseId\", \"Bucket\", \"Quantity\", \"Reserved\", \"QuantityAfter\", \"Cause\", \"ReturnLineId\", \"Actor\", \"At\", \"IdempotencyKey\", \"Note\", \"CostMinor\", \"CostCurrency\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var m in moved)
            {
                var cost = new Money(m.UnitCost, "EUR");
                foreach (var change in StockChanges.ForDisposition(m.Disposition, m.LineId, m.Variant, m.Warehouse, m.Quantity, cost, "inspector@example.fr"))
                {
                    var key = (change.VariantId, change.WarehouseId, change.Bucket);
                    var after = levels.GetValueOrDefault(key).Quantity + change.Quantity;
                    levels[key] = (after, m.At);
                    await writer.StartRowAsync();
                    await writer.WriteAsync(++movementId, NpgsqlDbType.Bigint);
                    await writer.WriteAsync(change.VariantId, NpgsqlDbType.Integer);
                    await writer.WriteAsync(change.WarehouseId, NpgsqlDbType.Integer);
                    await writer.WriteAsync(change.Bucket.ToString(), NpgsqlDbType.Varchar);
                    await writer.WriteAsync(change.Quantity, NpgsqlDbType.Integer);
                    await writer.WriteAsync(0, NpgsqlDbType.Integer);
                    await writer.WriteAsync(after, NpgsqlDbType.Integer);
                    await writer.WriteAsync(change.Cause.ToString(), NpgsqlDbType.Varchar);
                    await writer.WriteAsync(m.LineId, NpgsqlDbType.Integer);
                    await writer.WriteAsync(change.Actor, NpgsqlDbType.Varchar);
                    await writer.WriteAsync(m.At, NpgsqlDbType.TimestampTz);
                    await writer.WriteAsync(change.Key, NpgsqlDbType.Varchar);
                    await WriteNullableAsync(writer, change.Note);
                    if (change.Cause == StockCause.WriteOff && change.UnitCost is { } unit)
                    {
                        await writer.WriteAsync(unit.Minor * Math.Abs(change.Quantity), NpgsqlDbType.Bigint);
                        await writer.WriteAsync(unit.Currency, NpgsqlDbType.Varchar);
                    }
                    else
                    {
                        await writer.WriteNullAsync();
                        await writer.WriteNullAsync();
                    }
                }
            }
            await writer.CompleteAsync();
        }
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY \"StockLevels\" (\"Id\", \"VariantId\", \"WarehouseId\", \"Bucket\", \"Quantity\", \"Reserved\", \"UpdatedAt\", \"Version\") FROM STDIN (FORMAT BINARY)"))
        {
            var levelId = 0;
            foreach (var (key, level) in levels.OrderBy(l => l.Key.Variant).ThenBy(l => l.Key.Warehouse).ThenBy(l => l.Key.Bucket))
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(++levelId, NpgsqlDbType.Integer);
                await writer.WriteAsync(key.Variant, NpgsqlDbType.Integer);
                await writer.WriteAsync(key.Warehouse, NpgsqlDbType.Integer);
                await writer.WriteAsync(key.Bucket.ToString(), NpgsqlDbType.Varchar);
                await writer.WriteAsync(level.Quantity, NpgsqlDbType.Integer);
                await writer.WriteAsync(0, NpgsqlDbType.Integer);
                await writer.WriteAsync(level.At, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(0, NpgsqlDbType.Integer);
            }
            await writer.CompleteAsync();
        }
        return (int)movementId;
    }
}
