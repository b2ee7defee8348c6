using System.Runtime.CompilerServices;
using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Broadsheet.Articles;

/// <summary>
/// The article page's lookup, compiled once: EF skips translating and hashing the expression tree on every request,
/// and the page sends two commands (the article, then its bylines, tags and corrections together) where a split
/// query sent four, each repeating the slug lookup. On SQLite both run as statements compiled once and kept
/// (<see cref="SqliteStatements"/>): compiling them anew was most of their time.
/// </summary>
internal static class PublishedArticleQueries
{
    private sealed record Head(
        int Id, string Headline, string Slug, string? Standfirst, string Body, BodyFormat BodyFormat, DateTime PublishedAt,
        DateTime UpdatedAt, int SectionId, string SectionName, string SectionSlug, string? ImageUrl, string? ImageAlt,
        string? ImageCaption, string? ImageCredit, int? ImageWidth, int? ImageHeight, bool CommentsOpen, string? ImageVariants);

    /// <summary>A byline (0), tag (1) or correction (2) of the article; the columns each list uses.</summary>
    private sealed class ListRow
    {
        public int List { get; set; }
        public int Position { get; set; }
        public int Ref { get; set; }
        public string Name { get; set; } = "";
        public string? Slug { get; set; }
        public DateTime? At { get; set; }
    }

    // A compiled query belongs to one model; a process that hosts several apps (the tests do) has one per app.
    private static readonly ConditionalWeakTable<IModel, Func<BroadsheetDb, string, DateTime, CancellationToken, Task<Head?>>> FindHeadByModel = [];

    private static Func<BroadsheetDb, string, DateTime, CancellationToken, Task<Head?>> CompileFindHead() =>
        EF.CompileAsyncQuery((BroadsheetDb db, string slug, DateTime utcNow, CancellationToken _) =>
            db.Articles.AsNoTracking()
                .Where(a => a.Status == ArticleStatus.Published && a.PublishedAt <= utcNow && a.Slug == slug)
                .Select(a => new Head(
                    a.Id, a.Headline, a.Slug, a.Standfirst, a.Body, a.BodyFormat, a.PublishedAt!.Value, a.UpdatedAt,
                    a.SectionId, a.Section.Name, a.Section.Slug,
                    a.ImageUrl, a.ImageAlt, a.ImageCaption, a.ImageCredit, a.ImageWidth, a.ImageHeight,
                    a.CommentsOpen, a.ImageVariants))
                .FirstOrDefault());

    /// <summary>The head's command as SQL, for <see cref="SqliteStatements"/>: what the compiled query sends.</summary>
    private static readonly string HeadSql = $"""
        SELECT a."Id", a."Headline", a."Slug", a."Standfirst", a."Body", a."BodyFormat", a."PublishedAt", a."UpdatedAt",
            a."SectionId", s."Name", s."Slug", a."ImageUrl", a."ImageAlt", a."ImageCaption", a."ImageCredit",
            a."ImageWidth", a."ImageHeight", a."CommentsOpen", a."ImageVariants"
        FROM "Articles" AS a INNER JOIN "Sections" AS s ON a."SectionId" = s."Id"
        WHERE a."Status" = {(int)ArticleStatus.Published} AND a."PublishedAt" <= {"{1}"} AND a."Slug" = {"{0}"}
        LIMIT 1
        """;

