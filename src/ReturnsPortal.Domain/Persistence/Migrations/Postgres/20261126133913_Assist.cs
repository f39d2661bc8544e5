using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReturnsPortal.Domain.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Assist : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AssistChannel",
                table: "ReturnRequests",
                type: "character varying(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssistedBy",
                table: "ReturnRequests",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "GoodwillGrantedBy",
                table: "ReturnRequests",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "GoodwillReason",
                table: "ReturnRequests",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsGoodwill",
                table: "ReturnRequests",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "GoodwillOverride",
                table: "ReturnLines",
                type: "character varying(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReturnRequests_IsGoodwill_CreatedAt",
                table: "ReturnRequests",
                columns: new[] { "IsGoodwill", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ReturnRequests_IsGoodwill_CreatedAt",
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
                name: "GoodwillOverride",
                table: "ReturnLines");
        }
    }
}
