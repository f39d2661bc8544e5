using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReturnsPortal.Domain.Persistence.Migrations.Sqlite
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

            migrationBuilder.AddColumn<string>(
                name: "GoodwillOverride",
                table: "ReturnLines",
                type: "TEXT",
                maxLength: 30,
                nullable: true);

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

            migrationBuilder.CreateIndex(
                name: "IX_ReturnRequests_IsGoodwill_CreatedAt",
                table: "ReturnRequests",
                columns: new[] { "IsGoodwill", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ParcelPhotos_UnidentifiedParcelId",
                table: "ParcelPhotos",
                column: "UnidentifiedParcelId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ParcelPhotos");

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
