using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ReturnsPortal.Domain.Persistence.Migrations.Postgres
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProductId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    FirstDetectedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastSeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReopenedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AcknowledgedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    AcknowledgedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AcknowledgementNote = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    AcknowledgedSeverity = table.Column<double>(type: "double precision", nullable: true),
                    AcknowledgedReasonId = table.Column<int>(type: "integer", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Current_CategoryRate = table.Column<double>(type: "double precision", nullable: true),
                    Current_ReasonId = table.Column<int>(type: "integer", nullable: false),
                    Current_ReasonShare = table.Column<double>(type: "double precision", nullable: false),
                    Current_ReasonUnits = table.Column<long>(type: "bigint", nullable: false),
                    Current_ReturnRate = table.Column<double>(type: "double precision", nullable: true),
                    Current_UnitsReturned = table.Column<long>(type: "bigint", nullable: false),
                    Current_UnitsSold = table.Column<long>(type: "bigint", nullable: false),
                    Detected_CategoryRate = table.Column<double>(type: "double precision", nullable: true),
                    Detected_ReasonId = table.Column<int>(type: "integer", nullable: false),
                    Detected_ReasonShare = table.Column<double>(type: "double precision", nullable: false),
                    Detected_ReasonUnits = table.Column<long>(type: "bigint", nullable: false),
                    Detected_ReturnRate = table.Column<double>(type: "double precision", nullable: true),
                    Detected_UnitsReturned = table.Column<long>(type: "bigint", nullable: false),
                    Detected_UnitsSold = table.Column<long>(type: "bigint", nullable: false)
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
