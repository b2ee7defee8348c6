using Broadsheet.Articles;
using Broadsheet.Site;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.WordPressApi;

/// <summary><c>/wp-json/wp/v2/categories</c> (our sections) and <c>/wp-json/wp/v2/tags</c>, with their published-article counts.</summary>
public static class TermsApi
{
    public static RouteGroupBuilder MapTermsApi(this RouteGroupBuilder api)
    {
        api.MapMethods("/categories", WordPressApiSetup.Read, ListCategoriesAsync).CacheOutput(WordPressApiSetup.PolicyName);
        api.MapMethods("/categories/{id}", WordPressApiSetup.Read, GetCategoryAsync).CacheOutput(WordPressApiSetup.PolicyName);
        api.MapMethods("/tags", WordPressApiSetup.Read, ListTagsAsync).CacheOutput(WordPressApiSetup.PolicyName);
        api.MapMethods("/tags/{id}", WordPressApiSetup.Read, GetTagAsync).CacheOutput(WordPressApiSetup.PolicyName);
        return api;
    }

    /// <summary>A section or tag with its count; built by member initialisation so lists can still filter and order on it in SQL.</summary>
    internal sealed class TermRow
    {
        public int Id { get; init; }
        public required string Name { get; init; }
        public required string Slug { get; init; }
        public string? Description { get; init; }

        /// <summary>Its published articles; counted for a page's rows only, unless the list is ordered by it.</summary>
        public int Count { get; set; }

        /// <summary>Whether it has a published article (hide_empty): found at the first, where a count reads them all.</summary>
        public bool Listed { get; init; }
    }

    internal static IQueryable<TermRow> SectionRows(WpSite site, IQueryable<Section> sections)
    {
        var now = site.Now;
        return sections.Select(s => new TermRow
        {
            Id = s.Id,
            Name = s.Name,
            Slug = s.Slug,
            Description = s.Description,
            Count = s.Articles.Count(a => a.Status == ArticleStatus.Published && a.PublishedAt <= now),
            Listed = s.Articles.Any(a => a.Status == ArticleStatus.Published && a.PublishedAt <= now),
        });
    }

    /// <summary>
    /// Tags with their published-article counts, each counted from the tag's links, every article looked up by id in
    /// the index that holds its status and date (<see cref="ListPlan.PublishedTagLinks"/>). Counted through the skip navigation,
    /// SQLite walked every published article for each tag instead: 11 s for 300 tags at 100,000 articles, 1.6 s for a
    /// page of ten.
    /// </summary>
    internal static IQueryable<TermRow> TagRows(WpSite site, IQueryable<Tag> tags)
    {
        var published = ListPlan.PublishedTagLinks(site.Db, site.Now);
        return tags.Select(t => new TermRow
        {
            Id = t.Id,
            Name = t.Name,
            Slug = t.Slug,
            // Bound, though tags have none, so that a later projection can read it in SQL.
            Description = null,
            Count = published.Count(l => EF.Property<int>(l, "TagsId") == t.Id),
            Listed = published.Any(l => EF.Property<int>(l, "TagsId") == t.Id),
        });
    }

    /// <summary>The rows without their counts (and with a count of 0): EF Core leaves the counts' subqueries out of the SQL.</summary>
    internal static IQueryable<TermRow> Uncounted(IQueryable<TermRow> rows) =>
        rows.Select(t => new TermRow { Id = t.Id, Name = t.Name, Slug = t.Slug, Description = t.Description });

    internal static WpTerm ToCategory(WpSite site, TermRow row) =>
        new(row.Id, row.Count, row.Description ?? "", site.Absolute($"/section/{row.Slug}"), row.Name, row.Slug, "category", 0, [],
            WpSite.Links(("self", new WpLink(site.Api($"/categories/{row.Id}"))), ("collection", new WpLink(site.Api("/categories")))));

    internal static WpTerm ToTag(WpSite site, TermRow row) =>
        new(row.Id, row.Count, "", site.Absolute($"/tag/{row.Slug}"), row.Name, row.Slug, "post_tag", null, [],
            WpSite.Links(("self", new WpLink(site.Api($"/tags/{row.Id}"))), ("collection", new WpLink(site.Api("/tags")))));

    private static Task<Results<JsonHttpResult<List<WpTerm>>, WpError>> ListCategoriesAsync(HttpContext context, WpSite site, CancellationToken ct) =>
        ListAsync(context, site, site.Db.Sections.AsNoTracking(), SectionRows, ToCategory, postId => s => s.Articles.Any(a => a.Id == postId), ct);

    private static Task<Results<JsonHttpResult<List<WpTerm>>, WpError>> ListTagsAsync(HttpContext context, WpSite site, CancellationToken ct) =>
        ListAsync(context, site, site.Db.Tags.AsNoTracking(), TagRows, ToTag, postId => t => ListPlan.TagLinks(site.Db)
            .Any(l => EF.Property<int>(l, "TagsId") == t.Id && EF.Property<int>(l, "ArticlesId") == postId), ct);

