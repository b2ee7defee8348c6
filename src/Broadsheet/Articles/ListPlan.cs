using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Articles;

/// <summary>
/// How the APIs' lists narrowed to several authors or tags (or to one, ordered by id) find their articles in a list
/// ordered by date or id, when SQLite (which keeps no statistics
/// here) cannot tell the two ways apart: down the list's index, checking each entry for the author or tag until the
/// page is reached, or from the author's bylines or the tag's links, looking up each of those articles and sorting them.
/// The first costs about (rows through the page) x (site / the list's articles) checks, the second about two checks'
/// worth per article of the list's. At 100,000 articles the walk took 48 ms to find that a tag of one article has no
/// second page, and the same for page 500 of an author of 3,560; from their side, 0.3 and 2.8 ms. (The lists of one
/// tag or one author by date, the APIs' (<see cref="OneListRange"/>) and the reader site's tag and author pages, and the
/// newsroom's list of one author need no choice: they read one range of their own rows' index, see <see cref="ListedArticle"/>.)
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
    /// The articles a filtered list (the APIs') starts from: looked up by id (<see cref="ArticlesById"/>, SQLite) when
    /// it is read from its own rows, else every article for the database to walk.
    /// </summary>
    public static IQueryable<Article> Source(BroadsheetDb db, bool fromOwnRows) =>
        fromOwnRows && db.Database.IsSqlite() ? ArticlesById(db) : db.Articles.AsNoTracking();

    /// <summary>The links between articles and tags (the skip navigation's join rows), to read without joining Tags.</summary>
    public static IQueryable<Dictionary<string, object>> TagLinks(BroadsheetDb db) => db.Set<Dictionary<string, object>>("ArticleTags");

    /// <summary>
    /// The links whose article is published by <paramref name="utcNow"/>, from the copies of its status and time each
    /// link carries (<see cref="ListedArticle"/>): what a tag's published articles are counted or found from, a range of
    /// one index per tag. Through the skip navigation SQLite walked every published article for each tag, and looking
    /// each link's article up by id still took 329 ms to count 300 tags at 100,000 articles.
    /// </summary>
    public static IQueryable<Dictionary<string, object>> PublishedTagLinks(BroadsheetDb db, DateTime utcNow) =>
        TagLinks(db).Where(l => EF.Property<ArticleStatus?>(l, ListedArticle.Status) == ArticleStatus.Published
            && EF.Property<DateTime?>(l, ListedArticle.PublishedAt) <= utcNow);

    /// <summary>
    /// The published articles of one tag or one author, from the copies of their status and time the tag's links or the
    /// author's bylines carry (<see cref="ListedArticle"/>): by publication time, one range of one index at any depth,
    /// as the reader site's tag and author pages read them. Null unless the list is narrowed to exactly one tag or one
    /// author, not both (several would need their ranges merged). The APIs' lists of one tag or author in date order
    /// start from it: page 500 of a tag of 37,000 articles at 100,000 walked the site's list or looked up every one of
    /// the tag's articles (45-77 ms) where the range is 10,000 index entries.
    /// </summary>
    public static IQueryable<ListedRow>? OneListRange(BroadsheetDb db, IReadOnlyCollection<int>? tagIds, IReadOnlyCollection<int>? authorIds, DateTime utcNow)
    {
        if (tagIds is { Count: 1 } && authorIds is null)
        {
            var tagId = tagIds.First();
            return PublishedTagLinks(db, utcNow).Where(l => EF.Property<int>(l, "TagsId") == tagId)
                .Select(l => new ListedRow { ArticleId = EF.Property<int>(l, "ArticlesId"), PublishedAt = EF.Property<DateTime?>(l, ListedArticle.PublishedAt)!.Value });
        }

        if (authorIds is { Count: 1 } && tagIds is null)
        {
            var authorId = authorIds.First();
            return db.Bylines.Where(b => b.AuthorId == authorId
                    && EF.Property<ArticleStatus?>(b, ListedArticle.Status) == ArticleStatus.Published && EF.Property<DateTime?>(b, ListedArticle.PublishedAt) <= utcNow)
                .Select(b => new ListedRow { ArticleId = b.ArticleId, PublishedAt = EF.Property<DateTime?>(b, ListedArticle.PublishedAt)!.Value });
        }

        return null;
    }

    /// <summary>
    /// <paramref name="rows"/> (from <see cref="OneListRange"/>) kept to the articles <paramref name="others"/> holds,
    /// the list's other filters: checked for each row the range passes, each an article looked up by id (best from
    /// <see cref="Source"/>'s own rows, whose index holds the section: through the table's rows, on SQLite, checking a
    /// tag of 37,000 for a section took 130 ms instead of 18). Unchanged when there are none, so that a count or a page
    /// stays within the index.
    /// </summary>
    public static IQueryable<ListedRow> Also(this IQueryable<ListedRow> rows, IQueryable<Article>? others) =>
        others is null ? rows : rows.Where(r => others.Any(a => a.Id == r.ArticleId));

    /// <summary><paramref name="rows"/> newest first (or oldest), in the order of their index.</summary>
    public static IOrderedQueryable<ListedRow> ByDate(this IQueryable<ListedRow> rows, bool ascending) => ascending
        ? rows.OrderBy(r => r.PublishedAt).ThenBy(r => r.ArticleId)
        : rows.OrderByDescending(r => r.PublishedAt).ThenByDescending(r => r.ArticleId);

    /// <summary>
    /// <paramref name="articles"/> narrowed to those tagged any of <paramref name="tagIds"/> and bylined to any of
    /// <paramref name="authorIds"/> (null: not narrowed by it). Read from their own rows, that is <c>Id IN</c> the tags'
    /// links or the authors' bylines, for a source looked up by id; walked, a check of each article the walk passes
    /// (as an <c>IN</c> it would first collect every link of a large tag, 12 ms for 37,000 at 100,000 articles).
    /// </summary>
    public static IQueryable<Article> Narrowed(
        BroadsheetDb db, IQueryable<Article> articles, IReadOnlyCollection<int>? tagIds, IReadOnlyCollection<int>? authorIds, bool fromOwnRows)
    {
        var links = TagLinks(db);
        if (tagIds is not null)
        {
            articles = fromOwnRows
                ? articles.Where(a => links.Where(l => tagIds.Contains(EF.Property<int>(l, "TagsId"))).Select(l => EF.Property<int>(l, "ArticlesId")).Contains(a.Id))
                : articles.Where(a => links.Any(l => EF.Property<int>(l, "ArticlesId") == a.Id && tagIds.Contains(EF.Property<int>(l, "TagsId"))));
        }

        if (authorIds is not null)
        {
            articles = fromOwnRows
                ? articles.Where(a => db.Bylines.Where(b => authorIds.Contains(b.AuthorId)).Select(b => b.ArticleId).Contains(a.Id))
                : articles.Where(a => a.Bylines.Any(b => authorIds.Contains(b.AuthorId)));
        }

        return articles;
    }

    /// <summary>
    /// Whether a list narrowed to some tags or authors, <paramref name="listed"/> articles long (already counted, from
    /// its own rows, which is the cheaper count at any size: the site's id index holds what the count checks), is paged
    /// from those rows through <paramref name="rowsThrough"/> of them rather than by walking the site's list. SQLite
    /// only (PostgreSQL's planner keeps statistics and chooses); looks up the site's newest article id.
    /// </summary>
    public static async Task<bool> PagesFromOwnRowsAsync(BroadsheetDb db, int listed, int rowsThrough, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            return false;
        }

        var newestId = await db.Articles.MaxAsync(a => (int?)a.Id, cancellationToken) ?? 0;
        return newestId > WalkAlwaysUpTo && ReadFromOwnRows(listed, newestId, rowsThrough);
    }
}

/// <summary>An article of a tag's or author's list, as its link or byline has it (<see cref="ListPlan.OneListRange"/>).</summary>
public sealed class ListedRow
{
    public int ArticleId { get; init; }
    public DateTime PublishedAt { get; init; }
}
