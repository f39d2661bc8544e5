using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ReturnsPortal.Domain.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WarehouseFlow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ChecklistPassed",
                table: "ReturnLines",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Grade",
                table: "ReturnLines",
                type: "character varying(1)",
                maxLength: 1,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "InspectedAt",
                table: "ReturnLines",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "InspectedBy",
                table: "ReturnLines",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "InspectionNotes",
                table: "ReturnLines",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "QuantityReceived",
                table: "ReturnLines",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReceiptOutcome",
                table: "ReturnLines",
                type: "character varying(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SerialCheck",
                table: "ReturnLines",
                type: "character varying(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "LineDecisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReturnLineId = table.Column<int>(type: "integer", nullable: false),
                    Verdict = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Disposition = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    DecidedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DeductionCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    DeductionMinor = table.Column<long>(type: "bigint", nullable: false),
                    LabelFeeCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    LabelFeeMinor = table.Column<long>(type: "bigint", nullable: false),
                    PricePaidCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    PricePaidMinor = table.Column<long>(type: "bigint", nullable: false),
                    RestockingFeeCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    RestockingFeeMinor = table.Column<long>(type: "bigint", nullable: false),
                    TotalCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    TotalMinor = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LineDecisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LineDecisions_ReturnLines_ReturnLineId",
                        column: x => x.ReturnLineId,
                        principalTable: "ReturnLines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Settlements",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReturnRequestId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    AmountCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    AmountMinor = table.Column<long>(type: "bigint", nullable: false),
                    BonusCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    BonusMinor = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Settlements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Settlements_ReturnRequests_ReturnRequestId",
                        column: x => x.ReturnRequestId,
                        principalTable: "ReturnRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "UnidentifiedParcels",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SenderName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Postcode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    CarrierTrackingNumber = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    Notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReceivedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ReturnRequestId = table.Column<int>(type: "integer", nullable: true),
                    LinkedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LinkedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnidentifiedParcels", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UnidentifiedParcels_ReturnRequests_ReturnRequestId",
                        column: x => x.ReturnRequestId,
                        principalTable: "ReturnRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LineDecisions_ReturnLineId",
                table: "LineDecisions",
                column: "ReturnLineId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Settlements_IdempotencyKey",
                table: "Settlements",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Settlements_ReturnRequestId",
                table: "Settlements",
                column: "ReturnRequestId");

            migrationBuilder.CreateIndex(
                name: "IX_UnidentifiedParcels_ReturnRequestId",
                table: "UnidentifiedParcels",
                column: "ReturnRequestId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LineDecisions");

            migrationBuilder.DropTable(
                name: "Settlements");

            migrationBuilder.DropTable(
                name: "UnidentifiedParcels");

            migrationBuilder.DropColumn(
                name: "ChecklistPassed",
                table: "ReturnLines");

            migrationBuilder.DropColumn(
                name: "Grade",
                table: "ReturnLines");

            migrationBuilder.DropColumn(
                name: "InspectedAt",
                table: "ReturnLines");

            migrationBuilder.DropColumn(
                name: "InspectedBy",
                table: "ReturnLines");

            migrationBuilder.DropColumn(
                name: "InspectionNotes",
                table: "ReturnLines");

            migrationBuilder.DropColumn(
                name: "QuantityReceived",
                table: "ReturnLines");

            migrationBuilder.DropColumn(
                name: "ReceiptOutcome",
                table: "ReturnLines");

            migrationBuilder.DropColumn(
                name: "SerialCheck",
                table: "ReturnLines");
        }
    }
}
