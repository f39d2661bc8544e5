using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReturnsPortal.Domain.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReturnCosts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LabelFeesBorne",
                table: "AnalyticsReturnsDaily",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "RefundsPaid",
                table: "AnalyticsReturnsDaily",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "WriteOffs",
                table: "AnalyticsReturnsDaily",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "AnalyticsDispositionRollup",
                columns: table => new
                {
                    Grain = table.Column<int>(type: "integer", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    CategoryId = table.Column<int>(type: "integer", nullable: false),
                    Disposition = table.Column<int>(type: "integer", nullable: false),
                    Lines = table.Column<int>(type: "integer", nullable: false),
                    Units = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsDispositionRollup", x => new { x.Grain, x.Day, x.CategoryId, x.Disposition });
                });

            migrationBuilder.CreateIndex(
                name: "IX_LineDecisions_DecidedAt",
                table: "LineDecisions",
                column: "DecidedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnalyticsDispositionRollup");

            migrationBuilder.DropIndex(
                name: "IX_LineDecisions_DecidedAt",
                table: "LineDecisions");

            migrationBuilder.DropColumn(
                name: "LabelFeesBorne",
                table: "AnalyticsReturnsDaily");

            migrationBuilder.DropColumn(
                name: "RefundsPaid",
                table: "AnalyticsReturnsDaily");

            migrationBuilder.DropColumn(
                name: "WriteOffs",
                table: "AnalyticsReturnsDaily");
        }
    }
}
