using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Broadsheet.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class CommentThreadOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Comments_ArticleId_Status_Kind_CreatedAt_ParentId",
                table: "Comments");

            migrationBuilder.CreateIndex(
                name: "IX_Comments_ArticleId_Status_Kind_CreatedAt_Id_ParentId",
                table: "Comments",
                columns: new[] { "ArticleId", "Status", "Kind", "CreatedAt", "Id", "ParentId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Comments_ArticleId_Status_Kind_CreatedAt_Id_ParentId",
                table: "Comments");

            migrationBuilder.CreateIndex(
                name: "IX_Comments_ArticleId_Status_Kind_CreatedAt_ParentId",
                table: "Comments",
                columns: new[] { "ArticleId", "Status", "Kind", "CreatedAt", "ParentId" });
        }
    }
}
