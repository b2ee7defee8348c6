using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Broadsheet.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class CommentPaging : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A saved site keeps the page size new sites start with, not 0.
            migrationBuilder.AddColumn<int>(
                name: "CommentsPerPage",
                table: "SiteProfiles",
                type: "integer",
                nullable: false,
                defaultValue: 50);

            migrationBuilder.AddColumn<bool>(
                name: "NewestCommentsFirst",
                table: "SiteProfiles",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CommentsPerPage",
                table: "SiteProfiles");

            migrationBuilder.DropColumn(
                name: "NewestCommentsFirst",
                table: "SiteProfiles");
        }
    }
}
