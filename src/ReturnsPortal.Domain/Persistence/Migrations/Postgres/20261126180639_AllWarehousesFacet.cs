using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReturnsPortal.Domain.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AllWarehousesFacet : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // No schema change: the rollups gain all-warehouses rows (WarehouseId -1, ADR 0087 amended). Mark every
            // rolled-up day so that the next catch-up recomputes it with them; until then the unfiltered figures of
            // those days would read nothing.
            migrationBuilder.Sql(
                "INSERT INTO \"AnalyticsRollupMarks\" (\"Day\") SELECT \"Day\" FROM \"AnalyticsReturnsDaily\" WHERE \"Grain\" = 0 "
                + "UNION SELECT \"Day\" FROM \"AnalyticsDispositionRollup\" WHERE \"Grain\" = 0;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The older reader sums every warehouse row: the all-warehouses rows would count twice there.
            migrationBuilder.Sql(
                "DELETE FROM \"AnalyticsReturnsDaily\" WHERE \"WarehouseId\" = -1; DELETE FROM \"AnalyticsDurationsDaily\" WHERE \"WarehouseId\" = -1; "
                + "DELETE FROM \"AnalyticsReasonRollup\" WHERE \"WarehouseId\" = -1; DELETE FROM \"AnalyticsDispositionRollup\" WHERE \"WarehouseId\" = -1;");
        }
    }
}
