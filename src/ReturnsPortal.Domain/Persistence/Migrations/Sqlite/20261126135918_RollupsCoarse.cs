using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReturnsPortal.Domain.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RollupsCoarse : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_AnalyticsReturnsDaily",
                table: "AnalyticsReturnsDaily");

            migrationBuilder.DropPrimaryKey(
                name: "PK_AnalyticsDurationsDaily",
                table: "AnalyticsDurationsDaily");

            migrationBuilder.AddColumn<int>(
                name: "Grain",
                table: "AnalyticsReturnsDaily",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Grain",
                table: "AnalyticsDurationsDaily",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddPrimaryKey(
                name: "PK_AnalyticsReturnsDaily",
                table: "AnalyticsReturnsDaily",
                columns: new[] { "CategoryId", "Grain", "Day", "Status", "Resolution", "ReachedResolved" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_AnalyticsDurationsDaily",
                table: "AnalyticsDurationsDaily",
                columns: new[] { "CategoryId", "Grain", "Day", "Stage", "Bucket" });

            migrationBuilder.CreateTable(
                name: "AnalyticsCategoryRollup",
                columns: table => new
                {
                    Grain = table.Column<int>(type: "INTEGER", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CategoryId = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitsSold = table.Column<int>(type: "INTEGER", nullable: false),
                    ValueSold = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsCategoryRollup", x => new { x.Grain, x.Day, x.CategoryId });
                });

            migrationBuilder.CreateTable(
                name: "AnalyticsProductRollup",
                columns: table => new
                {
                    Grain = table.Column<int>(type: "INTEGER", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ProductId = table.Column<int>(type: "INTEGER", nullable: false),
                    CategoryId = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitsSold = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitsReturned = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsProductRollup", x => new { x.Grain, x.Day, x.ProductId });
                });

            migrationBuilder.CreateTable(
                name: "AnalyticsReasonRollup",
                columns: table => new
                {
                    Grain = table.Column<int>(type: "INTEGER", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CategoryId = table.Column<int>(type: "INTEGER", nullable: false),
                    ReasonId = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitsReturned = table.Column<int>(type: "INTEGER", nullable: false),
                    ValueReturned = table.Column<long>(type: "INTEGER", nullable: false)
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

            migrationBuilder.DropPrimaryKey(
                name: "PK_AnalyticsReturnsDaily",
                table: "AnalyticsReturnsDaily");

            migrationBuilder.DropIndex(
                name: "IX_AnalyticsReturnLinesDaily_ProductId_Day",
                table: "AnalyticsReturnLinesDaily");

            migrationBuilder.DropPrimaryKey(
                name: "PK_AnalyticsDurationsDaily",
                table: "AnalyticsDurationsDaily");

            migrationBuilder.DropColumn(
                name: "Grain",
                table: "AnalyticsReturnsDaily");

            migrationBuilder.DropColumn(
                name: "Grain",
                table: "AnalyticsDurationsDaily");

            migrationBuilder.AddPrimaryKey(
                name: "PK_AnalyticsReturnsDaily",
                table: "AnalyticsReturnsDaily",
                columns: new[] { "CategoryId", "Day", "Status", "Resolution", "ReachedResolved" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_AnalyticsDurationsDaily",
                table: "AnalyticsDurationsDaily",
                columns: new[] { "CategoryId", "Day", "Stage", "Bucket" });
        }
    }
}
