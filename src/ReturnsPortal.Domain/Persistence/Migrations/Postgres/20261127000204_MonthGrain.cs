using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReturnsPortal.Domain.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MonthGrain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AnalyticsReturnLinesDaily_ProductId_Day",
                table: "AnalyticsReturnLinesDaily");

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsReturnsDaily_Grain_Day",
                table: "AnalyticsReturnsDaily",
                columns: new[] { "Grain", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsReturnLinesDaily_ProductId_Day",
                table: "AnalyticsReturnLinesDaily",
                columns: new[] { "ProductId", "Day" })
                .Annotation("Npgsql:IndexInclude", new[] { "ReasonId", "CategoryId", "Units" });

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsDurationsDaily_Grain_Day",
                table: "AnalyticsDurationsDaily",
                columns: new[] { "Grain", "Day" });

            // Month rows (ADR 0090) summed from the day rows already there.
            foreach (var statement in ReturnsPortal.Domain.Analytics.CoarseRowsSql.Inserts(ReturnsPortal.Domain.Analytics.RollupGrain.Month, ReturnsPortal.Domain.Analytics.CoarseRowsSql.PostgresMonthOf))
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
                name: "IX_AnalyticsReturnLinesDaily_ProductId_Day",
                table: "AnalyticsReturnLinesDaily");

            migrationBuilder.DropIndex(
                name: "IX_AnalyticsDurationsDaily_Grain_Day",
                table: "AnalyticsDurationsDaily");

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsReturnLinesDaily_ProductId_Day",
                table: "AnalyticsReturnLinesDaily",
                columns: new[] { "ProductId", "Day" });
        }
    }
}
