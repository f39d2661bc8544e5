using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Bench;

/// <summary>
/// Fills an empty, migrated PostgreSQL database with a shop of about 2 M orders, 5 M order lines, 1 M returns and
/// 2 M return lines through binary COPY (deterministic: seed 2026). The catalogue goes through EF Core (a few hundred
/// rows); everything else is streamed. Some products are planted problems (returned more, mostly "too small") and
/// some customers are serial returners, so the dashboard has something to find.
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

    private readonly Random random = new(2026);
    private readonly DateTime now = DateTime.UtcNow.Date.AddHours(6);

    public async Task RunAsync()
    {
        var clock = Stopwatch.StartNew();
        var (variantIds, variantProduct, variantPrice, reasonIds, policyId) = await CatalogueAsync();
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
        var count = await CopyReturnsAsync(connection, placed, returned, firstLine, lineVariant, lineQuantity, variantProduct, variantPrice, reasonIds, policyId);
        Console.WriteLine($"returns: {count.Returns}, return lines: {count.Lines}, history: {count.History}, settlements: {count.Settlements} ({clock.Elapsed.TotalSeconds:F0} s)");

        foreach (var table in new[] { "Customers", "Orders", "OrderLines", "ReturnRequests", "ReturnLines", "Settlements" })
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

    private async Task<(int[] Ids, int[] Product, long[] Price, int[] Reasons, int Policy)> CatalogueAsync()
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
                for (var v = 0; v < VariantsPerProduct; v++)
                {
                    product.Variants.Add(new ProductVariant { Sku = $"BENCH-P{index:D4}-{v}", Size = $"S{v}", Price = Money.Eur(price) });
                }
                products.Add(product);
            }
        }
        db.AddRange(products);
        var reasons = ReasonCodes.Select((code, i) => new ReturnReason { Code = code, LabelFr = code, LabelEn = code, SortOrder = i, IsDefect = code == "defective" }).ToList();
        db.AddRange(reasons);
        var policy = new ReturnPolicy { Name = "Bench", FourEyesThreshold = Money.Eur(100_000) };
        db.Add(policy);
        await db.SaveChangesAsync();
        var variants = products.SelectMany((p, i) => p.Variants.Select(v => (v.Id, Product: i, v.Price.Minor))).ToArray();
        return (variants.Select(v => v.Id).ToArray(), variants.Select(v => v.Product).ToArray(), variants.Select(v => v.Minor).ToArray(),
            reasons.Select(r => r.Id).ToArray(), policy.Id);
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

    private sealed record Counts(int Returns, int Lines, int History, int Settlements);

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

    private async Task<Counts> CopyReturnsAsync(
        NpgsqlConnection connection, DateTime[] placed, bool[] returned, int[] firstLine, List<int> lineVariant, List<byte> lineQuantity,
        int[] variantProduct, long[] variantPrice, int[] reasonIds, int policyId)
    {
        var requests = new List<(int Id, int Order, DateTime Created, ReturnStatus Status, Resolution Resolution, DateTime Updated)>();
        var history = new List<(int Return, ReturnStatus? From, ReturnStatus To, DateTime At)>();
        var settlements = new List<(int Return, DateTime At, Resolution Resolution, long Amount)>();
        var lines = new List<(int Return, int OrderLine, int Quantity, int Reason, string? Comment)>();
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
            requests.Add((id, o + 1, created, status, resolution, steps[^1].At));
            history.AddRange(steps.Select(s => (id, s.From, s.To, s.At)));
            long value = 0;
            for (var l = firstLine[o]; l < firstLine[o] + 2; l++)
            {
                var problem = IsPlantedProblem(variantProduct[lineVariant[l]]);
                var reason = problem && random.NextDouble() < 0.7 ? 0 : random.Next(reasonIds.Length);
                var comment = random.NextDouble() < 0.2 ? Comments[random.Next(Comments.Length)] : null;
                lines.Add((id, l + 1, lineQuantity[l], reasonIds[reason], comment));
                value += lineQuantity[l] * variantPrice[lineVariant[l]];
            }
            var resolved = steps.FirstOrDefault(s => s.To == ReturnStatus.Resolved);
            if (resolved.To == ReturnStatus.Resolved)
            {
                // Most settle the same day; a few wait for a late payment run (they miss the service level).
                var settledAt = resolved.At.AddHours(random.NextDouble() < 0.9 ? random.NextDouble() * 24 : 24 * (5 + (random.NextDouble() * 20)));
                if (settledAt <= now)
                {
                    settlements.Add((id, settledAt, resolution, value));
                }
            }
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY \"ReturnRequests\" (\"Id\", \"Rma\", \"OrderId\", \"PolicyId\", \"Status\", \"Resolution\", \"Method\", \"Language\", \"CreatedAt\", \"CreatedBy\", \"UpdatedAt\", \"UpdatedBy\", \"Version\", \"IsFlagged\", \"LabelFeeCurrency\", \"LabelFeeMinor\", \"RefundEstimateCurrency\", \"RefundEstimateMinor\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var r in requests)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(r.Id, NpgsqlDbType.Integer);
                await writer.WriteAsync($"B{r.Id:D9}", NpgsqlDbType.Varchar);
                await writer.WriteAsync(r.Order, NpgsqlDbType.Integer);
                await writer.WriteAsync(policyId, NpgsqlDbType.Integer);
                await writer.WriteAsync(r.Status.ToString(), NpgsqlDbType.Varchar);
                await writer.WriteAsync(r.Resolution.ToString(), NpgsqlDbType.Varchar);
                await writer.WriteAsync(nameof(ReturnMethod.InStore), NpgsqlDbType.Varchar);
                await writer.WriteAsync("fr", NpgsqlDbType.Varchar);
                await writer.WriteAsync(r.Created, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync("bench", NpgsqlDbType.Varchar);
                await writer.WriteAsync(r.Updated, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync("bench", NpgsqlDbType.Varchar);
                await writer.WriteAsync(0, NpgsqlDbType.Integer);
                await writer.WriteAsync(false, NpgsqlDbType.Boolean);
                await writer.WriteAsync("EUR", NpgsqlDbType.Varchar);
                await writer.WriteAsync(0L, NpgsqlDbType.Bigint);
                await writer.WriteAsync("EUR", NpgsqlDbType.Varchar);
                await writer.WriteAsync(0L, NpgsqlDbType.Bigint);
            }
            await writer.CompleteAsync();
        }
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY \"ReturnLines\" (\"Id\", \"ReturnRequestId\", \"OrderLineId\", \"Quantity\", \"ReasonId\", \"Comment\") FROM STDIN (FORMAT BINARY)"))
        {
            var lineId = 0;
            foreach (var l in lines)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(++lineId, NpgsqlDbType.Integer);
                await writer.WriteAsync(l.Return, NpgsqlDbType.Integer);
                await writer.WriteAsync(l.OrderLine, NpgsqlDbType.Integer);
                await writer.WriteAsync(l.Quantity, NpgsqlDbType.Integer);
                await writer.WriteAsync(l.Reason, NpgsqlDbType.Integer);
                if (l.Comment is null)
                {
                    await writer.WriteNullAsync();
                }
                else
                {
                    await writer.WriteAsync(l.Comment, NpgsqlDbType.Varchar);
                }
            }
            await writer.CompleteAsync();
        }
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
        return new Counts(requests.Count, lines.Count, history.Count, settlements.Count);
    }
}
