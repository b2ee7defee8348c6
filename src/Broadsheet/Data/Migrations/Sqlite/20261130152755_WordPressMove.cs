using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Broadsheet.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WordPressMove : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SourceUrl",
                table: "MediaItems",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "WordPressId",
                table: "MediaItems",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Kind",
                table: "Comments",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "WordPressId",
                table: "Comments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "BodyFormat",
                table: "Articles",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "IsSticky",
                table: "Articles",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "WordPressId",
                table: "Articles",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Redirects",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Path = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Redirects", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StaticPages",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    BodyFormat = table.Column<int>(type: "INTEGER", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FooterPosition = table.Column<int>(type: "INTEGER", nullable: true),
                    WordPressId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaticPages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StaticPageRevisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StaticPageId = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    BodyFormat = table.Column<int>(type: "INTEGER", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaticPageRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StaticPageRevisions_StaticPages_StaticPageId",
                        column: x => x.StaticPageId,
                        principalTable: "StaticPages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MediaItems_WordPressId",
                table: "MediaItems",
                column: "WordPressId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Comments_WordPressId",
                table: "Comments",
                column: "WordPressId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Articles_WordPressId",
                table: "Articles",
                column: "WordPressId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Redirects_Path",
                table: "Redirects",
                column: "Path",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StaticPageRevisions_StaticPageId_CreatedAt",
                table: "StaticPageRevisions",
                columns: new[] { "StaticPageId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_StaticPages_Slug",
                table: "StaticPages",
                column: "Slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StaticPages_Status_FooterPosition",
                table: "StaticPages",
                columns: new[] { "Status", "FooterPosition" });

            migrationBuilder.CreateIndex(
                name: "IX_StaticPages_WordPressId",
                table: "StaticPages",
                column: "WordPressId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Redirects");

            migrationBuilder.DropTable(
                name: "StaticPageRevisions");

            migrationBuilder.DropTable(
                name: "StaticPages");

            migrationBuilder.DropIndex(
                name: "IX_MediaItems_WordPressId",
                table: "MediaItems");

            migrationBuilder.DropIndex(
                name: "IX_Comments_WordPressId",
                table: "Comments");

            migrationBuilder.DropIndex(
                name: "IX_Articles_WordPressId",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "SourceUrl",
                table: "MediaItems");

            migrationBuilder.DropColumn(
                name: "WordPressId",
                table: "MediaItems");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "Comments");

            migrationBuilder.DropColumn(
                name: "WordPressId",
                table: "Comments");

            migrationBuilder.DropColumn(
                name: "BodyFormat",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "IsSticky",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "WordPressId",
                table: "Articles");
        }
    }
}
