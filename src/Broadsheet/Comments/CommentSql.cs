namespace Broadsheet.Comments;

/// <summary>
/// The SQL behind paged discussions. Threads are trees of parent ids, which LINQ cannot walk in one command;
/// a recursive common table expression can, in the same words on SQLite and PostgreSQL.
/// </summary>
internal static class CommentSql
{
    private static readonly int Approved = (int)CommentStatus.Approved;
    private static readonly int Reader = (int)CommentKind.Comment;

    /// <summary>The approved reader comments on article {0}, as c, with their parents as p.</summary>
    private static readonly string Shown = $"""
        FROM "Comments" AS c LEFT JOIN "Comments" AS p ON p."Id" = c."ParentId"
        WHERE c."ArticleId" = {"{0}"} AND c."Status" = {Approved} AND c."Kind" = {Reader}
        """;

    /// <summary>A comment that starts a thread: no parent, or a parent that is not shown.</summary>
    private static readonly string StartsThread = $"""(c."ParentId" IS NULL OR p."Status" <> {Approved} OR p."Kind" <> {Reader})""";

    /// <summary>
    /// The first {1} shown comments of article {0}, oldest first, read in the order of the (ArticleId, Status, Kind,
    /// CreatedAt) index with nothing to sort. Most discussions fit, and are then paged from these rows alone.
    /// </summary>
    public static readonly string FirstRowsQuery = FirstRows("{0}", "{1}");

    /// <summary><see cref="FirstRowsQuery"/> with the article's id and the limit as the given SQL expressions.</summary>
    public static string FirstRows(string article, string limit) => $"""
        SELECT c."Id", c."ParentId", c."AuthorName", c."AuthorUrl", c."Body", c."CreatedAt", c."IsStaff"
        FROM "Comments" AS c
        WHERE c."ArticleId" = {article} AND c."Status" = {Approved} AND c."Kind" = {Reader}
        ORDER BY c."CreatedAt", c."Id"
        LIMIT {limit}
        """;

    /// <summary>How many comments article {0} shows, and how many threads they make: for discussions too long to read whole.</summary>
    public static readonly string CountsQuery = $"""
        SELECT COUNT(*) AS "Total", COUNT(CASE WHEN {StartsThread} THEN 1 END) AS "Threads"
        {Shown}
        """;

    public static readonly string OldestPageQuery = PageQuery("ASC");
    public static readonly string NewestPageQuery = PageQuery("DESC");

    /// <summary>Threads {2} to {2} + {1} of article {0}, with every reply under them, oldest first.</summary>
    /// <remarks>
    /// The unary plus (valid on both databases) keeps the status out of the replies' index choice: SQLite 3.53, with no
    /// statistics, otherwise walked the (Status, CreatedAt, Id) index, every approved comment of the site, once per
    /// comment in the page (50 s a page at a million comments) instead of looking replies up by parent id.
    /// </remarks>
    private static string PageQuery(string direction) => $"""
        WITH RECURSIVE "Roots" AS (
            SELECT c."Id" {Shown} AND {StartsThread}
            ORDER BY c."CreatedAt" {direction}, c."Id" {direction}
            LIMIT {"{1}"} OFFSET {"{2}"}),
        "Thread" AS (
            SELECT "Id" FROM "Roots"
            UNION
            SELECT c."Id" FROM "Comments" AS c JOIN "Thread" AS t ON c."ParentId" = t."Id"
            WHERE +c."Status" = {Approved} AND +c."Kind" = {Reader})
        SELECT c."Id", c."ParentId", c."AuthorName", c."AuthorUrl", c."Body", c."CreatedAt", c."IsStaff"
        FROM "Comments" AS c
        WHERE c."Id" IN (SELECT "Id" FROM "Thread")
        ORDER BY c."CreatedAt", c."Id"
        """;

    public static readonly string ThreadsBeforeOldestFirst = ThreadsBefore("<");
    public static readonly string ThreadsBeforeNewestFirst = ThreadsBefore(">");

    /// <summary>
    /// For comment {0} (shown or not yet): the thread it belongs to (climbing through shown parents) and how many
    /// threads of article {1} come before that one in the order that <paramref name="before"/> gives.
    /// </summary>
    private static string ThreadsBefore(string before) => $"""
        WITH RECURSIVE "Up" AS (
            SELECT c."Id", c."ParentId", c."CreatedAt", 0 AS "Level" FROM "Comments" AS c WHERE c."Id" = {"{0}"}
            UNION ALL
            SELECT p."Id", p."ParentId", p."CreatedAt", u."Level" + 1
            FROM "Comments" AS p JOIN "Up" AS u ON p."Id" = u."ParentId"
            WHERE +p."Status" = {Approved} AND +p."Kind" = {Reader} AND u."Level" < 1000),
        "Root" AS (SELECT "Id", "CreatedAt" FROM "Up" ORDER BY "Level" DESC LIMIT 1)
        SELECT COUNT(*) AS "Value"
        FROM "Comments" AS c LEFT JOIN "Comments" AS p ON p."Id" = c."ParentId" CROSS JOIN "Root" AS r
        WHERE c."ArticleId" = {"{1}"} AND c."Status" = {Approved} AND c."Kind" = {Reader} AND {StartsThread}
            AND (c."CreatedAt" {before} r."CreatedAt" OR (c."CreatedAt" = r."CreatedAt" AND c."Id" {before} r."Id"))
        """;

    public sealed class Row
    {
        public int Id { get; set; }
        public int? ParentId { get; set; }
        public string AuthorName { get; set; } = "";
        public string? AuthorUrl { get; set; }
        public string Body { get; set; } = "";
        public DateTime CreatedAt { get; set; }
        public bool IsStaff { get; set; }
    }
}
