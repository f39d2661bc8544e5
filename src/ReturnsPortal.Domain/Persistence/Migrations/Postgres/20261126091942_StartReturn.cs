using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ReturnsPortal.Domain.Persistence.Migrations.Postgres
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
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LabelFeeCurrency",
                table: "ReturnRequests",
                type: "character varying(3)",
                maxLength: 3,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "LabelFeeMinor",
                table: "ReturnRequests",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "PickupCity",
                table: "ReturnRequests",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "PickupDate",
                table: "ReturnRequests",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PickupLine1",
                table: "ReturnRequests",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PickupLine2",
                table: "ReturnRequests",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PickupPostcode",
                table: "ReturnRequests",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RefundEstimateCurrency",
                table: "ReturnRequests",
                type: "character varying(3)",
                maxLength: 3,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "RefundEstimateMinor",
                table: "ReturnRequests",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "ExchangeVariantId",
                table: "ReturnLines",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ReturnDrafts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrderId = table.Column<int>(type: "integer", nullable: false),
                    Data = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReturnLineId = table.Column<int>(type: "integer", nullable: false),
                    FileKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Length = table.Column<long>(type: "bigint", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    VariantId = table.Column<int>(type: "integer", nullable: false),
                    WarehouseId = table.Column<int>(type: "integer", nullable: false),
                    Bucket = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReturnLineId = table.Column<int>(type: "integer", nullable: false),
                    VariantId = table.Column<int>(type: "integer", nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
