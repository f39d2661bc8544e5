using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReturnsPortal.Domain.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MonthGrain : Migration
    {
        /// <summary>
        /// The month rows of ADR 0090 summed from the day rows already there, as the rollups stand at this migration.
        /// Frozen here rather than taken from <c>CoarseRowsSql</c>, which follows later rollup columns; a test checks
        /// these give the same rows as the builder.
        /// </summary>
        internal static readonly string[] MonthRows =
        [
            """
            INSERT INTO "AnalyticsReturnsDaily" ("Grain", "Day", "CategoryId", "Status", "Resolution", "ReachedResolved", "WarehouseId", "Count", "Settled", "SettledWithinServiceLevel", "SettledWithinLegalDeadline", "RefundsPaid", "LabelFeesBorne", "WriteOffs")
            SELECT 2, date("Day", 'start of month'), "CategoryId", "Status", "Resolution", "ReachedResolved", "WarehouseId", SUM("Count"), SUM("Settled"), SUM("SettledWithinServiceLevel"), SUM("SettledWithinLegalDeadline"), SUM("RefundsPaid"), SUM("LabelFeesBorne"), SUM("WriteOffs")
            FROM "AnalyticsReturnsDaily" WHERE "Grain" = 0 GROUP BY date("Day", 'start of month'), "CategoryId", "Status", "Resolution", "ReachedResolved", "WarehouseId"
            """,
            """
            INSERT INTO "AnalyticsDurationsDaily" ("Grain", "Day", "CategoryId", "Stage", "Bucket", "WarehouseId", "Count", "Seconds")
            SELECT 2, date("Day", 'start of month'), "CategoryId", "Stage", "Bucket", "WarehouseId", SUM("Count"), SUM("Seconds")
            FROM "AnalyticsDurationsDaily" WHERE "Grain" = 0 GROUP BY date("Day", 'start of month'), "CategoryId", "Stage", "Bucket", "WarehouseId"
            """,
            """
            INSERT INTO "AnalyticsProductRollup" ("Grain", "Day", "ProductId", "CategoryId", "UnitsSold", "UnitsReturned")
            SELECT 2, date("Day", 'start of month'), "ProductId", MAX("CategoryId"), SUM("UnitsSold"), SUM("UnitsReturned")
            FROM "AnalyticsProductRollup" WHERE "Grain" = 0 GROUP BY date("Day", 'start of month'), "ProductId"
            """,
            """
            INSERT INTO "AnalyticsCategoryRollup" ("Grain", "Day", "CategoryId", "UnitsSold", "ValueSold")
            SELECT 2, date("Day", 'start of month'), "CategoryId", SUM("UnitsSold"), SUM("ValueSold")
            FROM "AnalyticsCategoryRollup" WHERE "Grain" = 0 GROUP BY date("Day", 'start of month'), "CategoryId"
            """,
            """
            INSERT INTO "AnalyticsReasonRollup" ("Grain", "Day", "CategoryId", "ReasonId", "WarehouseId", "UnitsReturned", "ValueReturned")
            SELECT 2, date("Day", 'start of month'), "CategoryId", "ReasonId", "WarehouseId", SUM("UnitsReturned"), SUM("ValueReturned")
            FROM "AnalyticsReasonRollup" WHERE "Grain" = 0 GROUP BY date("Day", 'start of month'), "CategoryId", "ReasonId", "WarehouseId"
            """,
            """
            INSERT INTO "AnalyticsDispositionRollup" ("Grain", "Day", "CategoryId", "Disposition", "WarehouseId", "Lines", "Units")
            SELECT 2, date("Day", 'start of month'), "CategoryId", "Disposition", "WarehouseId", SUM("Lines"), SUM("Units")
            FROM "AnalyticsDispositionRollup" WHERE "Grain" = 0 GROUP BY date("Day", 'start of month'), "CategoryId", "Disposition", "WarehouseId"
            """,
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsReturnsDaily_Grain_Day",
                table: "AnalyticsReturnsDaily",
                columns: new[] { "Grain", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsDurationsDaily_Grain_Day",
                table: "AnalyticsDurationsDaily",
                columns: new[] { "Grain", "Day" });

            foreach (var statement in MonthRows)
            {
                migrationBuilder.Sql(statement);
            }
            // Reports cached by a running instance were computed without month rows: same figures, but say they changed.
            migrationBuilder.Sql("""UPDATE "AnalyticsRollupState" SET "Generation" = "Generation" + 1""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in new[] { "AnalyticsReturnsDaily", "AnalyticsDurationsDaily", "AnalyticsProductRollup", "AnalyticsCategoryRollup", "AnalyticsReasonRollup", "AnalyticsDispositionRollup" })
            {
                migrationBuilder.Sql($"DELETE FROM \"{table}\" WHERE \"Grain\" = 2");
            }

            migrationBuilder.DropIndex(
                name: "IX_AnalyticsReturnsDaily_Grain_Day",
                table: "AnalyticsReturnsDaily");

            migrationBuilder.DropIndex(
                name: "IX_AnalyticsDurationsDaily_Grain_Day",
                table: "AnalyticsDurationsDaily");
        }
    }
}
