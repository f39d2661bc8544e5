using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReturnsPortal.Domain.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AnalyticsFilters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_AnalyticsReturnsDaily",
                table: "AnalyticsReturnsDaily");

            migrationBuilder.DropPrimaryKey(
                name: "PK_AnalyticsReasonRollup",
                table: "AnalyticsReasonRollup");

            migrationBuilder.DropPrimaryKey(
                name: "PK_AnalyticsDurationsDaily",
                table: "AnalyticsDurationsDaily");

            migrationBuilder.DropPrimaryKey(
                name: "PK_AnalyticsDispositionRollup",
                table: "AnalyticsDispositionRollup");

            migrationBuilder.AddColumn<int>(
                name: "WarehouseId",
                table: "AnalyticsReturnsDaily",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "WarehouseId",
                table: "AnalyticsReasonRollup",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "WarehouseId",
                table: "AnalyticsDurationsDaily",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "WarehouseId",
                table: "AnalyticsDispositionRollup",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddPrimaryKey(
                name: "PK_AnalyticsReturnsDaily",
                table: "AnalyticsReturnsDaily",
                columns: new[] { "CategoryId", "Grain", "Day", "Status", "Resolution", "ReachedResolved", "WarehouseId" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_AnalyticsReasonRollup",
                table: "AnalyticsReasonRollup",
                columns: new[] { "Grain", "Day", "CategoryId", "ReasonId", "WarehouseId" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_AnalyticsDurationsDaily",
                table: "AnalyticsDurationsDaily",
                columns: new[] { "CategoryId", "Grain", "Day", "Stage", "Bucket", "WarehouseId" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_AnalyticsDispositionRollup",
                table: "AnalyticsDispositionRollup",
                columns: new[] { "Grain", "Day", "CategoryId", "Disposition", "WarehouseId" });

            // Existing rows say "not routed" (0): mark their days so that the next catch-up recomputes them with the
            // return's warehouse (ADR 0087). A large shop may run RollupBuilder.RebuildAsync instead.
            migrationBuilder.Sql(
                "INSERT INTO \"AnalyticsRollupMarks\" (\"Day\") SELECT \"Day\" FROM \"AnalyticsReturnsDaily\" WHERE \"Grain\" = 0 "
                + "UNION SELECT \"Day\" FROM \"AnalyticsDispositionRollup\" WHERE \"Grain\" = 0;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_AnalyticsReturnsDaily",
                table: "AnalyticsReturnsDaily");

            migrationBuilder.DropPrimaryKey(
                name: "PK_AnalyticsReasonRollup",
                table: "AnalyticsReasonRollup");

            migrationBuilder.DropPrimaryKey(
                name: "PK_AnalyticsDurationsDaily",
                table: "AnalyticsDurationsDaily");

            migrationBuilder.DropPrimaryKey(
                name: "PK_AnalyticsDispositionRollup",
                table: "AnalyticsDispositionRollup");

            migrationBuilder.DropColumn(
                name: "WarehouseId",
                table: "AnalyticsReturnsDaily");

            migrationBuilder.DropColumn(
                name: "WarehouseId",
                table: "AnalyticsReasonRollup");

            migrationBuilder.DropColumn(
                name: "WarehouseId",
                table: "AnalyticsDurationsDaily");

            migrationBuilder.DropColumn(
                name: "WarehouseId",
                table: "AnalyticsDispositionRollup");

            migrationBuilder.AddPrimaryKey(
                name: "PK_AnalyticsReturnsDaily",
                table: "AnalyticsReturnsDaily",
                columns: new[] { "CategoryId", "Grain", "Day", "Status", "Resolution", "ReachedResolved" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_AnalyticsReasonRollup",
                table: "AnalyticsReasonRollup",
                columns: new[] { "Grain", "Day", "CategoryId", "ReasonId" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_AnalyticsDurationsDaily",
                table: "AnalyticsDurationsDaily",
                columns: new[] { "CategoryId", "Grain", "Day", "Stage", "Bucket" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_AnalyticsDispositionRollup",
                table: "AnalyticsDispositionRollup",
                columns: new[] { "Grain", "Day", "CategoryId", "Disposition" });
        }
    }
}
