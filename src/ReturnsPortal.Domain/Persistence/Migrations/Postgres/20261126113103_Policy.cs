using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ReturnsPortal.Domain.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    /// <remarks>Existing policies become version 1 with the former built-in deductions (10/30/100 %), 30-day labels, 14-day refunds.</remarks>
    public partial class Policy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ChangeNote",
                table: "ReturnPolicies",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ChangeSummary",
                table: "ReturnPolicies",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "DeductionPercentA",
                table: "ReturnPolicies",
                type: "numeric(5,2)",
                precision: 5,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<decimal>(
                name: "DeductionPercentB",
                table: "ReturnPolicies",
                type: "numeric(5,2)",
                precision: 5,
                scale: 2,
                nullable: false,
                defaultValue: 10m);

            migrationBuilder.AddColumn<decimal>(
                name: "DeductionPercentC",
                table: "ReturnPolicies",
                type: "numeric(5,2)",
                precision: 5,
                scale: 2,
                nullable: false,
                defaultValue: 30m);

            migrationBuilder.AddColumn<decimal>(
                name: "DeductionPercentD",
                table: "ReturnPolicies",
                type: "numeric(5,2)",
                precision: 5,
                scale: 2,
                nullable: false,
                defaultValue: 100m);

            migrationBuilder.AddColumn<int>(
                name: "LabelValidityDays",
                table: "ReturnPolicies",
                type: "integer",
                nullable: false,
                defaultValue: 30);

            migrationBuilder.AddColumn<DateTime>(
                name: "PublishedAt",
                table: "ReturnPolicies",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PublishedBy",
                table: "ReturnPolicies",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RefundServiceDays",
                table: "ReturnPolicies",
                type: "integer",
                nullable: false,
                defaultValue: 14);

            migrationBuilder.AddColumn<DateTime>(
                name: "SupersededAt",
                table: "ReturnPolicies",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "VersionNumber",
                table: "ReturnPolicies",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Reasons",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AlterColumn<int>(
                name: "WindowDays",
                table: "PolicyCategoryOverride",
                type: "integer",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "integer");

            migrationBuilder.AddColumn<string>(
                name: "NonReturnable",
                table: "PolicyCategoryOverride",
                type: "character varying(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "RestockingFeePercent",
                table: "PolicyCategoryOverride",
                type: "numeric(5,2)",
                precision: 5,
                scale: 2,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PolicyProductOverride",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PolicyId = table.Column<int>(type: "integer", nullable: false),
                    ProductId = table.Column<int>(type: "integer", nullable: false),
                    WindowDays = table.Column<int>(type: "integer", nullable: true),
                    NonReturnable = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PolicyProductOverride", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PolicyProductOverride_Products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "Products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PolicyProductOverride_ReturnPolicies_PolicyId",
                        column: x => x.PolicyId,
                        principalTable: "ReturnPolicies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PolicySeasonalExtension",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PolicyId = table.Column<int>(type: "integer", nullable: false),
                    PurchasedFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    PurchasedTo = table.Column<DateOnly>(type: "date", nullable: false),
                    ReturnableUntil = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PolicySeasonalExtension", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PolicySeasonalExtension_ReturnPolicies_PolicyId",
                        column: x => x.PolicyId,
                        principalTable: "ReturnPolicies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReturnPolicies_Name_VersionNumber",
                table: "ReturnPolicies",
                columns: new[] { "Name", "VersionNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PolicyProductOverride_PolicyId_ProductId",
                table: "PolicyProductOverride",
                columns: new[] { "PolicyId", "ProductId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PolicyProductOverride_ProductId",
                table: "PolicyProductOverride",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_PolicySeasonalExtension_PolicyId",
                table: "PolicySeasonalExtension",
                column: "PolicyId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PolicyProductOverride");

            migrationBuilder.DropTable(
                name: "PolicySeasonalExtension");

            migrationBuilder.DropIndex(
                name: "IX_ReturnPolicies_Name_VersionNumber",
                table: "ReturnPolicies");

            migrationBuilder.DropColumn(
                name: "ChangeNote",
                table: "ReturnPolicies");

            migrationBuilder.DropColumn(
                name: "ChangeSummary",
                table: "ReturnPolicies");

            migrationBuilder.DropColumn(
                name: "DeductionPercentA",
                table: "ReturnPolicies");

            migrationBuilder.DropColumn(
                name: "DeductionPercentB",
                table: "ReturnPolicies");

            migrationBuilder.DropColumn(
                name: "DeductionPercentC",
                table: "ReturnPolicies");

            migrationBuilder.DropColumn(
                name: "DeductionPercentD",
                table: "ReturnPolicies");

            migrationBuilder.DropColumn(
                name: "LabelValidityDays",
                table: "ReturnPolicies");

            migrationBuilder.DropColumn(
                name: "PublishedAt",
                table: "ReturnPolicies");

            migrationBuilder.DropColumn(
                name: "PublishedBy",
                table: "ReturnPolicies");

            migrationBuilder.DropColumn(
                name: "RefundServiceDays",
                table: "ReturnPolicies");

            migrationBuilder.DropColumn(
                name: "SupersededAt",
                table: "ReturnPolicies");

            migrationBuilder.DropColumn(
                name: "VersionNumber",
                table: "ReturnPolicies");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Reasons");

            migrationBuilder.DropColumn(
                name: "NonReturnable",
                table: "PolicyCategoryOverride");

            migrationBuilder.DropColumn(
                name: "RestockingFeePercent",
                table: "PolicyCategoryOverride");

            migrationBuilder.AlterColumn<int>(
                name: "WindowDays",
                table: "PolicyCategoryOverride",
                type: "integer",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "integer",
                oldNullable: true);
        }
    }
}
