using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ReturnsPortal.Domain.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Routing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "WarehouseId",
                table: "ReturnRequests",
                type: "integer",
                nullable: true);

            // Every existing policy version offered every method: they keep doing so.
            migrationBuilder.AddColumn<bool>(
                name: "OfferDropOff",
                table: "ReturnPolicies",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "OfferInStore",
                table: "ReturnPolicies",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "OfferPickup",
                table: "ReturnPolicies",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "DropOffPoints",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Returns made before routing go to the first warehouse, the one they were always sent to (ADR 0083).
            migrationBuilder.Sql("""UPDATE "ReturnRequests" SET "WarehouseId" = (SELECT MIN("Id") FROM "Warehouses");""");

            migrationBuilder.CreateTable(
                name: "RoutingRules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Condition = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CategoryId = table.Column<int>(type: "integer", nullable: true),
                    Value = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    WarehouseId = table.Column<int>(type: "integer", nullable: false),
                    Priority = table.Column<int>(type: "integer", nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
                name: "IX_ReturnRequests_WarehouseId",
                table: "ReturnRequests",
                column: "WarehouseId");

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
                name: "RoutingRules");

            migrationBuilder.DropIndex(
                name: "IX_ReturnRequests_WarehouseId",
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
                name: "Version",
                table: "DropOffPoints");
        }
    }
}
