using System.Data.Common;
using Broadsheet.Comments;
using Broadsheet.Data;

namespace Broadsheet.Articles;

/// <summary>
/// More Articles' two commands as SQL, run as statements prepared once and kept (<see cref="KeptStatements"/>). Through
/// EF Core, ranking an article's relatives cost more than the rest of its page: the LINQ query grows one <c>UNION</c>
/// per tag, so EF hashed and translated a large expression tree, and built the SQL again, on every render. Here the
/// article's tags and the ids to read go as one parameter each (<see cref="KeptStatements.Ids"/>), so each command is
/// one text whatever their number. SQLite and PostgreSQL each have their text, with the same results (the tests run
/// both): SQLite reads a JSON array with <c>json_each</c> and has no <c>LATERAL</c> join; PostgreSQL takes arrays, and
/// its page is one statement (<see cref="PostgresPageQuery"/>).
/// </summary>
internal static class MoreArticlesSql
{
    private static readonly int Published = (int)ArticleStatus.Published;
    private static readonly int Approved = (int)CommentStatus.Approved;
    private static readonly int Reader = (int)CommentKind.Comment;

    /// <summary>
    /// The ids of article {0}'s (section {2}, tags the JSON array {3}) ranked candidates at time {1}, best first: the
    /// section's newest <see cref="ArticleReading.MoreArticlesCandidates"/> published articles and each tag's newest as
    /// many by id, scored two points for the section and one per shared tag, then newest first. A tag's newest are those
    /// at or above its Nth id, found by walking N entries of the (TagsId, ArticlesId) index: SQLite has no LATERAL join to
    /// take N per tag directly. Candidates are read by id from the (Id, Status, PublishedAt, SectionId) index, not the
    /// table (whose rows keep those columns after the body). Their status and time are tested there, with the unary
    /// <c>+</c> that keeps SQLite from walking the whole (Status, PublishedAt) index for them instead (20 ms at 100,000
    /// articles), and the ranking is done here too: read and parsed in .NET, the candidates' times cost more than the
    /// query. A candidate's shared tags are counted in the (TagsId, ArticlesId) index, tag by tag: the candidates are
    /// among each tag's newest, so those lookups stay within a few pages of it, where the (ArticlesId, TagsId) index
    /// SQLite would choose sends each candidate to a page of its own (1.7 ms against 0.6 ms at 100,000 articles).
    /// </summary>
    public static readonly string CandidatesQuery = $"""
        WITH "TagIds"("Id") AS (SELECT "value" FROM json_each({"{3}"})),
        "Floors"("TagId", "Floor") AS (
            SELECT t."Id", COALESCE((
                SELECT l."ArticlesId" FROM "ArticleTags" AS l WHERE l."TagsId" = t."Id"
                ORDER BY l."ArticlesId" DESC LIMIT 1 OFFSET {ArticleReading.MoreArticlesCandidates - 1}), 0)
            FROM "TagIds" AS t),
        "Candidates"("Id") AS (
            SELECT l."ArticlesId" FROM "Floors" AS f
            INNER JOIN "ArticleTags" AS l ON l."TagsId" = f."TagId" AND l."ArticlesId" >= f."Floor"
            UNION
            SELECT "Id" FROM (
                SELECT a."Id" FROM "Articles" AS a
                WHERE a."Status" = {Published} AND a."PublishedAt" <= {"{1}"} AND a."Id" <> {"{0}"} AND a."SectionId" = {"{2}"}
                ORDER BY a."PublishedAt" DESC, a."Id" DESC
                LIMIT {ArticleReading.MoreArticlesCandidates}))
        SELECT a."Id", CASE WHEN a."SectionId" = {"{2}"} THEN 2 ELSE 0 END
            + (SELECT COUNT(*) FROM "TagIds" AS t
               INNER JOIN "ArticleTags" AS l INDEXED BY "IX_ArticleTags_TagsId_ArticlesId" ON l."TagsId" = t."Id" AND l."ArticlesId" = a."Id")
            AS "Score"
        FROM "Articles" AS a INDEXED BY "IX_Articles_Id_Status_PublishedAt_SectionId"
        WHERE a."Id" IN (SELECT "Id" FROM "Candidates")
            AND +a."Status" = {Published} AND +a."PublishedAt" <= {"{1}"} AND a."Id" <> {"{0}"}
        ORDER BY "Score" DESC, a."PublishedAt" DESC, a."Id" DESC
        """;

    /// <summary><see cref="CardColumns"/>' select list alone (declared first: a static field is set in the order of the text).</summary>
    private static readonly string CardList = $"""
        a."Id", a."Headline", a."Slug", a."Standfirst", a."PublishedAt", s."Name", s."Slug", a."ImageUrl", a."ImageAlt",
        a."ImageWidth", a."ImageHeight",
        (SELECT CAST(COUNT(*) AS integer) FROM "Comments" AS c WHERE c."ArticleId" = a."Id" AND c."Status" = {Approved} AND c."Kind" = {Reader}),
        a."ImageVariants"
        """;

    /// <summary>
    /// A card's columns, as <see cref="ReadCard"/> reads them, and the tables they come from (<c>a</c>, the article). The
    /// count is cast for PostgreSQL, whose <c>COUNT</c> is a <c>bigint</c>; on SQLite the cast changes nothing.
    /// </summary>
    internal static readonly string CardColumns = $"""
        {CardList}
        {CardTables}
        """;

    /// <summary><see cref="CardColumns"/>' tables alone.</summary>
    private const string CardTables = """
        FROM "Articles" AS a INNER JOIN "Sections" AS s ON a."SectionId" = s."Id"
        """;

