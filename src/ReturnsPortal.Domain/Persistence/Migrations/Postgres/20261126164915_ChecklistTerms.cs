using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReturnsPortal.Domain.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ChecklistTerms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every existing checklist item stays on and none becomes required: the manager decides (ADR 0086).
            migrationBuilder.AddColumn<bool>(
                name: "IsEnabled",
                table: "PolicyChecklistItem",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsRequired",
                table: "PolicyChecklistItem",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IsEnabled",
                table: "PolicyChecklistItem");

            migrationBuilder.DropColumn(
                name: "IsRequired",
                table: "PolicyChecklistItem");
        }
    }
}
