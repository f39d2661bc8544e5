using System.Text.Json;
using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Orders;

namespace ReturnsPortal.Web.Integrations;

/// <summary>
/// Works one <see cref="ImportJob"/>: decodes and parses the file, checks the header and every row (progress saved as
/// it goes), and either imports everything in one transaction or nothing, with the report (ADR 0071).
/// </summary>
public sealed class CsvImporter(ReturnsDbContext db, CatalogSync sync, TimeProvider clock)
{
    public const int MaxIssues = 500;
    private const int ProgressEvery = 200;

    public static readonly IReadOnlyList<string> OrderColumns =
        ["order_number", "email", "first_name", "last_name", "language", "line1", "line2", "postcode", "city", "country",
         "placed_at", "shipped_at", "delivered_at", "payment_method", "payment_reference", "currency", "sku", "quantity", "unit_price"];

    /// <summary>Columns a file may leave out; <c>payment_reference</c> absent or empty keeps the order's reference.</summary>
    public static readonly IReadOnlyList<string> OrderOptional = ["language", "line2", "country", "shipped_at", "delivered_at", "payment_reference"];

    public static readonly IReadOnlyList<string> ProductColumns =
        ["sku", "product_code", "name", "brand", "category_code", "category_name", "size", "colour", "price", "currency", "non_returnable"];

    public static readonly IReadOnlyList<string> ProductOptional = ["brand", "category_name", "size", "colour", "non_returnable"];

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public async Task RunAsync(int jobId, CancellationToken ct)
    {
        var job = await db.ImportJobs.SingleAsync(j => j.Id == jobId, ct);
        var issues = new List<ImportIssue>();
        var (text, encoding) = CsvReader.Decode(job.Content ?? []);
        var separator = CsvReader.DetectSeparator(text);
        job.Detected = $"{encoding}, « {separator} »";
        var records = CsvReader.Parse(text, separator);
        job.TotalRows = Math.Max(0, records.Count - 1);
        await db.SaveChangesAsync(ct);

        var columns = CheckHeader(job.Kind, records, issues);
        var imported = 0;
        if (columns is not null)
        {
            var rows = records.Skip(1).ToList();
            var checkedRows = new List<(int Line, Dictionary<string, string> Values)>();
            for (var i = 0; i < rows.Count; i++)
            {
                var (line, fields) = rows[i];
                if (fields.Length != columns.Count)
                {
                    issues.Add(new(line, "*", "columns", fields.Length.ToString(CultureInfo.InvariantCulture)));
                }
                else
                {
                    checkedRows.Add((line, columns.Select((c, k) => (c, fields[k].Trim())).ToDictionary(x => x.c, x => x.Item2, StringComparer.Ordinal)));
                }
                if ((i + 1) % ProgressEvery == 0)
                {
                    job.ProcessedRows = i + 1;
                    await db.SaveChangesAsync(ct);
                }
            }
            if (rows.Count == 0)
            {
                issues.Add(new(1, "*", "empty"));
            }
            imported = job.Kind == ImportKind.Orders
                ? await ImportOrdersAsync(checkedRows, issues, ct)
                : await ImportProductsAsync(checkedRows, issues, ct);
        }
        job.ProcessedRows = job.TotalRows;
        job.Status = issues.Count == 0 ? ImportStatus.Succeeded : ImportStatus.Rejected;
        job.ImportedRecords = issues.Count == 0 ? imported : 0;
        job.Report = JsonSerializer.Serialize(issues.OrderBy(x => x.Line).Take(MaxIssues).ToList());
        job.Content = null;
        job.FinishedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }

