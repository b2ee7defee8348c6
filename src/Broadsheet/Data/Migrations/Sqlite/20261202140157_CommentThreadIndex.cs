using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Broadsheet.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CommentThreadIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Comments_ArticleId_Status_Kind_CreatedAt",
                table: "Comments");

            migrationBuilder.CreateIndex(
                name: "IX_Comments_ArticleId_Status_Kind_CreatedAt_ParentId",
                table: "Comments",
                columns: new[] { "ArticleId", "Status", "Kind", "CreatedAt", "ParentId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Comments_ArticleId_Status_Kind_CreatedAt_ParentId",
                table: "Comments");

            migrationBuilder.CreateIndex(
                name: "IX_Comments_ArticleId_Status_Kind_CreatedAt",
                table: "Comments",
                columns: new[] { "ArticleId", "Status", "Kind", "CreatedAt" });
        }
    }
}
