using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Broadsheet.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class MoreArticlesIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Articles_Id_Status_PublishedAt_SectionId",
                table: "Articles",
                columns: new[] { "Id", "Status", "PublishedAt", "SectionId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Articles_Id_Status_PublishedAt_SectionId",
                table: "Articles");
        }
    }
}