    private static List<string>? CheckHeader(ImportKind kind, List<(int Line, string[] Fields)> records, List<ImportIssue> issues)
    {
        var expected = kind == ImportKind.Orders ? OrderColumns : ProductColumns;
        var optional = kind == ImportKind.Orders ? OrderOptional : ProductOptional;
        if (records.Count == 0)
        {
            issues.Add(new(1, "*", "empty"));
            return null;
        }
        var header = records[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        foreach (var unknown in header.Where(h => !expected.Contains(h)).Distinct())
        {
            issues.Add(new(1, unknown, "header_unknown"));
        }
        foreach (var missing in expected.Where(c => !optional.Contains(c) && !header.Contains(c)))
        {
            issues.Add(new(1, missing, "header_missing"));
        }
        foreach (var twice in header.GroupBy(h => h).Where(g => g.Count() > 1))
        {
            issues.Add(new(1, twice.Key, "header_duplicate"));
        }
        return issues.Count == 0 ? header : null;
    }

    private async Task<int> ImportOrdersAsync(List<(int Line, Dictionary<string, string> Values)> rows, List<ImportIssue> issues, CancellationToken ct)
    {
        var orders = new List<OrderData>();
        foreach (var group in rows.GroupBy(r => Order.NormaliseNumber(Get(r.Values, "order_number") ?? ""), StringComparer.Ordinal))
        {
            var members = group.ToList();
            var (line, v) = members[0];
            var payment = Get(v, "payment_method") is { } p
                ? Enum.GetValues<PaymentMethod>().Where(m => string.Equals(m.ToString(), p, StringComparison.OrdinalIgnoreCase)).Select(m => (PaymentMethod?)m).FirstOrDefault()
                : null;
            if (Get(v, "payment_method") is not null && payment is null)
            {
                issues.Add(new(line, "payment_method", "value", Get(v, "payment_method")));
            }
            var lines = new List<OrderLineData>();
            foreach (var (memberLine, m) in members)
            {
                var quantity = Get(m, "quantity") is { } q ? int.TryParse(q, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1 : (int?)null;
                lines.Add(new OrderLineData(Get(m, "sku"), quantity, Price(m, "unit_price", memberLine, issues)));
            }
            var data = new OrderData(
                Get(v, "order_number"), Get(v, "email"), Get(v, "first_name"), Get(v, "last_name"), Get(v, "language"),
                Get(v, "line1"), Get(v, "line2"), Get(v, "postcode"), Get(v, "city"), Get(v, "country"),
                Date(v, "placed_at", line, issues), Date(v, "shipped_at", line, issues), Date(v, "delivered_at", line, issues),
                payment, Get(v, "currency"), lines)
            {
                PaymentReference = Get(v, "payment_reference"),
            };
            var errors = CatalogSync.Check(data).ToList();
            if (errors.Count == 0)
            {
                errors.AddRange(await sync.UnknownSkusAsync(data, ct));
            }
            foreach (var error in errors)
            {
                var (at, column) = Locate(error.Field, members.Select(x => x.Line).ToList());
                // A cell already reported as unreadable (a date, a price) is not reported again as missing.
                if (!issues.Any(x => x.Line == at && x.Column == column))
                {
                    issues.Add(new(at, column, error.Code, ValueAt(members, at, column)));
                }
            }
            orders.Add(data);
        }
        if (issues.Count > 0)
        {
            return 0;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var order in orders)
        {
            await sync.UpsertOrderAsync(order, now, ct);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return orders.Count;
    }

    private async Task<int> ImportProductsAsync(List<(int Line, Dictionary<string, string> Values)> rows, List<ImportIssue> issues, CancellationToken ct)
    {
        var items = new List<ProductData>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, v) in rows)
        {
            NonReturnableReason? reason = null;
            if (Get(v, "non_returnable") is { } r)
            {
                reason = Enum.GetValues<NonReturnableReason>().Where(m => string.Equals(m.ToString(), r, StringComparison.OrdinalIgnoreCase)).Select(m => (NonReturnableReason?)m).FirstOrDefault();
                if (reason is null)
                {
                    issues.Add(new(line, "non_returnable", "value", r));
                }
            }
            var item = new ProductData(Get(v, "sku"), Get(v, "product_code"), Get(v, "name"), Get(v, "brand"), Get(v, "category_code"),
                Get(v, "category_name"), Get(v, "size"), Get(v, "colour"), Price(v, "price", line, issues), Get(v, "currency"), reason);
            foreach (var error in CatalogSync.Check(item))
            {
                var column = Snake(error.Field);
                if (!issues.Any(x => x.Line == line && x.Column == column))
                {
                    issues.Add(new(line, column, error.Code, Get(v, column)));
                }
            }
            if (item.Sku is { } sku && !seen.Add(sku))
            {
                issues.Add(new(line, "sku", "sku_duplicate", sku));
            }
            items.Add(item);
        }
        if (issues.Count > 0)
        {
            return 0;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await sync.UpsertProductsAsync(items, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return items.Count;
    }

    /// <summary>"lines[2].quantity" → the third row of the order, column quantity; "email" → the order's first row.</summary>
    private static (int Line, string Column) Locate(string field, List<int> lines)
    {
        if (field.StartsWith("lines[", StringComparison.Ordinal))
        {
            var close = field.IndexOf(']', StringComparison.Ordinal);
            var index = int.Parse(field[6..close], CultureInfo.InvariantCulture);
            var column = field[(close + 2)..] switch { "unitPrice" => "unit_price", var other => Snake(other) };
            return (lines[index], column);
        }
        return (lines[0], field switch { "number" => "order_number", "lines" => "sku", var other => Snake(other) });
    }

    private static string? ValueAt(List<(int Line, Dictionary<string, string> Values)> members, int line, string column) =>
        members.First(m => m.Line == line).Values.TryGetValue(column, out var value) && value.Length > 0 ? value : null;

    private static string Snake(string camel) => string.Concat(camel.Select(c => char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : c.ToString()));

    private static string? Get(Dictionary<string, string> values, string column) =>
        values.TryGetValue(column, out var value) && value.Length > 0 ? value : null;

    // "19,90" (French Excel) and "19.90" both mean 19.90; thousands separators other than spaces are not accepted.
    private static long? Price(Dictionary<string, string> values, string column, int line, List<ImportIssue> issues)
    {
        if (Get(values, column) is not { } raw)
        {
            return null;
        }
        if (MoneyParser.ParseMinor(raw) is { } cents && cents is >= 0 and < 100_000_000_000)
        {
            return cents;
        }
        issues.Add(new(line, column, "price", raw));
        return -1;
    }

    // ISO dates (2026-11-20, 2026-11-20T09:30:00Z) or French ones (20/11/2026, 20/11/2026 09:30); without an offset, Paris time.
    private static DateTime? Date(Dictionary<string, string> values, string column, int line, List<ImportIssue> issues)
    {
        if (Get(values, column) is not { } raw)
        {
            return null;
        }
        if (DateTimeOffset.TryParseExact(raw, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset)
            && (raw.EndsWith('Z') || raw.Contains('+', StringComparison.Ordinal) || raw.LastIndexOf('-') > 10))
        {
            return withOffset.UtcDateTime;
        }
        if (DateTime.TryParseExact(raw, ["yyyy-MM-dd", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "dd/MM/yyyy", "dd/MM/yyyy HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Paris);
        }
        issues.Add(new(line, column, "date", raw));
        return null;
    }
}
