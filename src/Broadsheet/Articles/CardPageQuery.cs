using System.Linq.Expressions;
using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Articles;

/// <summary>
/// One page of a reader list's cards (the home page's latest, a section, tag, author or date archive), as an EF Core
/// compiled query made once per list kind and model. Built from LINQ on every render, the page's query tree was
/// extracted, hashed and looked up in EF Core's cache each time: on an uncached section page that was about a fifth of
/// the endpoint's CPU.
/// </summary>
/// <remarks>
/// The page is found by id alone and only its rows are then read whole: OFFSET must still walk every row before the
/// page, and carrying headlines and standfirsts through that walk (PostgreSQL even sorted them on disk) made page 500
/// of a large tag or author cost hundreds of milliseconds. Walking ids only is an index-only scan. The offset and size
/// are SQL parameters: one statement for every page number.
/// <para>
/// Every kind takes the same parameters, the list's id (section, tag, author) and a time range (archives), and uses
/// what it needs; parameters a filter does not use do not reach the SQL.
/// </para>
/// </remarks>
public sealed class CardPageQuery
{
    /// <summary>Stands for the list's filter in <see cref="Template"/>; never called.</summary>
    private static bool ListFilter(BroadsheetDb db, Article article, int id, DateTime from, DateTime to) =>
        throw new InvalidOperationException("The list filter is replaced before the query is compiled.");

    /// <summary>Stands for the articles the list's ids are read from in <see cref="Template"/>; never called.</summary>
    private static IQueryable<Article> ListSource(BroadsheetDb db) =>
        throw new InvalidOperationException("The list source is replaced before the query is compiled.");

    /// <summary>Stands for the ids of a list's own rows (an author's bylines, a tag's links); never called.</summary>
    private static IQueryable<int> OwnRows(BroadsheetDb db, int id) =>
        throw new InvalidOperationException("The list's own rows are replaced before the query is compiled.");

    /// <summary>The list's articles found among its own rows: read from those, looked up one by one.</summary>
    private static readonly Expression<Func<BroadsheetDb, Article, int, DateTime, DateTime, bool>> AmongOwnRows =
        (db, a, id, from, to) => OwnRows(db, id).Contains(a.Id);

    /// <summary>The list's own rows, counted up to <c>cap</c>, in their index's order.</summary>
    private static readonly Expression<Func<BroadsheetDb, int, int, CancellationToken, int>> OwnRowCount =
        (db, id, cap, _) => OwnRows(db, id).OrderBy(articleId => articleId).Take(cap).Count();

    /// <summary>Every article, walked down the (Status, PublishedAt, Id) index.</summary>
    private static readonly Expression<Func<BroadsheetDb, IQueryable<Article>>> Walked = db => db.Articles.AsNoTracking();

    /// <summary>Every article, each looked up by id (<see cref="ListPlan.ArticlesByIdSql"/>).</summary>
    private static readonly Expression<Func<BroadsheetDb, IQueryable<Article>>> ById = db => db.Articles
        .FromSqlRaw(ListPlan.ArticlesByIdSql).AsNoTracking();

