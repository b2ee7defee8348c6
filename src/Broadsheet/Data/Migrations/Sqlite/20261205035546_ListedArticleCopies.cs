using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Broadsheet.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ListedArticleCopies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ArticlePublishedAt",
                table: "Bylines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ArticleStatus",
                table: "Bylines",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ArticlePublishedAt",
                table: "ArticleTags",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ArticleStatus",
                table: "ArticleTags",
                type: "INTEGER",
                nullable: true);

            // Each tag link and byline carries a copy of its article's status and publication time (ListedArticle),
            // which these triggers keep: filled when the row is written, followed on every change of the article's.
            // A later migration that rebuilds one of these three tables drops its triggers with it and must make them
            // again (ListedArticleTests fails until it does).
            migrationBuilder.Sql("""
                UPDATE "ArticleTags" SET ("ArticleStatus", "ArticlePublishedAt") =
                    (SELECT a."Status", a."PublishedAt" FROM "Articles" AS a WHERE a."Id" = "ArticleTags"."ArticlesId");
                UPDATE "Bylines" SET ("ArticleStatus", "ArticlePublishedAt") =
                    (SELECT a."Status", a."PublishedAt" FROM "Articles" AS a WHERE a."Id" = "Bylines"."ArticleId");
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "ArticleTags_copy_article" AFTER INSERT ON "ArticleTags" BEGIN
                    UPDATE "ArticleTags" SET ("ArticleStatus", "ArticlePublishedAt") =
                        (SELECT a."Status", a."PublishedAt" FROM "Articles" AS a WHERE a."Id" = NEW."ArticlesId")
                    WHERE "ArticlesId" = NEW."ArticlesId" AND "TagsId" = NEW."TagsId";
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Bylines_copy_article" AFTER INSERT ON "Bylines" BEGIN
                    UPDATE "Bylines" SET ("ArticleStatus", "ArticlePublishedAt") =
                        (SELECT a."Status", a."PublishedAt" FROM "Articles" AS a WHERE a."Id" = NEW."ArticleId")
                    WHERE "ArticleId" = NEW."ArticleId" AND "AuthorId" = NEW."AuthorId";
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Articles_copy_to_links" AFTER UPDATE OF "Status", "PublishedAt" ON "Articles"
                WHEN NEW."Status" IS NOT OLD."Status" OR NEW."PublishedAt" IS NOT OLD."PublishedAt" BEGIN
                    UPDATE "ArticleTags" SET "ArticleStatus" = NEW."Status", "ArticlePublishedAt" = NEW."PublishedAt" WHERE "ArticlesId" = NEW."Id";
                    UPDATE "Bylines" SET "ArticleStatus" = NEW."Status", "ArticlePublishedAt" = NEW."PublishedAt" WHERE "ArticleId" = NEW."Id";
                END;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Bylines_AuthorId_ArticleStatus_ArticlePublishedAt_ArticleId",
                table: "Bylines",
                columns: new[] { "AuthorId", "ArticleStatus", "ArticlePublishedAt", "ArticleId" });

            migrationBuilder.CreateIndex(
                name: "IX_ArticleTags_TagsId_ArticleStatus_ArticlePublishedAt_ArticlesId",
                table: "ArticleTags",
                columns: new[] { "TagsId", "ArticleStatus", "ArticlePublishedAt", "ArticlesId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "Articles_copy_to_links";
                DROP TRIGGER "Bylines_copy_article";
                DROP TRIGGER "ArticleTags_copy_article";
                """);

            migrationBuilder.DropIndex(
                name: "IX_Bylines_AuthorId_ArticleStatus_ArticlePublishedAt_ArticleId",
                table: "Bylines");

            migrationBuilder.DropIndex(
                name: "IX_ArticleTags_TagsId_ArticleStatus_ArticlePublishedAt_ArticlesId",
                table: "ArticleTags");

            migrationBuilder.DropColumn(
                name: "ArticlePublishedAt",
                table: "Bylines");

            migrationBuilder.DropColumn(
                name: "ArticleStatus",
                table: "Bylines");

            migrationBuilder.DropColumn(
                name: "ArticlePublishedAt",
                table: "ArticleTags");

            migrationBuilder.DropColumn(
                name: "ArticleStatus",
                table: "ArticleTags");
        }
    }
}
