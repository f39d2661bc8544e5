using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReturnsPortal.Domain.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AssistAndRouting : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AssistChannel",
                table: "ReturnRequests",
                type: "TEXT",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssistedBy",
                table: "ReturnRequests",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "GoodwillGrantedBy",
                table: "ReturnRequests",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "GoodwillReason",
                table: "ReturnRequests",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsGoodwill",
                table: "ReturnRequests",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "WarehouseId",
                table: "ReturnRequests",
                type: "INTEGER",
                nullable: true);

            // Returns made before routing go to the first warehouse, the one they were always sent to (ADR 0083).
            migrationBuilder.Sql("""UPDATE "ReturnRequests" SET "WarehouseId" = (SELECT MIN("Id") FROM "Warehouses");""");

            // Every existing policy version offered every method: they keep doing so (ADR 0084).
            migrationBuilder.AddColumn<bool>(
                name: "OfferDropOff",
                table: "ReturnPolicies",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "OfferInStore",
                table: "ReturnPolicies",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "OfferPickup",
                table: "ReturnPolicies",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "GoodwillOverride",
                table: "ReturnLines",
                type: "TEXT",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "DropOffPoints",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "ParcelPhotos",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UnidentifiedParcelId = table.Column<int>(type: "INTEGER", nullable: false),
                    FileKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Length = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ParcelPhotos", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ParcelPhotos_UnidentifiedParcels_UnidentifiedParcelId",
                        column: x => x.UnidentifiedParcelId,
                        principalTable: "UnidentifiedParcels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RoutingRules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Condition = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CategoryId = table.Column<int>(type: "INTEGER", nullable: true),
                    Value = table.Column<string>(type: "TEXT", maxLength: 5, nullable: true),
                    WarehouseId = table.Column<int>(type: "INTEGER", nullable: false),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoutingRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RoutingRules_Categories_CategoryId",
                        column: x => x.CategoryId,
                        principalTable: "Categories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_RoutingRules_Warehouses_WarehouseId",
                        column: x => x.WarehouseId,
                        principalTable: "Warehouses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReturnRequests_IsGoodwill_CreatedAt",
                table: "ReturnRequests",
                columns: new[] { "IsGoodwill", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ReturnRequests_WarehouseId",
                table: "ReturnRequests",
                column: "WarehouseId");

            migrationBuilder.CreateIndex(
                name: "IX_ParcelPhotos_UnidentifiedParcelId",
                table: "ParcelPhotos",
                column: "UnidentifiedParcelId");

            migrationBuilder.CreateIndex(
                name: "IX_RoutingRules_CategoryId",
                table: "RoutingRules",
                column: "CategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_RoutingRules_Priority",
                table: "RoutingRules",
                column: "Priority");

            migrationBuilder.CreateIndex(
                name: "IX_RoutingRules_WarehouseId",
                table: "RoutingRules",
                column: "WarehouseId");

            migrationBuilder.AddForeignKey(
                name: "FK_ReturnRequests_Warehouses_WarehouseId",
                table: "ReturnRequests",
                column: "WarehouseId",
                principalTable: "Warehouses",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ReturnRequests_Warehouses_WarehouseId",
                table: "ReturnRequests");

            migrationBuilder.DropTable(
                name: "ParcelPhotos");

            migrationBuilder.DropTable(
                name: "RoutingRules");

            migrationBuilder.DropIndex(
                name: "IX_ReturnRequests_IsGoodwill_CreatedAt",
                table: "ReturnRequests");

            migrationBuilder.DropIndex(
                name: "IX_ReturnRequests_WarehouseId",
                table: "ReturnRequests");

            migrationBuilder.DropColumn(
                name: "AssistChannel",
                table: "ReturnRequests");

            migrationBuilder.DropColumn(
                name: "AssistedBy",
                table: "ReturnRequests");

            migrationBuilder.DropColumn(
                name: "GoodwillGrantedBy",
                table: "ReturnRequests");

            migrationBuilder.DropColumn(
                name: "GoodwillReason",
                table: "ReturnRequests");

            migrationBuilder.DropColumn(
                name: "IsGoodwill",
                table: "ReturnRequests");

            migrationBuilder.DropColumn(
                name: "WarehouseId",
                table: "ReturnRequests");

            migrationBuilder.DropColumn(
                name: "OfferDropOff",
                table: "ReturnPolicies");

            migrationBuilder.DropColumn(
                name: "OfferInStore",
                table: "ReturnPolicies");

            migrationBuilder.DropColumn(
                name: "OfferPickup",
                table: "ReturnPolicies");

            migrationBuilder.DropColumn(
                name: "GoodwillOverride",
                table: "ReturnLines");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "DropOffPoints");
        }
    }
}
