using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Broadsheet.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: false,
                defaultValue: 50);

            migrationBuilder.AddColumn<bool>(
                name: "NewestCommentsFirst",
                table: "SiteProfiles",
                type: "INTEGER",
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
