using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Broadsheet.Data.Migrations.PostgreSql
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
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "WordPressId",
                table: "MediaItems",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Kind",
                table: "Comments",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "WordPressId",
                table: "Comments",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "BodyFormat",
                table: "Articles",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "IsSticky",
                table: "Articles",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "WordPressId",
                table: "Articles",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Redirects",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Path = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Target = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Redirects", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StaticPages",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Slug = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    BodyFormat = table.Column<int>(type: "integer", nullable: false),
                    Description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FooterPosition = table.Column<int>(type: "integer", nullable: true),
                    WordPressId = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaticPages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StaticPageRevisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StaticPageId = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    BodyFormat = table.Column<int>(type: "integer", nullable: false),
                    Description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    UserName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
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
