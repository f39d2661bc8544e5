namespace ReturnsPortal.Domain.Analytics;

/// <summary>
/// The month rows of ADR 0090, summed from the day rows by one INSERT … SELECT per rollup: a month of the
/// processing-time histogram is ~100 000 day rows at a million returns a year and ~6 000 month rows, which neither
/// travel to the app nor go through the change tracker. <c>monthOf</c> is the provider's expression for the first day
/// of the month of <c>"Day"</c>.
/// </summary>
internal static class MonthRowsSql
{
    public const string SqliteMonthOf = "date(\"Day\", 'start of month')";
    public const string PostgresMonthOf = "CAST(date_trunc('month', \"Day\") AS date)";

    /// <summary>
    /// The six inserts. <paramref name="dayCondition"/> narrows the day rows read (e.g. <c>AND "Day" &gt;= {0} AND "Day" &lt; {1}</c>
    /// with parameters); empty, every month of the database (the migration MonthGrain).
    /// </summary>
    public static IEnumerable<string> Inserts(string monthOf, string dayCondition = "") =>
    [
        Insert("AnalyticsReturnsDaily", monthOf, dayCondition, ["CategoryId", "Status", "Resolution", "ReachedResolved", "WarehouseId"],
            ["Count", "Settled", "SettledWithinServiceLevel", "SettledWithinLegalDeadline", "RefundsPaid", "LabelFeesBorne", "WriteOffs"]),
        Insert("AnalyticsDurationsDaily", monthOf, dayCondition, ["CategoryId", "Stage", "Bucket", "WarehouseId"], ["Count", "Seconds"]),
        // A product moved to another category within the month has day rows of both: the month keeps one (the larger id).
        $"""
        INSERT INTO "AnalyticsProductRollup" ("Grain", "Day", "ProductId", "CategoryId", "UnitsSold", "UnitsReturned")
        SELECT 2, {monthOf}, "ProductId", MAX("CategoryId"), SUM("UnitsSold"), SUM("UnitsReturned")
        FROM "AnalyticsProductRollup" WHERE "Grain" = 0 {dayCondition} GROUP BY {monthOf}, "ProductId"
        """,
        Insert("AnalyticsCategoryRollup", monthOf, dayCondition, ["CategoryId"], ["UnitsSold", "ValueSold"]),
        Insert("AnalyticsReasonRollup", monthOf, dayCondition, ["CategoryId", "ReasonId", "WarehouseId"], ["UnitsReturned", "ValueReturned"]),
        Insert("AnalyticsDispositionRollup", monthOf, dayCondition, ["CategoryId", "Disposition", "WarehouseId"], ["Lines", "Units"]),
    ];

    private static string Insert(string table, string monthOf, string dayCondition, string[] keys, string[] sums)
    {
        var keyList = string.Join(", ", keys.Select(k => $"\"{k}\""));
        var sumNames = string.Join(", ", sums.Select(s => $"\"{s}\""));
        var sumList = string.Join(", ", sums.Select(s => $"SUM(\"{s}\")"));
        return $"""
            INSERT INTO "{table}" ("Grain", "Day", {keyList}, {sumNames})
            SELECT 2, {monthOf}, {keyList}, {sumList}
            FROM "{table}" WHERE "Grain" = 0 {dayCondition} GROUP BY {monthOf}, {keyList}
            """;
    }
}
