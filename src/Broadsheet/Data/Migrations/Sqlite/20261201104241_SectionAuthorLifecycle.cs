using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Broadsheet.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SectionAuthorLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BlueskyUrl",
                table: "Authors",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LinkedInUrl",
                table: "Authors",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MastodonUrl",
                table: "Authors",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PhotoMediaId",
                table: "Authors",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WebsiteUrl",
                table: "Authors",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "XUrl",
                table: "Authors",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RetiredAuthorSlugs",
                columns: table => new
                {
                    Slug = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AuthorId = table.Column<int>(type: "INTEGER", nullable: false),
                    RetiredAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RetiredAuthorSlugs", x => x.Slug);
                    table.ForeignKey(
                        name: "FK_RetiredAuthorSlugs_Authors_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "Authors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RetiredSectionSlugs",
                columns: table => new
                {
                    Slug = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SectionId = table.Column<int>(type: "INTEGER", nullable: false),
                    RetiredAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RetiredSectionSlugs", x => x.Slug);
                    table.ForeignKey(
                        name: "FK_RetiredSectionSlugs_Sections_SectionId",
                        column: x => x.SectionId,
                        principalTable: "Sections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Authors_PhotoMediaId",
                table: "Authors",
                column: "PhotoMediaId");

            migrationBuilder.CreateIndex(
                name: "IX_RetiredAuthorSlugs_AuthorId",
                table: "RetiredAuthorSlugs",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_RetiredSectionSlugs_SectionId",
                table: "RetiredSectionSlugs",
                column: "SectionId");

            migrationBuilder.AddForeignKey(
                name: "FK_Authors_MediaItems_PhotoMediaId",
                table: "Authors",
                column: "PhotoMediaId",
                principalTable: "MediaItems",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Authors_MediaItems_PhotoMediaId",
                table: "Authors");

            migrationBuilder.DropTable(
                name: "RetiredAuthorSlugs");

            migrationBuilder.DropTable(
                name: "RetiredSectionSlugs");

            migrationBuilder.DropIndex(
                name: "IX_Authors_PhotoMediaId",
                table: "Authors");

            migrationBuilder.DropColumn(
                name: "BlueskyUrl",
                table: "Authors");

            migrationBuilder.DropColumn(
                name: "LinkedInUrl",
                table: "Authors");

            migrationBuilder.DropColumn(
                name: "MastodonUrl",
                table: "Authors");

            migrationBuilder.DropColumn(
                name: "PhotoMediaId",
                table: "Authors");

            migrationBuilder.DropColumn(
                name: "WebsiteUrl",
                table: "Authors");

            migrationBuilder.DropColumn(
                name: "XUrl",
                table: "Authors");
        }
    }
}
