using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReturnsPortal.Domain.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Analytics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AnalyticsDurationsDaily",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CategoryId = table.Column<int>(type: "INTEGER", nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Bucket = table.Column<int>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    Seconds = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsDurationsDaily", x => new { x.CategoryId, x.Day, x.Stage, x.Bucket });
                });

            migrationBuilder.CreateTable(
                name: "AnalyticsReturnLinesDaily",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ProductId = table.Column<int>(type: "INTEGER", nullable: false),
                    ReasonId = table.Column<int>(type: "INTEGER", nullable: false),
                    CategoryId = table.Column<int>(type: "INTEGER", nullable: false),
                    Units = table.Column<long>(type: "INTEGER", nullable: false),
                    Value = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsReturnLinesDaily", x => new { x.Day, x.ProductId, x.ReasonId });
                });

            migrationBuilder.CreateTable(
                name: "AnalyticsReturnsDaily",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CategoryId = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Resolution = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    ReachedResolved = table.Column<bool>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    Settled = table.Column<int>(type: "INTEGER", nullable: false),
                    SettledWithinServiceLevel = table.Column<int>(type: "INTEGER", nullable: false),
                    SettledWithinLegalDeadline = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsReturnsDaily", x => new { x.CategoryId, x.Day, x.Status, x.Resolution, x.ReachedResolved });
                });

            migrationBuilder.CreateTable(
                name: "AnalyticsRollupMarks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsRollupMarks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AnalyticsSalesDaily",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ProductId = table.Column<int>(type: "INTEGER", nullable: false),
                    CategoryId = table.Column<int>(type: "INTEGER", nullable: false),
                    Units = table.Column<long>(type: "INTEGER", nullable: false),
                    Value = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsSalesDaily", x => new { x.Day, x.ProductId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReturnRequests_CreatedAt",
                table: "ReturnRequests",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsReturnLinesDaily_CategoryId_Day",
                table: "AnalyticsReturnLinesDaily",
                columns: new[] { "CategoryId", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsSalesDaily_CategoryId_Day",
                table: "AnalyticsSalesDaily",
                columns: new[] { "CategoryId", "Day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnalyticsDurationsDaily");

            migrationBuilder.DropTable(
                name: "AnalyticsReturnLinesDaily");

            migrationBuilder.DropTable(
                name: "AnalyticsReturnsDaily");

            migrationBuilder.DropTable(
                name: "AnalyticsRollupMarks");

            migrationBuilder.DropTable(
                name: "AnalyticsSalesDaily");

            migrationBuilder.DropIndex(
                name: "IX_ReturnRequests_CreatedAt",
                table: "ReturnRequests");
        }
    }
}
