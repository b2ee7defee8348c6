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

    /// <summary>Every published article: the home page's latest list.</summary>
    public static readonly CardPageQuery Latest = new((db, a, id, from, to) => true);

    /// <summary>The published articles of section <c>id</c>.</summary>
    public static readonly CardPageQuery Section = new((db, a, id, from, to) => a.SectionId == id);

    /// <summary>The published articles with a byline of author <c>id</c>.</summary>
    public static readonly CardPageQuery Author = new((db, a, id, from, to) => a.Bylines.Any(b => b.AuthorId == id));

    /// <summary>
    /// The published articles tagged <c>id</c>, through the join rows themselves rather than <c>a.Tags</c>: the skip
    /// navigation also joins Tags, one more lookup for every article a deep page walks past.
    /// </summary>
    public static readonly CardPageQuery Tag = new((db, a, id, from, to) => db.Set<Dictionary<string, object>>("ArticleTags")
        .Any(l => EF.Property<int>(l, "ArticlesId") == a.Id && EF.Property<int>(l, "TagsId") == id));

    /// <summary>The articles published from <c>from</c> (inclusive) to <c>to</c> (exclusive), UTC.</summary>
    public static readonly CardPageQuery Archive = new((db, a, id, from, to) => a.PublishedAt >= from && a.PublishedAt < to);

    private readonly CompiledPerModel<Func<BroadsheetDb, int, DateTime, DateTime, DateTime, int, int, IAsyncEnumerable<ArticleCard>>> compiled;

    private CardPageQuery(Expression<Func<BroadsheetDb, Article, int, DateTime, DateTime, bool>> filter)
    {
        var rows = new FilterInliner(filter).Visit(Template.Body);
        var cards = Expression.Call(
            typeof(Queryable), nameof(Queryable.Select), [typeof(Article), typeof(ArticleCard)], rows, Expression.Quote(ArticleQueries.Card));
        var query = Expression.Lambda<Func<BroadsheetDb, int, DateTime, DateTime, DateTime, int, int, IQueryable<ArticleCard>>>(cards, Template.Parameters);
        compiled = new(() => EF.CompileAsyncQuery(query));
    }

    /// <summary>
    /// Page <paramref name="page"/> of the list, after the first <paramref name="offset"/> articles (the home page's
    /// lead), asking for one extra row to learn whether a next page exists without a COUNT.
    /// </summary>
    public async Task<Paged<ArticleCard>> PageAsync(
        BroadsheetDb db, int id, DateTime from, DateTime to, DateTime utcNow, int page, int pageSize, CancellationToken cancellationToken, int offset = 0)
    {
        page = Math.Max(page, 1);
        if (page > ArticleQueries.MaxPage)
        {
            // Far beyond any real archive; also keeps the offset from overflowing.
            return new Paged<ArticleCard>([], page, false);
        }

        var rows = new List<ArticleCard>(pageSize + 1);
        await foreach (var card in compiled.For(db)(db, id, from, to, utcNow, offset + (page - 1) * pageSize, pageSize + 1).WithCancellation(cancellationToken))
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

    /// <summary>Replaces the call to <see cref="ListFilter"/> with the filter's body, its parameters bound to the call's arguments.</summary>
    private sealed class FilterInliner(LambdaExpression filter) : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType != typeof(CardPageQuery) || node.Method.Name != nameof(ListFilter))
            {
                return base.VisitMethodCall(node);
            }

            var bound = filter.Parameters.Zip(node.Arguments.Select(Visit)).ToDictionary(p => p.First, p => p.Second!);
            return new ParameterBinder(bound).Visit(filter.Body);
        }
    }

    private sealed class ParameterBinder(Dictionary<ParameterExpression, Expression> bound) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            bound.TryGetValue(node, out var value) ? value : node;
    }
}
