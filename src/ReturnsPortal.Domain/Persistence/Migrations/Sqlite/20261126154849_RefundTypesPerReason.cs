using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReturnsPortal.Domain.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RefundTypesPerReason : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PolicyReasonResolutions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PolicyId = table.Column<int>(type: "INTEGER", nullable: false),
                    ReasonId = table.Column<int>(type: "INTEGER", nullable: false),
                    AllowRefund = table.Column<bool>(type: "INTEGER", nullable: false),
                    AllowStoreCredit = table.Column<bool>(type: "INTEGER", nullable: false),
                    AllowExchange = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PolicyReasonResolutions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PolicyReasonResolutions_Reasons_ReasonId",
                        column: x => x.ReasonId,
                        principalTable: "Reasons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PolicyReasonResolutions_ReturnPolicies_PolicyId",
                        column: x => x.PolicyId,
                        principalTable: "ReturnPolicies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PolicyReasonResolutions_PolicyId_ReasonId",
                table: "PolicyReasonResolutions",
                columns: new[] { "PolicyId", "ReasonId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PolicyReasonResolutions_ReasonId",
                table: "PolicyReasonResolutions",
                column: "ReasonId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PolicyReasonResolutions");
        }
    }
}
