using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Broadsheet.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ArticleTrash : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "StatusBeforeTrash",
                table: "Comments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "TrashedWithArticle",
                table: "Comments",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "StatusBeforeTrash",
                table: "Articles",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "TrashedAt",
                table: "Articles",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RemovedSlugs",
                columns: table => new
                {
                    Slug = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RemovedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RemovedSlugs", x => x.Slug);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_TrashedAt",
                table: "Articles",
                column: "TrashedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RemovedSlugs");

            migrationBuilder.DropIndex(
                name: "IX_Articles_TrashedAt",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "StatusBeforeTrash",
                table: "Comments");

            migrationBuilder.DropColumn(
                name: "TrashedWithArticle",
                table: "Comments");

            migrationBuilder.DropColumn(
                name: "StatusBeforeTrash",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "TrashedAt",
                table: "Articles");
        }
    }
}