    /// <summary>
    /// The cards of the ranked ids in the JSON array {0}: a page the ranked articles fill, as most are. Its own text,
    /// because <see cref="CardsQuery"/>'s second half cost twice its first even when its <c>LIMIT</c> was 0 (SQLite sets
    /// up the latest articles' subquery before it looks at the limit): 83 against 34 µs a page.
    /// </summary>
    public static readonly string RankedCardsQuery = $"""
        SELECT {CardColumns}
        WHERE a."Id" IN (SELECT "value" FROM json_each({"{0}"}))
        """;

    /// <summary>
    /// The cards of the ranked ids in the JSON array {0}, then {4} of the latest published articles at time {1} after
    /// skipping {5}, leaving out article {2} and the ranked ids in the JSON array {3}.
    /// </summary>
    public static readonly string CardsQuery = $"""
        {RankedCardsQuery}
        UNION ALL
        SELECT * FROM (
            SELECT {CardColumns}
            WHERE a."Status" = {Published} AND a."PublishedAt" <= {"{1}"} AND a."Id" <> {"{2}"}
                AND a."Id" NOT IN (SELECT "value" FROM json_each({"{3}"}))
            ORDER BY a."PublishedAt" DESC, a."Id" DESC
            LIMIT {"{4}"} OFFSET {"{5}"}) AS "Latest"
        """;

    /// <summary>
    /// More Articles' page on PostgreSQL in one statement, where SQLite takes two (<see cref="CandidatesQuery"/>, then
    /// <see cref="CardsQuery"/> or <see cref="RankedCardsQuery"/>): each round trip to the database cost the app 100–200
    /// µs of CPU. Article {0} (section {2}, tags {3}, an <c>int[]</c>) at time {1}: the candidates ranked as SQLite ranks
    /// them (each tag's newest by a <c>LATERAL</c> join, one walk of the (TagsId, ArticlesId) index each; a candidate's
    /// shared tags counted by its primary key (ArticlesId, TagsId)); the cards of the page's {4} rows after skipping {5}
    /// of them, each with its rank; then, only when the ranked run out, the latest of the rest, without a rank. A
    /// <c>LIMIT</c> of 0 reads nothing, so a page the ranked fill never reads the latest.
    /// </summary>
    public static readonly string PostgresPageQuery = $"""
        WITH "Candidates"("Id") AS (
            SELECT n."ArticlesId" FROM unnest({"{3}"}::int[]) AS t("Id")
            CROSS JOIN LATERAL (
                SELECT l."ArticlesId" FROM "ArticleTags" AS l WHERE l."TagsId" = t."Id"
                ORDER BY l."ArticlesId" DESC LIMIT {ArticleReading.MoreArticlesCandidates}) AS n
            UNION
            SELECT "Id" FROM (
                SELECT a."Id" FROM "Articles" AS a
                WHERE a."Status" = {Published} AND a."PublishedAt" <= {"{1}"} AND a."Id" <> {"{0}"} AND a."SectionId" = {"{2}"}
                ORDER BY a."PublishedAt" DESC, a."Id" DESC
                LIMIT {ArticleReading.MoreArticlesCandidates}) AS s),
        "Ranked"("Id", "Rank") AS (
            SELECT a."Id", CAST(row_number() OVER (ORDER BY CASE WHEN a."SectionId" = {"{2}"} THEN 2 ELSE 0 END
                + (SELECT CAST(COUNT(*) AS integer) FROM "ArticleTags" AS l WHERE l."ArticlesId" = a."Id" AND l."TagsId" = ANY ({"{3}"}::int[])) DESC,
                a."PublishedAt" DESC, a."Id" DESC) AS integer)
            FROM "Articles" AS a
            WHERE a."Id" IN (SELECT "Id" FROM "Candidates")
                AND a."Status" = {Published} AND a."PublishedAt" <= {"{1}"} AND a."Id" <> {"{0}"}),
        "Page"("Id", "Rank") AS (
            SELECT "Id", "Rank" FROM "Ranked" WHERE "Rank" > {"{5}"} ORDER BY "Rank" LIMIT {"{4}"})
        SELECT {CardList}, p."Rank"
        {CardTables} INNER JOIN "Page" AS p ON p."Id" = a."Id"
        UNION ALL
        SELECT * FROM (
            SELECT {CardList}, CAST(NULL AS integer)
            {CardTables}
            WHERE a."Status" = {Published} AND a."PublishedAt" <= {"{1}"} AND a."Id" <> {"{0}"} AND a."Id" NOT IN (SELECT "Id" FROM "Ranked")
            ORDER BY a."PublishedAt" DESC, a."Id" DESC
            LIMIT {"{4}"} - (SELECT COUNT(*) FROM "Page") OFFSET GREATEST(0, {"{5}"} - (SELECT COUNT(*) FROM "Ranked"))) AS "Latest"
        ORDER BY 14, 5 DESC, 1 DESC
        """;

    /// <summary>A row of <see cref="PostgresPageQuery"/>: the card, and its rank if it was ranked.</summary>
    public static (ArticleCard Card, int? Rank) ReadPageRow(DbDataReader r) => (ReadCard(r), r.IsDBNull(13) ? null : r.GetInt32(13));

    public static int ReadId(DbDataReader r) => r.GetInt32(0);

    public static ArticleCard ReadCard(DbDataReader r) => new(
        r.GetInt32(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), KeptStatements.Utc(r, 4),
        r.GetString(5), r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8),
        r.IsDBNull(9) ? null : r.GetInt32(9), r.IsDBNull(10) ? null : r.GetInt32(10), r.GetInt32(11),
        r.IsDBNull(12) ? null : r.GetString(12));
}
