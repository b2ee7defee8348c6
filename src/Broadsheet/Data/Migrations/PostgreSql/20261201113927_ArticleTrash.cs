using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Broadsheet.Data.Migrations.PostgreSql
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
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "TrashedWithArticle",
                table: "Comments",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "StatusBeforeTrash",
                table: "Articles",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "TrashedAt",
                table: "Articles",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RemovedSlugs",
                columns: table => new
                {
                    Slug = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RemovedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
