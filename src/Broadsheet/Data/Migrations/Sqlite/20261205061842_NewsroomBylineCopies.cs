using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Broadsheet.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NewsroomBylineCopies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ArticleUpdatedAt",
                table: "Bylines",
                type: "TEXT",
                nullable: true);

            // Bylines also carry their article's last change (ListedArticle.UpdatedAt), for the newsroom's list of one
            // author's articles: filled with the other copies when a byline is written, followed on every change of
            // the article's. The tag links' copies change only with the status or publication time, as before.
            migrationBuilder.Sql("""
                UPDATE "Bylines" SET "ArticleUpdatedAt" =
                    (SELECT a."UpdatedAt" FROM "Articles" AS a WHERE a."Id" = "Bylines"."ArticleId");
                """);
            migrationBuilder.Sql("""
                DROP TRIGGER "Bylines_copy_article";
                CREATE TRIGGER "Bylines_copy_article" AFTER INSERT ON "Bylines" BEGIN
                    UPDATE "Bylines" SET ("ArticleStatus", "ArticlePublishedAt", "ArticleUpdatedAt") =
                        (SELECT a."Status", a."PublishedAt", a."UpdatedAt" FROM "Articles" AS a WHERE a."Id" = NEW."ArticleId")
                    WHERE "ArticleId" = NEW."ArticleId" AND "AuthorId" = NEW."AuthorId";
                END;
                """);
            migrationBuilder.Sql("""
                DROP TRIGGER "Articles_copy_to_links";
                CREATE TRIGGER "Articles_copy_to_links" AFTER UPDATE OF "Status", "PublishedAt", "UpdatedAt" ON "Articles"
                WHEN NEW."Status" IS NOT OLD."Status" OR NEW."PublishedAt" IS NOT OLD."PublishedAt" OR NEW."UpdatedAt" IS NOT OLD."UpdatedAt" BEGIN
                    UPDATE "ArticleTags" SET "ArticleStatus" = NEW."Status", "ArticlePublishedAt" = NEW."PublishedAt"
                    WHERE "ArticlesId" = NEW."Id" AND (NEW."Status" IS NOT OLD."Status" OR NEW."PublishedAt" IS NOT OLD."PublishedAt");
                    UPDATE "Bylines" SET "ArticleStatus" = NEW."Status", "ArticlePublishedAt" = NEW."PublishedAt", "ArticleUpdatedAt" = NEW."UpdatedAt"
                    WHERE "ArticleId" = NEW."Id";
                END;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Bylines_AuthorId_ArticleUpdatedAt_ArticleId_ArticleStatus",
                table: "Bylines",
                columns: new[] { "AuthorId", "ArticleUpdatedAt", "ArticleId", "ArticleStatus" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Bylines_AuthorId_ArticleUpdatedAt_ArticleId_ArticleStatus",
                table: "Bylines");

            // The triggers as ListedArticleCopies made them, then the column dropped in place: EF Core's DropColumn
            // would rebuild the table after every other step, which takes the bylines' trigger with it and fails while
            // another trigger names the table.
            migrationBuilder.Sql("""
                DROP TRIGGER "Bylines_copy_article";
                CREATE TRIGGER "Bylines_copy_article" AFTER INSERT ON "Bylines" BEGIN
                    UPDATE "Bylines" SET ("ArticleStatus", "ArticlePublishedAt") =
                        (SELECT a."Status", a."PublishedAt" FROM "Articles" AS a WHERE a."Id" = NEW."ArticleId")
                    WHERE "ArticleId" = NEW."ArticleId" AND "AuthorId" = NEW."AuthorId";
                END;
                """);
            migrationBuilder.Sql("""
                DROP TRIGGER "Articles_copy_to_links";
                CREATE TRIGGER "Articles_copy_to_links" AFTER UPDATE OF "Status", "PublishedAt" ON "Articles"
                WHEN NEW."Status" IS NOT OLD."Status" OR NEW."PublishedAt" IS NOT OLD."PublishedAt" BEGIN
                    UPDATE "ArticleTags" SET "ArticleStatus" = NEW."Status", "ArticlePublishedAt" = NEW."PublishedAt" WHERE "ArticlesId" = NEW."Id";
                    UPDATE "Bylines" SET "ArticleStatus" = NEW."Status", "ArticlePublishedAt" = NEW."PublishedAt" WHERE "ArticleId" = NEW."Id";
                END;
                """);
            migrationBuilder.Sql("""ALTER TABLE "Bylines" DROP COLUMN "ArticleUpdatedAt";""");
        }
    }
}
