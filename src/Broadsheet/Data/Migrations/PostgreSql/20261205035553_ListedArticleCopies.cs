using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Broadsheet.Data.Migrations.PostgreSql
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
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ArticleStatus",
                table: "Bylines",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ArticlePublishedAt",
                table: "ArticleTags",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ArticleStatus",
                table: "ArticleTags",
                type: "integer",
                nullable: true);

            // Each tag link and byline carries a copy of its article's status and publication time (ListedArticle),
            // which these triggers keep: filled when the row is written, followed on every change of the article's.
            // The row lock (FOR SHARE) makes a link written while its article changes wait for that change, or the
            // change wait for the link, so neither misses the other.
            migrationBuilder.Sql("""
                UPDATE "ArticleTags" AS l SET "ArticleStatus" = a."Status", "ArticlePublishedAt" = a."PublishedAt"
                FROM "Articles" AS a WHERE a."Id" = l."ArticlesId";
                UPDATE "Bylines" AS b SET "ArticleStatus" = a."Status", "ArticlePublishedAt" = a."PublishedAt"
                FROM "Articles" AS a WHERE a."Id" = b."ArticleId";

                CREATE FUNCTION "ArticleTags_copy_article"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    SELECT a."Status", a."PublishedAt" INTO NEW."ArticleStatus", NEW."ArticlePublishedAt"
                    FROM "Articles" AS a WHERE a."Id" = NEW."ArticlesId" FOR SHARE;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER "ArticleTags_copy_article" BEFORE INSERT OR UPDATE OF "ArticlesId" ON "ArticleTags"
                    FOR EACH ROW EXECUTE FUNCTION "ArticleTags_copy_article"();

                CREATE FUNCTION "Bylines_copy_article"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    SELECT a."Status", a."PublishedAt" INTO NEW."ArticleStatus", NEW."ArticlePublishedAt"
                    FROM "Articles" AS a WHERE a."Id" = NEW."ArticleId" FOR SHARE;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER "Bylines_copy_article" BEFORE INSERT OR UPDATE OF "ArticleId" ON "Bylines"
                    FOR EACH ROW EXECUTE FUNCTION "Bylines_copy_article"();

                CREATE FUNCTION "Articles_copy_to_links"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE "ArticleTags" SET "ArticleStatus" = NEW."Status", "ArticlePublishedAt" = NEW."PublishedAt"
                    WHERE "ArticlesId" = NEW."Id";
                    UPDATE "Bylines" SET "ArticleStatus" = NEW."Status", "ArticlePublishedAt" = NEW."PublishedAt"
                    WHERE "ArticleId" = NEW."Id";
                    RETURN NULL;
                END $$;
                CREATE TRIGGER "Articles_copy_to_links" AFTER UPDATE OF "Status", "PublishedAt" ON "Articles"
                    FOR EACH ROW WHEN (OLD."Status" IS DISTINCT FROM NEW."Status" OR OLD."PublishedAt" IS DISTINCT FROM NEW."PublishedAt")
                    EXECUTE FUNCTION "Articles_copy_to_links"();
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Bylines_AuthorId_ArticleStatus_ArticlePublishedAt_ArticleId",
                table: "Bylines",
                columns: new[] { "AuthorId", "ArticleStatus", "ArticlePublishedAt", "ArticleId" });

            migrationBuilder.CreateIndex(
                name: "IX_ArticleTags_TagsId_ArticleStatus_ArticlePublishedAt_Article~",
                table: "ArticleTags",
                columns: new[] { "TagsId", "ArticleStatus", "ArticlePublishedAt", "ArticlesId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "Articles_copy_to_links" ON "Articles";
                DROP FUNCTION "Articles_copy_to_links"();
                DROP TRIGGER "Bylines_copy_article" ON "Bylines";
                DROP FUNCTION "Bylines_copy_article"();
                DROP TRIGGER "ArticleTags_copy_article" ON "ArticleTags";
                DROP FUNCTION "ArticleTags_copy_article"();
                """);

            migrationBuilder.DropIndex(
                name: "IX_Bylines_AuthorId_ArticleStatus_ArticlePublishedAt_ArticleId",
                table: "Bylines");

            migrationBuilder.DropIndex(
                name: "IX_ArticleTags_TagsId_ArticleStatus_ArticlePublishedAt_Article~",
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
