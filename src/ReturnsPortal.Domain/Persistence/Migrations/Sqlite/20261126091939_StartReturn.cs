using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReturnsPortal.Domain.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StartReturn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "IdempotencyKey",
                table: "ReturnRequests",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LabelFeeCurrency",
                table: "ReturnRequests",
                type: "TEXT",
                maxLength: 3,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "LabelFeeMinor",
                table: "ReturnRequests",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "PickupCity",
                table: "ReturnRequests",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "PickupDate",
                table: "ReturnRequests",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PickupLine1",
                table: "ReturnRequests",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PickupLine2",
                table: "ReturnRequests",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PickupPostcode",
                table: "ReturnRequests",
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RefundEstimateCurrency",
                table: "ReturnRequests",
                type: "TEXT",
                maxLength: 3,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "RefundEstimateMinor",
                table: "ReturnRequests",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "ExchangeVariantId",
                table: "ReturnLines",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ReturnDrafts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrderId = table.Column<int>(type: "INTEGER", nullable: false),
                    Data = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReturnDrafts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReturnDrafts_Orders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "Orders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReturnLinePhotos",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReturnLineId = table.Column<int>(type: "INTEGER", nullable: false),
                    FileKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Length = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReturnLinePhotos", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReturnLinePhotos_ReturnLines_ReturnLineId",
                        column: x => x.ReturnLineId,
                        principalTable: "ReturnLines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StockLevels",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    VariantId = table.Column<int>(type: "INTEGER", nullable: false),
                    WarehouseId = table.Column<int>(type: "INTEGER", nullable: false),
                    Bucket = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StockLevels", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StockLevels_ProductVariants_VariantId",
                        column: x => x.VariantId,
                        principalTable: "ProductVariants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StockLevels_Warehouses_WarehouseId",
                        column: x => x.WarehouseId,
                        principalTable: "Warehouses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "StockReservations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReturnLineId = table.Column<int>(type: "INTEGER", nullable: false),
                    VariantId = table.Column<int>(type: "INTEGER", nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StockReservations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StockReservations_ProductVariants_VariantId",
                        column: x => x.VariantId,
                        principalTable: "ProductVariants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StockReservations_ReturnLines_ReturnLineId",
                        column: x => x.ReturnLineId,
                        principalTable: "ReturnLines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReturnRequests_IdempotencyKey",
                table: "ReturnRequests",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReturnLines_ExchangeVariantId",
                table: "ReturnLines",
                column: "ExchangeVariantId");

            migrationBuilder.CreateIndex(
                name: "IX_ReturnDrafts_ExpiresAt",
                table: "ReturnDrafts",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_ReturnDrafts_OrderId",
                table: "ReturnDrafts",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_ReturnLinePhotos_ReturnLineId",
                table: "ReturnLinePhotos",
                column: "ReturnLineId");

            migrationBuilder.CreateIndex(
                name: "IX_StockLevels_VariantId_WarehouseId_Bucket",
                table: "StockLevels",
                columns: new[] { "VariantId", "WarehouseId", "Bucket" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StockLevels_WarehouseId",
                table: "StockLevels",
                column: "WarehouseId");

            migrationBuilder.CreateIndex(
                name: "IX_StockReservations_ReturnLineId",
                table: "StockReservations",
                column: "ReturnLineId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StockReservations_VariantId_Status",
                table: "StockReservations",
                columns: new[] { "VariantId", "Status" });

            migrationBuilder.AddForeignKey(
                name: "FK_ReturnLines_ProductVariants_ExchangeVariantId",
                table: "ReturnLines",
                column: "ExchangeVariantId",
                principalTable: "ProductVariants",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ReturnLines_ProductVariants_ExchangeVariantId",
                table: "ReturnLines");

            migrationBuilder.DropTable(
                name: "ReturnDrafts");

            migrationBuilder.DropTable(
                name: "ReturnLinePhotos");

            migrationBuilder.DropTable(
                name: "StockLevels");

            migrationBuilder.DropTable(
                name: "StockReservations");

            migrationBuilder.DropIndex(
                name: "IX_ReturnRequests_IdempotencyKey",
                table: "ReturnRequests");

            migrationBuilder.DropIndex(
                name: "IX_ReturnLines_ExchangeVariantId",
                table: "ReturnLines");

            migrationBuilder.DropColumn(
                name: "IdempotencyKey",
                table: "ReturnRequests");

            migrationBuilder.DropColumn(
                name: "LabelFeeCurrency",
                table: "ReturnRequests");

            migrationBuilder.DropColumn(
                name: "LabelFeeMinor",
                table: "ReturnRequests");

            migrationBuilder.DropColumn(
                name: "PickupCity",
                table: "ReturnRequests");

            migrationBuilder.DropColumn(
                name: "PickupDate",
                table: "ReturnRequests");

            migrationBuilder.DropColumn(
                name: "PickupLine1",
                table: "ReturnRequests");

            migrationBuilder.DropColumn(
                name: "PickupLine2",
                table: "ReturnRequests");

            migrationBuilder.DropColumn(
                name: "PickupPostcode",
                table: "ReturnRequests");

            migrationBuilder.DropColumn(
                name: "RefundEstimateCurrency",
                table: "ReturnRequests");

            migrationBuilder.DropColumn(
                name: "RefundEstimateMinor",
                table: "ReturnRequests");

            migrationBuilder.DropColumn(
                name: "ExchangeVariantId",
                table: "ReturnLines");
        }
    }
}
