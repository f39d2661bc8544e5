using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReturnsPortal.Domain.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReturnCosts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LabelFeesBorne",
                table: "AnalyticsReturnsDaily",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "RefundsPaid",
                table: "AnalyticsReturnsDaily",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "WriteOffs",
                table: "AnalyticsReturnsDaily",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LabelFeesBorne",
                table: "AnalyticsReturnsDaily");

            migrationBuilder.DropColumn(
                name: "RefundsPaid",
                table: "AnalyticsReturnsDaily");

            migrationBuilder.DropColumn(
                name: "WriteOffs",
                table: "AnalyticsReturnsDaily");
        }
    }
}
