using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Articles;

/// <summary>
/// How to find the articles of one author or tag in a list ordered by date, when SQLite (which keeps no statistics
/// here) cannot tell the two ways apart: down the list's index, checking each entry for the author or tag until the
/// page is reached, or from the author's bylines or the tag's links, looking up each of those articles and sorting them.
/// The first costs about (rows through the page) x (site / the list's articles) checks, the second about two checks'
/// worth per article of the list's. At 100,000 articles the walk took 48 ms to find that a tag of one article has no
/// second page, and the same for page 500 of an author of 3,560; from their side, 0.3 and 2.8 ms.
/// </summary>
public static class ListPlan
{
    /// <summary>Sites up to this many articles always walk: no walk can pass more entries than the site has.</summary>
    public const int WalkAlwaysUpTo = 1_000;

    /// <summary>
    /// Every article, each looked up by id in the index that holds what a list reads of it (SQLite only): given
    /// <c>Id IN (...)</c> and an ORDER BY with a LIMIT, SQLite otherwise still walks the date index.
    /// </summary>
    public const string ArticlesByIdSql = "SELECT * FROM \"Articles\" INDEXED BY \"IX_Articles_Id_Status_PublishedAt_SectionId\"";

    /// <summary>The articles as <see cref="ArticlesByIdSql"/> reads them, for a list read from its own rows.</summary>
    public static IQueryable<Article> ArticlesById(BroadsheetDb db) => db.Articles.FromSqlRaw(ArticlesByIdSql).AsNoTracking();

    /// <summary>
    /// Whether reading the list from its own rows (<paramref name="ownRows"/> of them) costs less than walking the
    /// site's list until <paramref name="rowsThrough"/> of them have passed, when they are about
    /// <c>ownRows / newestId</c> of the site's articles.
    /// </summary>
    public static bool ReadFromOwnRows(int ownRows, int newestId, int rowsThrough) =>
        ownRows == 0 || 2L * ownRows * ownRows < (long)rowsThrough * Math.Max(newestId, ownRows);

    /// <summary>
    /// How far the list's own rows need counting for <see cref="ReadFromOwnRows"/>: at this many the walk is already
    /// the cheaper, so a count stopped here decides as the full count would.
    /// </summary>
    public static int OwnRowsWorthCounting(int newestId, int rowsThrough) =>
        (int)Math.Min(int.MaxValue, Math.Ceiling(Math.Sqrt((double)rowsThrough * Math.Max(newestId, 1) / 2)));
}
