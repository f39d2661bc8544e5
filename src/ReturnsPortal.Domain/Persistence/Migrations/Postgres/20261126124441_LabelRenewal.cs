using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReturnsPortal.Domain.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LabelRenewal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "LabelValidUntil",
                table: "ReturnRequests",
                type: "timestamp with time zone",
                nullable: true);

            // Existing labels (ADR 0025): valid from the last approval (or creation) + the return's policy version's days.
            migrationBuilder.Sql("""
                UPDATE "ReturnRequests" r SET "LabelValidUntil" =
                    COALESCE((SELECT MAX(h."At") FROM "ReturnStatusChanges" h WHERE h."ReturnRequestId" = r."Id" AND h."To" = 'Approved'), r."CreatedAt")
                    + make_interval(days => (SELECT p."LabelValidityDays" FROM "ReturnPolicies" p WHERE p."Id" = r."PolicyId"))
                WHERE r."Status" IN ('Approved', 'InTransit', 'Expired')
                  AND EXISTS (SELECT 1 FROM "ReturnStatusChanges" h WHERE h."ReturnRequestId" = r."Id" AND h."To" = 'Approved');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LabelValidUntil",
                table: "ReturnRequests");
        }
    }
}
