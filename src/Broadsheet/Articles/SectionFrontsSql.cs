namespace Broadsheet.Articles;

/// <summary>
/// The home page's section fronts: one statement prepared once and kept (<see cref="Data.KeptStatements"/>), whose text
/// is the same whatever the number of sections. Through EF Core the query has one <c>UNION ALL</c> branch per
/// section, and EF Core walked and hashed that tree to find it in its query cache, then ran and materialized it, on every
/// render: with this statement the home page uncached took 1.7 ms of CPU instead of 3.2 on the demo site. SQLite has no <c>LATERAL</c> join to take each section's newest few directly; a correlated
/// <c>IN (… LIMIT n)</c> per section does the same, each an indexed walk of the section's newest (0.05 ms for ten sections
/// at 100,000 articles, against 0.08–0.13 ms for the <c>UNION ALL</c>).
/// </summary>
internal static class SectionFrontsSql
{
    private static readonly int Published = (int)ArticleStatus.Published;

    /// <summary>
    /// The cards of each section in the JSON array {0}: its {3} newest articles published at time {1}, leaving out the ids
    /// in the JSON array {2} (those the latest list shows). In no particular order.
    /// </summary>
    public static readonly string Query = $"""
        SELECT {MoreArticlesSql.CardColumns}
        WHERE a."Id" IN (
            SELECT n."Id" FROM json_each({"{0}"}) AS f
            INNER JOIN "Articles" AS n ON n."Id" IN (
                SELECT c."Id" FROM "Articles" AS c
                WHERE c."SectionId" = f."value" AND c."Status" = {Published} AND c."PublishedAt" <= {"{1}"}
                    AND c."Id" NOT IN (SELECT "value" FROM json_each({"{2}"}))
                ORDER BY c."PublishedAt" DESC, c."Id" DESC
                LIMIT {"{3}"}))
        """;

    /// <summary>
    /// The same on PostgreSQL: the section ids {0} and shown ids {2} as arrays, each section's newest by a <c>LATERAL</c>
    /// join, one indexed walk per section.
    /// </summary>
    public static readonly string PostgresQuery = $"""
        SELECT {MoreArticlesSql.CardColumns}
        INNER JOIN (
            SELECT newest."Id" FROM unnest({"{0}"}::int[]) AS f("SectionId")
            CROSS JOIN LATERAL (
                SELECT n."Id" FROM "Articles" AS n
                WHERE n."SectionId" = f."SectionId" AND n."Status" = {Published} AND n."PublishedAt" <= {"{1}"}
                    AND NOT (n."Id" = ANY ({"{2}"}::int[]))
                ORDER BY n."PublishedAt" DESC, n."Id" DESC
                LIMIT {"{3}"}) AS newest) AS fronts ON a."Id" = fronts."Id"
        """;
}
