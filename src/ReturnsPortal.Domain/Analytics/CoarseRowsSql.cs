namespace ReturnsPortal.Domain.Analytics;

/// <summary>
/// Week and month rows (ADR 0043, 0090) summed from the day rows by one INSERT … SELECT per rollup, in the database: a
/// week of the processing-time histogram is ~26 000 day rows at a million returns a year, a month ~100 000; they
/// neither travel to the app nor go through the change tracker. The <c>…Of</c> expressions give the Monday or the 1st
/// of <c>"Day"</c> with date arithmetic only (no time zone of the session involved).
/// </summary>
internal static class CoarseRowsSql
{
    public const string SqliteWeekOf = "date(\"Day\", 'weekday 0', '-6 days')";
    public const string PostgresWeekOf = "CAST(date_trunc('week', CAST(\"Day\" AS timestamp)) AS date)";
    public const string SqliteMonthOf = "date(\"Day\", 'start of month')";
    public const string PostgresMonthOf = "CAST(date_trunc('month', CAST(\"Day\" AS timestamp)) AS date)";

    /// <summary>
    /// The six inserts of <paramref name="grain"/> rows, each day row going to the row of <paramref name="startOf"/>.
    /// <paramref name="dayCondition"/> narrows the day rows read (e.g. <c>AND "Day" &gt;= {0} AND "Day" &lt; {1}</c> with
    /// parameters).
    /// </summary>
    public static IEnumerable<string> Inserts(RollupGrain grain, string startOf, string dayCondition)
    {
        var g = (int)grain;
        return
        [
            Insert("AnalyticsReturnsDaily", g, startOf, dayCondition, ["CategoryId", "Status", "Resolution", "ReachedResolved", "WarehouseId"],
                ["Count", "Settled", "SettledWithinServiceLevel", "SettledWithinLegalDeadline", "RefundsPaid", "LabelFeesBorne", "WriteOffs"]),
            Insert("AnalyticsDurationsDaily", g, startOf, dayCondition, ["CategoryId", "Stage", "Bucket", "WarehouseId"], ["Count", "Seconds"]),
            // A product moved to another category within the week or month has day rows of both: one row keeps the larger id.
            $"""
            INSERT INTO "AnalyticsProductRollup" ("Grain", "Day", "ProductId", "CategoryId", "UnitsSold", "UnitsReturned")
            SELECT {g}, {startOf}, "ProductId", MAX("CategoryId"), SUM("UnitsSold"), SUM("UnitsReturned")
            FROM "AnalyticsProductRollup" WHERE "Grain" = 0 {dayCondition} GROUP BY {startOf}, "ProductId"
            """,
            Insert("AnalyticsCategoryRollup", g, startOf, dayCondition, ["CategoryId"], ["UnitsSold", "ValueSold"]),
            Insert("AnalyticsReasonRollup", g, startOf, dayCondition, ["CategoryId", "ReasonId", "WarehouseId"], ["UnitsReturned", "ValueReturned"]),
            Insert("AnalyticsDispositionRollup", g, startOf, dayCondition, ["CategoryId", "Disposition", "WarehouseId"], ["Lines", "Units"]),
        ];
    }

    private static string Insert(string table, int grain, string startOf, string dayCondition, string[] keys, string[] sums)
    {
        var keyList = string.Join(", ", keys.Select(k => $"\"{k}\""));
        var sumNames = string.Join(", ", sums.Select(s => $"\"{s}\""));
        var sumList = string.Join(", ", sums.Select(s => $"SUM(\"{s}\")"));
        return $"""
            INSERT INTO "{table}" ("Grain", "Day", {keyList}, {sumNames})
            SELECT {grain}, {startOf}, {keyList}, {sumList}
            FROM "{table}" WHERE "Grain" = 0 {dayCondition} GROUP BY {startOf}, {keyList}
            """;
    }
}
