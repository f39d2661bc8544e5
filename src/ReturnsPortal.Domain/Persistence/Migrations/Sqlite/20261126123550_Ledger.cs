using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReturnsPortal.Domain.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Ledger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ReplacementShipmentId",
                table: "StockReservations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "WarehouseId",
                table: "StockReservations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Reserved",
                table: "StockLevels",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "UpdatedAt",
                table: "StockLevels",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "StockLevels",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "UnitCostMinor",
                table: "Products",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ReplacementShipments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReturnRequestId = table.Column<int>(type: "INTEGER", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReplacementShipments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReplacementShipments_ReturnRequests_ReturnRequestId",
                        column: x => x.ReturnRequestId,
                        principalTable: "ReturnRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "StockMovements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    VariantId = table.Column<int>(type: "INTEGER", nullable: false),
                    WarehouseId = table.Column<int>(type: "INTEGER", nullable: false),
                    Bucket = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    Reserved = table.Column<int>(type: "INTEGER", nullable: false),
                    QuantityAfter = table.Column<int>(type: "INTEGER", nullable: false),
                    Cause = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    ReturnLineId = table.Column<int>(type: "INTEGER", nullable: true),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CostMinor = table.Column<long>(type: "INTEGER", nullable: true),
                    CostCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StockMovements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StockMovements_ProductVariants_VariantId",
                        column: x => x.VariantId,
                        principalTable: "ProductVariants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StockMovements_ReturnLines_ReturnLineId",
                        column: x => x.ReturnLineId,
                        principalTable: "ReturnLines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StockMovements_Warehouses_WarehouseId",
                        column: x => x.WarehouseId,
                        principalTable: "Warehouses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StockReservations_ReplacementShipmentId",
                table: "StockReservations",
                column: "ReplacementShipmentId");

            migrationBuilder.CreateIndex(
                name: "IX_StockReservations_WarehouseId",
                table: "StockReservations",
                column: "WarehouseId");

            migrationBuilder.CreateIndex(
                name: "IX_StockLevels_UpdatedAt_Id",
                table: "StockLevels",
                columns: new[] { "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ReplacementShipments_ReturnRequestId",
                table: "ReplacementShipments",
                column: "ReturnRequestId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StockMovements_IdempotencyKey",
                table: "StockMovements",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StockMovements_ReturnLineId",
                table: "StockMovements",
                column: "ReturnLineId");

            migrationBuilder.CreateIndex(
                name: "IX_StockMovements_VariantId_At",
                table: "StockMovements",
                columns: new[] { "VariantId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_StockMovements_WarehouseId",
                table: "StockMovements",
                column: "WarehouseId");

            migrationBuilder.AddForeignKey(
                name: "FK_StockReservations_ReplacementShipments_ReplacementShipmentId",
                table: "StockReservations",
                column: "ReplacementShipmentId",
                principalTable: "ReplacementShipments",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_StockReservations_Warehouses_WarehouseId",
                table: "StockReservations",
                column: "WarehouseId",
                principalTable: "Warehouses",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            // Levels from before the ledger get an opening Import movement, so each level equals the sum of its movements.
            migrationBuilder.Sql(
                "INSERT INTO \"StockMovements\" (\"VariantId\", \"WarehouseId\", \"Bucket\", \"Quantity\", \"Reserved\", \"QuantityAfter\", " +
                "\"Cause\", \"Actor\", \"At\", \"IdempotencyKey\") " +
                "SELECT \"VariantId\", \"WarehouseId\", \"Bucket\", \"Quantity\", 0, \"Quantity\", 'Import', 'system', CURRENT_TIMESTAMP, " +
                "'opening:' || \"Id\" FROM \"StockLevels\" WHERE \"Quantity\" <> 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_StockReservations_ReplacementShipments_ReplacementShipmentId",
                table: "StockReservations");

            migrationBuilder.DropForeignKey(
                name: "FK_StockReservations_Warehouses_WarehouseId",
                table: "StockReservations");

            migrationBuilder.DropTable(
                name: "ReplacementShipments");

            migrationBuilder.DropTable(
                name: "StockMovements");

            migrationBuilder.DropIndex(
                name: "IX_StockReservations_ReplacementShipmentId",
                table: "StockReservations");

            migrationBuilder.DropIndex(
                name: "IX_StockReservations_WarehouseId",
                table: "StockReservations");

            migrationBuilder.DropIndex(
                name: "IX_StockLevels_UpdatedAt_Id",
                table: "StockLevels");

            migrationBuilder.DropColumn(
                name: "ReplacementShipmentId",
                table: "StockReservations");

            migrationBuilder.DropColumn(
                name: "WarehouseId",
                table: "StockReservations");

            migrationBuilder.DropColumn(
                name: "Reserved",
                table: "StockLevels");

            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                table: "StockLevels");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "StockLevels");

            migrationBuilder.DropColumn(
                name: "UnitCostMinor",
                table: "Products");
        }
    }
}