    // Declared before the lists below, which are built from it when the class is first used.
    // ArticleQueries' Published and Latest, written out: a compiled query is one expression tree, and calls to those
    // helpers inside it would reach EF Core as methods it cannot translate. The cards' projection is added to it below.
    private static readonly Expression<Func<BroadsheetDb, int, DateTime, DateTime, DateTime, int, int, IQueryable<Article>>> Template =
        (db, id, from, to, utcNow, skip, take) => db.Articles.AsNoTracking()
            .Where(a => ListSource(db)
                .Where(p => p.Status == ArticleStatus.Published && p.PublishedAt <= utcNow)
                .Where(p => ListFilter(db, p, id, from, to))
                .OrderByDescending(p => p.PublishedAt).ThenByDescending(p => p.Id)
                .Skip(skip).Take(take)
                .Select(p => p.Id)
                .Contains(a.Id))
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id);

    /// <summary>The ids of the articles tagged <c>id</c>, from the tag's links alone. Declared before the lists, which are built from it.</summary>
    private static readonly Expression<Func<BroadsheetDb, int, IQueryable<int>>> TagLinks = (db, id) => db.Set<Dictionary<string, object>>("ArticleTags")
        .Where(l => EF.Property<int>(l, "TagsId") == id).Select(l => EF.Property<int>(l, "ArticlesId"));

    /// <summary>The ids of the articles tagged <c>id</c>, as the tag's list reads them from its own rows (for queries built outside this class).</summary>
    public static readonly Func<BroadsheetDb, int, IQueryable<int>> TaggedIds = TagLinks.Compile();

    /// <summary>Every published article: the home page's latest list.</summary>
    public static readonly CardPageQuery Latest = new((db, a, id, from, to) => true);

    /// <summary>The published articles of section <c>id</c>.</summary>
    public static readonly CardPageQuery Section = new((db, a, id, from, to) => a.SectionId == id);

    /// <summary>The published articles with a byline of author <c>id</c>.</summary>
    public static readonly CardPageQuery Author = new(
        (db, a, id, from, to) => a.Bylines.Any(b => b.AuthorId == id),
        (db, id) => db.Bylines.Where(b => b.AuthorId == id).Select(b => b.ArticleId));

    /// <summary>
    /// The published articles tagged <c>id</c>, through the join rows themselves rather than <c>a.Tags</c>: the skip
    /// navigation also joins Tags, one more lookup for every article a deep page walks past.
    /// </summary>
    public static readonly CardPageQuery Tag = new(
        (db, a, id, from, to) => db.Set<Dictionary<string, object>>("ArticleTags")
            .Any(l => EF.Property<int>(l, "ArticlesId") == a.Id && EF.Property<int>(l, "TagsId") == id),
        TagLinks);

    /// <summary>The articles published from <c>from</c> (inclusive) to <c>to</c> (exclusive), UTC.</summary>
    public static readonly CardPageQuery Archive = new((db, a, id, from, to) => a.PublishedAt >= from && a.PublishedAt < to);

    private readonly CompiledPerModel<Func<BroadsheetDb, int, DateTime, DateTime, DateTime, int, int, IAsyncEnumerable<ArticleCard>>> compiled;

    /// <summary>The same list read from its own rows, and their count (SQLite; see <see cref="ListPlan"/>); null for lists without.</summary>
    private readonly CompiledPerModel<Func<BroadsheetDb, int, DateTime, DateTime, DateTime, int, int, IAsyncEnumerable<ArticleCard>>>? fromOwnRows;
    private readonly CompiledPerModel<Func<BroadsheetDb, int, int, CancellationToken, Task<int>>>? ownRowCount;

    private CardPageQuery(
        Expression<Func<BroadsheetDb, Article, int, DateTime, DateTime, bool>> filter,
        Expression<Func<BroadsheetDb, int, IQueryable<int>>>? ownRows = null)
    {
        compiled = Compile(filter, Walked);
        if (ownRows is not null)
        {
            var inlineOwnRows = new Inliner(nameof(OwnRows), ownRows);
            fromOwnRows = Compile((Expression<Func<BroadsheetDb, Article, int, DateTime, DateTime, bool>>)inlineOwnRows.Visit(AmongOwnRows), ById);
            var count = (Expression<Func<BroadsheetDb, int, int, CancellationToken, int>>)inlineOwnRows.Visit(OwnRowCount);
            ownRowCount = new(() => EF.CompileAsyncQuery(count));
        }
    }

    private static CompiledPerModel<Func<BroadsheetDb, int, DateTime, DateTime, DateTime, int, int, IAsyncEnumerable<ArticleCard>>> Compile(
        Expression<Func<BroadsheetDb, Article, int, DateTime, DateTime, bool>> filter, Expression<Func<BroadsheetDb, IQueryable<Article>>> source)
    {
        var rows = new Inliner(nameof(ListSource), source).Visit(new Inliner(nameof(ListFilter), filter).Visit(Template.Body));
        var cards = Expression.Call(
            typeof(Queryable), nameof(Queryable.Select), [typeof(Article), typeof(ArticleCard)], rows, Expression.Quote(ArticleQueries.Card));
        var query = Expression.Lambda<Func<BroadsheetDb, int, DateTime, DateTime, DateTime, int, int, IQueryable<ArticleCard>>>(cards, Template.Parameters);
        return new(() => EF.CompileAsyncQuery(query));
    }

    /// <summary>
    /// Page <paramref name="page"/> of the list, after the first <paramref name="offset"/> articles (the home page's
    /// lead), asking for one extra row to learn whether a next page exists without a COUNT. Given the site's newest
    /// article id, an author's or tag's list on SQLite is read the cheaper way <see cref="ListPlan"/> finds.
    /// </summary>
    public async Task<Paged<ArticleCard>> PageAsync(
        BroadsheetDb db, int id, DateTime from, DateTime to, DateTime utcNow, int page, int pageSize, CancellationToken cancellationToken,
        int offset = 0, int newestId = 0)
    {
        page = Math.Max(page, 1);
        if (page > ArticleQueries.MaxPage)
        {
            // Far beyond any real archive; also keeps the offset from overflowing.
            return new Paged<ArticleCard>([], page, false);
        }

        var skip = offset + (page - 1) * pageSize;
        var query = await ReadsFromOwnRowsAsync(db, id, newestId, skip + pageSize + 1, cancellationToken) ? fromOwnRows! : compiled;
        var rows = new List<ArticleCard>(pageSize + 1);
        await foreach (var card in query.For(db)(db, id, from, to, utcNow, skip, pageSize + 1).WithCancellation(cancellationToken))
        {
            rows.Add(card);
        }

        var hasNext = rows.Count > pageSize;
        if (hasNext)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return new Paged<ArticleCard>(rows, page, hasNext);
    }

    /// <summary>
    /// Whether this list (an author's or tag's, on SQLite, on a site whose newest article id is
    /// <paramref name="newestId"/>) is read from its own rows through <paramref name="rowsThrough"/> of them, rather than
    /// by walking the site's list: counts those rows as far as <see cref="ListPlan"/> needs.
    /// </summary>
    internal async Task<bool> ReadsFromOwnRowsAsync(BroadsheetDb db, int id, int newestId, int rowsThrough, CancellationToken cancellationToken)
    {
        if (fromOwnRows is null || newestId <= ListPlan.WalkAlwaysUpTo || !db.Database.IsSqlite())
        {
            return false;
        }

        var counted = await ownRowCount!.For(db)(db, id, ListPlan.OwnRowsWorthCounting(newestId, rowsThrough), cancellationToken);
        return ListPlan.ReadFromOwnRows(counted, newestId, rowsThrough);
    }

    /// <summary>Replaces each call to the placeholder method <paramref name="placeholder"/> with <paramref name="body"/>'s body, its parameters bound to the call's arguments.</summary>
    private sealed class Inliner(string placeholder, LambdaExpression body) : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType != typeof(CardPageQuery) || node.Method.Name != placeholder)
            {
                return base.VisitMethodCall(node);
            }

            var bound = body.Parameters.Zip(node.Arguments.Select(Visit)).ToDictionary(p => p.First, p => p.Second!);
            return new ParameterBinder(bound).Visit(body.Body);
        }
    }

    private sealed class ParameterBinder(Dictionary<ParameterExpression, Expression> bound) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            bound.TryGetValue(node, out var value) ? value : node;
    }
}
