using System.Data.Common;
using Broadsheet.Comments;
using Broadsheet.Data;

namespace Broadsheet.Articles;

/// <summary>
/// The article page's lookup: the article, its bylines, tags and corrections together, and its discussion's first
/// rows, in one round trip, where EF Core's split query sent four commands for the first two, each repeating the slug
/// lookup. They run as statements prepared once and kept (<see cref="KeptStatements"/>), on either database: compiling
/// them anew was most of their time on SQLite, and EF Core's own work around them most of it on PostgreSQL.
/// </summary>
internal static class PublishedArticleQueries
{
    private sealed record Head(
        int Id, string Headline, string Slug, string? Standfirst, string Body, BodyFormat BodyFormat, DateTime PublishedAt,
        DateTime UpdatedAt, int SectionId, string SectionName, string SectionSlug, string? ImageUrl, string? ImageAlt,
        string? ImageCaption, string? ImageCredit, int? ImageWidth, int? ImageHeight, bool CommentsOpen, string? ImageVariants);

    /// <summary>A byline (0), tag (1) or correction (2) of the article; the columns each list uses.</summary>
    private sealed record ListRow(int List, int Position, int Ref, string Name, string? Slug, DateTime? At);

    /// <summary>The article, published at time {1}, whose slug is {0}, with its section's name and slug.</summary>
    private static readonly string HeadSql = $"""
        SELECT a."Id", a."Headline", a."Slug", a."Standfirst", a."Body", a."BodyFormat", a."PublishedAt", a."UpdatedAt",
            a."SectionId", s."Name", s."Slug", a."ImageUrl", a."ImageAlt", a."ImageCaption", a."ImageCredit",
            a."ImageWidth", a."ImageHeight", a."CommentsOpen", a."ImageVariants"
        FROM "Articles" AS a INNER JOIN "Sections" AS s ON a."SectionId" = s."Id"
        WHERE a."Status" = {(int)ArticleStatus.Published} AND a."PublishedAt" <= {"{1}"} AND a."Slug" = {"{0}"}
        LIMIT 1
        """;

    /// <summary>
    /// The id of the article published at time {1} whose slug is {0}, for the statements sent with the head: they find
    /// the article themselves, so that all of them go in one round trip (<see cref="KeptStatements"/>).
    /// </summary>
    private static readonly string IdBySlug = $"""
        (SELECT p."Id" FROM "Articles" AS p
         WHERE p."Status" = {(int)ArticleStatus.Published} AND p."PublishedAt" <= {"{1}"} AND p."Slug" = {"{0}"})
        """;

    /// <summary>
    /// Bylines, tags and corrections of that article in one command of three simple index lookups. (A LINQ query with
    /// the three collections either splits into three commands or joins them side by side, which SQLite plans badly.)
    /// Standard SQL with quoted names, the same on SQLite and PostgreSQL; the database's collation orders tag names,
    /// as everywhere else on the site. Corrections come first so that PostgreSQL takes the time column's type from
    /// them: a bare NULL there would make it text.
    /// </summary>
    private static readonly string ListsSql = $"""
        SELECT 2 AS "List", 0 AS "Position", "c"."Kind" AS "Ref", "c"."Text" AS "Name", NULL AS "Slug", "c"."CreatedAt" AS "At"
        FROM "Corrections" AS "c"
        WHERE "c"."ArticleId" = {IdBySlug}
        UNION ALL
        SELECT 0, "b"."Position", "b"."AuthorId", "a"."Name", "a"."Slug", NULL
        FROM "Bylines" AS "b" INNER JOIN "Authors" AS "a" ON "b"."AuthorId" = "a"."Id"
        WHERE "b"."ArticleId" = {IdBySlug}
        UNION ALL
        SELECT 1, 0, "t"."Id", "t"."Name", "t"."Slug", NULL
        FROM "ArticleTags" AS "l" INNER JOIN "Tags" AS "t" ON "l"."TagsId" = "t"."Id"
        WHERE "l"."ArticlesId" = {IdBySlug}
        ORDER BY 1, 2, 6, 4
        """;

    /// <summary>The discussion's first rows (<see cref="CommentThreads.FirstRowsRead"/> of them), read with the article.</summary>
    private static readonly string FirstCommentsSql = CommentSql.FirstRows(IdBySlug, "{2}");

    private static Head ReadHead(DbDataReader r) => new(
        r.GetInt32(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4), (BodyFormat)r.GetInt32(5),
        KeptStatements.Utc(r, 6), KeptStatements.Utc(r, 7), r.GetInt32(8), r.GetString(9), r.GetString(10),
        r.IsDBNull(11) ? null : r.GetString(11), r.IsDBNull(12) ? null : r.GetString(12), r.IsDBNull(13) ? null : r.GetString(13),
        r.IsDBNull(14) ? null : r.GetString(14), r.IsDBNull(15) ? null : r.GetInt32(15), r.IsDBNull(16) ? null : r.GetInt32(16),
        r.GetBoolean(17), r.IsDBNull(18) ? null : r.GetString(18));

    private static ListRow ReadListRow(DbDataReader r) => new(
        r.GetInt32(0), r.GetInt32(1), r.GetInt32(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
        r.IsDBNull(5) ? null : KeptStatements.Utc(r, 5));

    /// <summary>
    /// The published article whose slug is <paramref name="slug"/>, and, when <paramref name="withDiscussion"/>, its
    /// discussion's first rows (for <see cref="CommentThreads.LoadPageAsync"/>), read together in one round trip.
    /// </summary>
    public static async Task<(ArticleView? Article, List<CommentSql.Row>? FirstComments)> FindPublishedAsync(
        KeptStatements statements, string slug, DateTime utcNow, bool withDiscussion, CancellationToken cancellationToken)
    {
        var (heads, rows, comments) = await statements.ListAsync(
            new KeptStatement<Head>(HeadSql, [slug, utcNow], ReadHead),
            new KeptStatement<ListRow>(ListsSql, [slug, utcNow], ReadListRow),
            withDiscussion ? new KeptStatement<CommentSql.Row>(FirstCommentsSql, [slug, utcNow, CommentThreads.FirstRowsRead], CommentThreads.ReadRow) : null,
            cancellationToken);
        if (heads.Count == 0)
        {
            return (null, null);
        }

        var a = heads[0];
        var bylines = rows.Where(r => r.List == 0).Select(r => new BylineView(r.Ref, r.Name, r.Slug!)).ToList();
        var tags = rows.Where(r => r.List == 1).Select(r => new TagView(r.Ref, r.Name, r.Slug!)).ToList();
        var corrections = rows.Where(r => r.List == 2)
            .Select(r => new CorrectionView((CorrectionKind)r.Ref, r.Name, r.At!.Value)).ToList();
        return (new ArticleView(
            a.Id, a.Headline, a.Slug, a.Standfirst, a.Body, a.BodyFormat, a.PublishedAt, a.UpdatedAt,
            a.SectionId, a.SectionName, a.SectionSlug,
            a.ImageUrl, a.ImageAlt, a.ImageCaption, a.ImageCredit, a.ImageWidth, a.ImageHeight,
            a.CommentsOpen, bylines, tags, a.ImageVariants, corrections), withDiscussion ? comments : null);
    }
}
