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

    /// <summary>Stands for the ids of a list's published articles, newest first, read from its own rows (<see cref="ListedTemplate"/>); never called.</summary>
    private static IQueryable<int> Listed(BroadsheetDb db, int id, DateTime utcNow) =>
        throw new InvalidOperationException("The list's own rows are replaced before the query is compiled.");

    // Declared before the lists below, which are built from it when the class is first used.
    // ArticleQueries' Published and Latest, written out: a compiled query is one expression tree, and calls to those
    // helpers inside it would reach EF Core as methods it cannot translate. The cards' projection is added to it below.
    private static readonly Expression<Func<BroadsheetDb, int, DateTime, DateTime, DateTime, int, int, IQueryable<Article>>> Template =
        (db, id, from, to, utcNow, skip, take) => db.Articles.AsNoTracking()
            .Where(a => db.Articles.AsNoTracking()
                .Where(p => p.Status == ArticleStatus.Published && p.PublishedAt <= utcNow)
                .Where(p => ListFilter(db, p, id, from, to))
                .OrderByDescending(p => p.PublishedAt).ThenByDescending(p => p.Id)
                .Skip(skip).Take(take)
                .Select(p => p.Id)
                .Contains(a.Id))
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id);

    /// <summary>
    /// The page of a list whose own rows (a tag's links, an author's bylines) carry each article's status and time
    /// (<see cref="ListedArticle"/>): its ids are one range of those rows' index, whatever the page.
    /// </summary>
    private static readonly Expression<Func<BroadsheetDb, int, DateTime, DateTime, DateTime, int, int, IQueryable<Article>>> ListedTemplate =
        (db, id, from, to, utcNow, skip, take) => db.Articles.AsNoTracking()
            .Where(a => Listed(db, id, utcNow).Skip(skip).Take(take).Contains(a.Id))
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id);

    /// <summary>The ids of the published articles tagged <c>id</c>, newest first, from the tag's links alone. Declared before the lists, which are built from it.</summary>
    private static readonly Expression<Func<BroadsheetDb, int, DateTime, IQueryable<int>>> TagListed = (db, id, utcNow) => db.Set<Dictionary<string, object>>("ArticleTags")
        .Where(l => EF.Property<int>(l, "TagsId") == id
            && EF.Property<ArticleStatus?>(l, ListedArticle.Status) == ArticleStatus.Published && EF.Property<DateTime?>(l, ListedArticle.PublishedAt) <= utcNow)
        .OrderByDescending(l => EF.Property<DateTime?>(l, ListedArticle.PublishedAt)).ThenByDescending(l => EF.Property<int>(l, "ArticlesId"))
        .Select(l => EF.Property<int>(l, "ArticlesId"));

    /// <summary>The ids of the published articles tagged <c>id</c>, newest first, as the tag's page reads them (for its feed).</summary>
    public static readonly Func<BroadsheetDb, int, DateTime, IQueryable<int>> TaggedIds = TagListed.Compile();

    /// <summary>Every published article: the home page's latest list.</summary>
    public static readonly CardPageQuery Latest = new((db, a, id, from, to) => true);

    /// <summary>The published articles of section <c>id</c>.</summary>
    public static readonly CardPageQuery Section = new((db, a, id, from, to) => a.SectionId == id);

    /// <summary>The published articles with a byline of author <c>id</c>, from the author's bylines alone.</summary>
    public static readonly CardPageQuery Author = new((db, id, utcNow) => db.Bylines
        .Where(b => b.AuthorId == id
            && EF.Property<ArticleStatus?>(b, ListedArticle.Status) == ArticleStatus.Published && EF.Property<DateTime?>(b, ListedArticle.PublishedAt) <= utcNow)
        .OrderByDescending(b => EF.Property<DateTime?>(b, ListedArticle.PublishedAt)).ThenByDescending(b => b.ArticleId)
        .Select(b => b.ArticleId));

    /// <summary>The published articles tagged <c>id</c>, from the tag's links alone.</summary>
    public static readonly CardPageQuery Tag = new(TagListed);

    /// <summary>The articles published from <c>from</c> (inclusive) to <c>to</c> (exclusive), UTC.</summary>
    public static readonly CardPageQuery Archive = new((db, a, id, from, to) => a.PublishedAt >= from && a.PublishedAt < to);

    private readonly CompiledPerModel<Func<BroadsheetDb, int, DateTime, DateTime, DateTime, int, int, IAsyncEnumerable<ArticleCard>>> compiled;

    private CardPageQuery(Expression<Func<BroadsheetDb, Article, int, DateTime, DateTime, bool>> filter) =>
        compiled = Compile(new Inliner(nameof(ListFilter), filter).Visit(Template.Body), Template.Parameters);

    private CardPageQuery(Expression<Func<BroadsheetDb, int, DateTime, IQueryable<int>>> listed) =>
        compiled = Compile(new Inliner(nameof(Listed), listed).Visit(ListedTemplate.Body), ListedTemplate.Parameters);

    private static CompiledPerModel<Func<BroadsheetDb, int, DateTime, DateTime, DateTime, int, int, IAsyncEnumerable<ArticleCard>>> Compile(
        Expression rows, IReadOnlyList<ParameterExpression> parameters)
    {
        var cards = Expression.Call(
            typeof(Queryable), nameof(Queryable.Select), [typeof(Article), typeof(ArticleCard)], rows, Expression.Quote(ArticleQueries.Card));
        var query = Expression.Lambda<Func<BroadsheetDb, int, DateTime, DateTime, DateTime, int, int, IQueryable<ArticleCard>>>(cards, parameters);
        return new(() => EF.CompileAsyncQuery(query));
    }

    /// <summary>
    /// Page <paramref name="page"/> of the list, after the first <paramref name="offset"/> articles (the home page's
    /// lead), asking for one extra row to learn whether a next page exists without a COUNT.
    /// </summary>
    public async Task<Paged<ArticleCard>> PageAsync(
        BroadsheetDb db, int id, DateTime from, DateTime to, DateTime utcNow, int page, int pageSize, CancellationToken cancellationToken,
        int offset = 0)
    {
        page = Math.Max(page, 1);
        if (page > ArticleQueries.MaxPage)
        {
            // Far beyond any real archive; also keeps the offset from overflowing.
            return new Paged<ArticleCard>([], page, false);
        }

        var skip = offset + (page - 1) * pageSize;
        var rows = new List<ArticleCard>(pageSize + 1);
        await foreach (var card in compiled.For(db)(db, id, from, to, utcNow, skip, pageSize + 1).WithCancellation(cancellationToken))
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