    /// <summary>
    /// Bylines, tags and corrections of article {0} in one command of three simple index lookups. (A LINQ query with
    /// the three collections either splits into three commands or joins them side by side, which SQLite plans badly.)
    /// Standard SQL with quoted names, the same on SQLite and PostgreSQL; the database's collation orders tag names,
    /// as everywhere else on the site. Corrections come first so that PostgreSQL takes the time column's type from
    /// them: a bare NULL there would make it text.
    /// </summary>
    private const string ListsSql = """
        SELECT 2 AS "List", 0 AS "Position", "c"."Kind" AS "Ref", "c"."Text" AS "Name", NULL AS "Slug", "c"."CreatedAt" AS "At"
        FROM "Corrections" AS "c"
        WHERE "c"."ArticleId" = {0}
        UNION ALL
        SELECT 0, "b"."Position", "b"."AuthorId", "a"."Name", "a"."Slug", NULL
        FROM "Bylines" AS "b" INNER JOIN "Authors" AS "a" ON "b"."AuthorId" = "a"."Id"
        WHERE "b"."ArticleId" = {0}
        UNION ALL
        SELECT 1, 0, "t"."Id", "t"."Name", "t"."Slug", NULL
        FROM "ArticleTags" AS "l" INNER JOIN "Tags" AS "t" ON "l"."TagsId" = "t"."Id"
        WHERE "l"."ArticlesId" = {0}
        ORDER BY 1, 2, 6, 4
        """;

    private static async Task<Head?> FindHeadAsync(BroadsheetDb db, SqliteStatements statements, string slug, DateTime utcNow, CancellationToken cancellationToken)
    {
        if (!statements.Enabled)
        {
            var findHead = FindHeadByModel.GetValue(db.Model, _ => CompileFindHead());
            return await findHead(db, slug, utcNow, cancellationToken);
        }

        var heads = statements.List(HeadSql, [slug, utcNow], r => new Head(
            r.GetInt32(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4), (BodyFormat)r.GetInt32(5),
            SqliteValues.Utc(r, 6), SqliteValues.Utc(r, 7), r.GetInt32(8), r.GetString(9), r.GetString(10),
            r.IsDBNull(11) ? null : r.GetString(11), r.IsDBNull(12) ? null : r.GetString(12), r.IsDBNull(13) ? null : r.GetString(13),
            r.IsDBNull(14) ? null : r.GetString(14), r.IsDBNull(15) ? null : r.GetInt32(15), r.IsDBNull(16) ? null : r.GetInt32(16),
            r.GetBoolean(17), r.IsDBNull(18) ? null : r.GetString(18)));
        return heads.Count > 0 ? heads[0] : null;
    }

    private static Task<List<ListRow>> FindListsAsync(BroadsheetDb db, SqliteStatements statements, int id, CancellationToken cancellationToken) =>
        statements.ListAsync(db, ListsSql, [id], r => new ListRow
        {
            List = r.GetInt32(0),
            Position = r.GetInt32(1),
            Ref = r.GetInt32(2),
            Name = r.GetString(3),
            Slug = r.IsDBNull(4) ? null : r.GetString(4),
            At = r.IsDBNull(5) ? null : r.GetDateTime(5),
        }, cancellationToken);

    public static async Task<ArticleView?> FindPublishedAsync(
        BroadsheetDb db, SqliteStatements statements, string slug, DateTime utcNow, CancellationToken cancellationToken)
    {
        if (await FindHeadAsync(db, statements, slug, utcNow, cancellationToken) is not { } a)
        {
            return null;
        }

        var rows = await FindListsAsync(db, statements, a.Id, cancellationToken);
        var bylines = rows.Where(r => r.List == 0).Select(r => new BylineView(r.Ref, r.Name, r.Slug!)).ToList();
        var tags = rows.Where(r => r.List == 1).Select(r => new TagView(r.Ref, r.Name, r.Slug!)).ToList();
        var corrections = rows.Where(r => r.List == 2)
            .Select(r => new CorrectionView((CorrectionKind)r.Ref, r.Name, DateTime.SpecifyKind(r.At!.Value, DateTimeKind.Utc))).ToList();
        return new ArticleView(
            a.Id, a.Headline, a.Slug, a.Standfirst, a.Body, a.BodyFormat, a.PublishedAt, a.UpdatedAt,
            a.SectionId, a.SectionName, a.SectionSlug,
            a.ImageUrl, a.ImageAlt, a.ImageCaption, a.ImageCredit, a.ImageWidth, a.ImageHeight,
            a.CommentsOpen, bylines, tags, a.ImageVariants, corrections);
    }
}
