using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReturnsPortal.Domain.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AnalyticsAlerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AnalyticsAlerts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProductId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    FirstDetectedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReopenedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AcknowledgedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    AcknowledgedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AcknowledgementNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    AcknowledgedSeverity = table.Column<double>(type: "REAL", nullable: true),
                    AcknowledgedReasonId = table.Column<int>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Current_CategoryRate = table.Column<double>(type: "REAL", nullable: true),
                    Current_ReasonId = table.Column<int>(type: "INTEGER", nullable: false),
                    Current_ReasonShare = table.Column<double>(type: "REAL", nullable: false),
                    Current_ReasonUnits = table.Column<long>(type: "INTEGER", nullable: false),
                    Current_ReturnRate = table.Column<double>(type: "REAL", nullable: true),
                    Current_UnitsReturned = table.Column<long>(type: "INTEGER", nullable: false),
                    Current_UnitsSold = table.Column<long>(type: "INTEGER", nullable: false),
                    Detected_CategoryRate = table.Column<double>(type: "REAL", nullable: true),
                    Detected_ReasonId = table.Column<int>(type: "INTEGER", nullable: false),
                    Detected_ReasonShare = table.Column<double>(type: "REAL", nullable: false),
                    Detected_ReasonUnits = table.Column<long>(type: "INTEGER", nullable: false),
                    Detected_ReturnRate = table.Column<double>(type: "REAL", nullable: true),
                    Detected_UnitsReturned = table.Column<long>(type: "INTEGER", nullable: false),
                    Detected_UnitsSold = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsAlerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AnalyticsAlerts_Products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "Products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsAlerts_ProductId_Kind",
                table: "AnalyticsAlerts",
                columns: new[] { "ProductId", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsAlerts_Status_LastSeenAt",
                table: "AnalyticsAlerts",
                columns: new[] { "Status", "LastSeenAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnalyticsAlerts");
        }
    }
}
