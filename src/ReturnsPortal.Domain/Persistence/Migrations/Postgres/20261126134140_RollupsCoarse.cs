using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReturnsPortal.Domain.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RollupsCoarse : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AnalyticsCategoryRollup",
                columns: table => new
                {
                    Grain = table.Column<int>(type: "integer", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    CategoryId = table.Column<int>(type: "integer", nullable: false),
                    UnitsSold = table.Column<int>(type: "integer", nullable: false),
                    ValueSold = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsCategoryRollup", x => new { x.Grain, x.Day, x.CategoryId });
                });

            migrationBuilder.CreateTable(
                name: "AnalyticsProductRollup",
                columns: table => new
                {
                    Grain = table.Column<int>(type: "integer", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    ProductId = table.Column<int>(type: "integer", nullable: false),
                    CategoryId = table.Column<int>(type: "integer", nullable: false),
                    UnitsSold = table.Column<int>(type: "integer", nullable: false),
                    UnitsReturned = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsProductRollup", x => new { x.Grain, x.Day, x.ProductId });
                });

            migrationBuilder.CreateTable(
                name: "AnalyticsReasonRollup",
                columns: table => new
                {
                    Grain = table.Column<int>(type: "integer", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    CategoryId = table.Column<int>(type: "integer", nullable: false),
                    ReasonId = table.Column<int>(type: "integer", nullable: false),
                    UnitsReturned = table.Column<int>(type: "integer", nullable: false),
                    ValueReturned = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsReasonRollup", x => new { x.Grain, x.Day, x.CategoryId, x.ReasonId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsReturnLinesDaily_ProductId_Day",
                table: "AnalyticsReturnLinesDaily",
                columns: new[] { "ProductId", "Day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnalyticsCategoryRollup");

            migrationBuilder.DropTable(
                name: "AnalyticsProductRollup");

            migrationBuilder.DropTable(
                name: "AnalyticsReasonRollup");

            migrationBuilder.DropIndex(
                name: "IX_AnalyticsReturnLinesDaily_ProductId_Day",
                table: "AnalyticsReturnLinesDaily");
        }
    }
}
