using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Broadsheet.Data.Migrations.PostgreSql
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
                type: "timestamp with time zone",
                nullable: true);

            // Bylines also carry their article's last change (ListedArticle.UpdatedAt), for the newsroom's list of one
            // author's articles: filled with the other copies when a byline is written, followed on every change of
            // the article's. The tag links' copies change only with the status or publication time, as before.
            migrationBuilder.Sql("""
                UPDATE "Bylines" AS b SET "ArticleUpdatedAt" = a."UpdatedAt"
                FROM "Articles" AS a WHERE a."Id" = b."ArticleId";

                CREATE OR REPLACE FUNCTION "Bylines_copy_article"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    SELECT a."Status", a."PublishedAt", a."UpdatedAt" INTO NEW."ArticleStatus", NEW."ArticlePublishedAt", NEW."ArticleUpdatedAt"
                    FROM "Articles" AS a WHERE a."Id" = NEW."ArticleId" FOR SHARE;
                    RETURN NEW;
                END $$;

                CREATE OR REPLACE FUNCTION "Articles_copy_to_links"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF OLD."Status" IS DISTINCT FROM NEW."Status" OR OLD."PublishedAt" IS DISTINCT FROM NEW."PublishedAt" THEN
                        UPDATE "ArticleTags" SET "ArticleStatus" = NEW."Status", "ArticlePublishedAt" = NEW."PublishedAt"
                        WHERE "ArticlesId" = NEW."Id";
                    END IF;
                    UPDATE "Bylines" SET "ArticleStatus" = NEW."Status", "ArticlePublishedAt" = NEW."PublishedAt", "ArticleUpdatedAt" = NEW."UpdatedAt"
                    WHERE "ArticleId" = NEW."Id";
                    RETURN NULL;
                END $$;
                DROP TRIGGER "Articles_copy_to_links" ON "Articles";
                CREATE TRIGGER "Articles_copy_to_links" AFTER UPDATE OF "Status", "PublishedAt", "UpdatedAt" ON "Articles"
                    FOR EACH ROW WHEN (OLD."Status" IS DISTINCT FROM NEW."Status" OR OLD."PublishedAt" IS DISTINCT FROM NEW."PublishedAt"
                        OR OLD."UpdatedAt" IS DISTINCT FROM NEW."UpdatedAt")
                    EXECUTE FUNCTION "Articles_copy_to_links"();
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

            // The functions and trigger as ListedArticleCopies made them, before the column they write goes.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION "Bylines_copy_article"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    SELECT a."Status", a."PublishedAt" INTO NEW."ArticleStatus", NEW."ArticlePublishedAt"
                    FROM "Articles" AS a WHERE a."Id" = NEW."ArticleId" FOR SHARE;
                    RETURN NEW;
                END $$;

                CREATE OR REPLACE FUNCTION "Articles_copy_to_links"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE "ArticleTags" SET "ArticleStatus" = NEW."Status", "ArticlePublishedAt" = NEW."PublishedAt"
                    WHERE "ArticlesId" = NEW."Id";
                    UPDATE "Bylines" SET "ArticleStatus" = NEW."Status", "ArticlePublishedAt" = NEW."PublishedAt"
                    WHERE "ArticleId" = NEW."Id";
                    RETURN NULL;
                END $$;
                DROP TRIGGER "Articles_copy_to_links" ON "Articles";
                CREATE TRIGGER "Articles_copy_to_links" AFTER UPDATE OF "Status", "PublishedAt" ON "Articles"
                    FOR EACH ROW WHEN (OLD."Status" IS DISTINCT FROM NEW."Status" OR OLD."PublishedAt" IS DISTINCT FROM NEW."PublishedAt")
                    EXECUTE FUNCTION "Articles_copy_to_links"();
                """);

            migrationBuilder.DropColumn(
                name: "ArticleUpdatedAt",
                table: "Bylines");
        }
    }
}