    private static async Task<Results<JsonHttpResult<List<WpTerm>>, WpError>> ListAsync<TTerm>(
        HttpContext context,
        WpSite site,
        IQueryable<TTerm> terms,
        Func<WpSite, IQueryable<TTerm>, IQueryable<TermRow>> rows,
        Func<WpSite, TermRow, WpTerm> shape,
        Func<int, System.Linq.Expressions.Expression<Func<TTerm, bool>>> ofPost,
        CancellationToken ct)
    {
        var query = new WpQuery(context.Request.Query);
        if (query.Forbidden(null) is { } forbidden)
        {
            return forbidden;
        }

        var perPage = query.PerPage();
        var page = query.Page();
        var offset = query.Offset();
        var ascending = query.Ascending(byDefault: true);
        var orderBy = query.OrderBy("name", "id", "include", "name", "slug", "include_slugs", "term_group", "description", "count");
        var search = query.Search();
        var slugs = query.Slugs();
        var include = query.Ids("include");
        var exclude = query.Ids("exclude");
        var post = query.Ids("post");
        var hideEmpty = query.Boolean("hide_empty") ?? false;
        var parent = query.Ids("parent");
        if (query.Error is { } invalid)
        {
            return invalid;
        }

        var selected = rows(site, post is [var postId, ..] ? terms.Where(ofPost(postId)) : terms);
        selected = search is null ? selected : selected.Where(t => EF.Functions.Like(t.Name.ToLower(), search, WpQuery.LikeEscape) || EF.Functions.Like(t.Slug, search, WpQuery.LikeEscape));
        selected = slugs is null ? selected : selected.Where(t => slugs.Contains(t.Slug));
        selected = include is null ? selected : selected.Where(t => include.Contains(t.Id));
        selected = exclude is null ? selected : selected.Where(t => !exclude.Contains(t.Id));
        selected = hideEmpty ? selected.Where(t => t.Listed) : selected;
        // Sections are flat: every one is a top-level category.
        selected = parent is null || parent.Contains(0) ? selected : selected.Where(t => false);
        var ordered = (orderBy, ascending) switch
        {
            ("id" or "include" or "term_group", true) => selected.OrderBy(t => t.Id),
            ("id" or "include" or "term_group", false) => selected.OrderByDescending(t => t.Id),
            ("slug" or "include_slugs", true) => selected.OrderBy(t => t.Slug),
            ("slug" or "include_slugs", false) => selected.OrderByDescending(t => t.Slug),
            ("count", true) => selected.OrderBy(t => t.Count).ThenBy(t => t.Id),
            ("count", false) => selected.OrderByDescending(t => t.Count).ThenByDescending(t => t.Id),
            ("description", true) => selected.OrderBy(t => t.Description).ThenBy(t => t.Id),
            ("description", false) => selected.OrderByDescending(t => t.Description).ThenByDescending(t => t.Id),
            (_, true) => selected.OrderBy(t => t.Name).ThenBy(t => t.Id),
            _ => selected.OrderByDescending(t => t.Name).ThenByDescending(t => t.Id),
        };

        // The page is found without its counts, which are then taken for its rows alone: SQLite computes every column
        // of every row before it sorts them, and a large tag's count reads thousands of articles.
        var byCount = orderBy == "count";
        var paged = byCount ? ordered : Uncounted(ordered);

        // WordPress answers a page past the end of a term list with an empty list, not an error.
        var (found, _) = await site.PageAsync(context, paged, page, perPage, offset, null, ct);
        if (!byCount && found.Count > 0)
        {
            var ids = found.Select(t => t.Id).ToList();
            var counts = await rows(site, terms).Where(t => ids.Contains(t.Id)).Select(t => new { t.Id, t.Count }).ToDictionaryAsync(t => t.Id, t => t.Count, ct);
            found.ForEach(t => t.Count = counts[t.Id]);
        }

        context.TagResponse(PageCache.ListingsTag);
        return TypedResults.Json(found.Select(r => shape(site, r)).ToList(), WpJsonContext.Wire.ListWpTerm);
    }

    private static async Task<Results<JsonHttpResult<WpTerm>, WpError>> GetCategoryAsync(string id, HttpContext context, WpSite site, CancellationToken ct)
    {
        if (new WpQuery(context.Request.Query).Forbidden(null) is { } forbidden)
        {
            return forbidden;
        }

        if (!WpIds.TryParse(id, out var key) || await SectionRows(site, site.Db.Sections.AsNoTracking().Where(s => s.Id == key)).FirstOrDefaultAsync(ct) is not { } row)
        {
            return WpError.InvalidTermId();
        }

        context.TagResponse(PageCache.SectionTag(row.Id), PageCache.ListingsTag);
        return TypedResults.Json(ToCategory(site, row), WpJsonContext.Wire.WpTerm);
    }

    private static async Task<Results<JsonHttpResult<WpTerm>, WpError>> GetTagAsync(string id, HttpContext context, WpSite site, CancellationToken ct)
    {
        if (new WpQuery(context.Request.Query).Forbidden(null) is { } forbidden)
        {
            return forbidden;
        }

        if (!WpIds.TryParse(id, out var key) || await TagRows(site, site.Db.Tags.AsNoTracking().Where(t => t.Id == key)).FirstOrDefaultAsync(ct) is not { } row)
        {
            return WpError.InvalidTermId();
        }

        context.TagResponse(PageCache.TagTag(row.Id), PageCache.ListingsTag);
        return TypedResults.Json(ToTag(site, row), WpJsonContext.Wire.WpTerm);
    }
}
