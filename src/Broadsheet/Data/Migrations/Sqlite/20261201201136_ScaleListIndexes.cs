using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Broadsheet.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ScaleListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Articles_SectionId_UpdatedAt_Id",
                table: "Articles");

            migrationBuilder.DropIndex(
                name: "IX_Articles_UpdatedAt_Id",
                table: "Articles");

            migrationBuilder.CreateIndex(
                name: "IX_Articles_SectionId_Status_UpdatedAt_Id",
                table: "Articles",
                columns: new[] { "SectionId", "Status", "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_SectionId_UpdatedAt_Id_Status",
                table: "Articles",
                columns: new[] { "SectionId", "UpdatedAt", "Id", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_UpdatedAt_Id_Status",
                table: "Articles",
                columns: new[] { "UpdatedAt", "Id", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Articles_SectionId_Status_UpdatedAt_Id",
                table: "Articles");

            migrationBuilder.DropIndex(
                name: "IX_Articles_SectionId_UpdatedAt_Id_Status",
                table: "Articles");

            migrationBuilder.DropIndex(
                name: "IX_Articles_UpdatedAt_Id_Status",
                table: "Articles");

            migrationBuilder.CreateIndex(
                name: "IX_Articles_SectionId_UpdatedAt_Id",
                table: "Articles",
                columns: new[] { "SectionId", "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_UpdatedAt_Id",
                table: "Articles",
                columns: new[] { "UpdatedAt", "Id" });
        }
    }
}
