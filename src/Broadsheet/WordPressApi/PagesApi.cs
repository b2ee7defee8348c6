using Broadsheet.Articles;
using Broadsheet.Site;
using Broadsheet.StaticPages;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.WordPressApi;

/// <summary>
/// <c>/wp-json/wp/v2/pages</c>: published static pages, output-cached under the static pages' list tag, which
/// every save, publish and unpublish in the pages editor evicts.
/// </summary>
public static class PagesApi
{
    public static RouteGroupBuilder MapPagesApi(this RouteGroupBuilder api)
    {
        api.MapMethods("/pages", WordPressApiSetup.Read, ListAsync).CacheOutput(WordPressApiSetup.PolicyName);
        api.MapMethods("/pages/{id}", WordPressApiSetup.Read, GetAsync).CacheOutput(WordPressApiSetup.PolicyName);
        return api;
    }

    private static IQueryable<StaticPage> Public(WpSite site) =>
        site.Db.StaticPages.AsNoTracking().Where(p => p.Status == StaticPageStatus.Published);

    private static async Task<Results<JsonHttpResult<List<WpPage>>, WpError>> ListAsync(HttpContext context, WpSite site, CancellationToken ct)
    {
        context.TagResponse(StaticPageCache.ListTag);
        var query = new WpQuery(context.Request.Query);
        if (query.Forbidden() is { } forbidden)
        {
            return forbidden;
        }

        var perPage = query.PerPage();
        var page = query.Page();
        var offset = query.Offset();
        var ascending = query.Ascending(byDefault: false);
        var orderBy = query.OrderBy("date", "date", "id", "title", "slug", "modified", "menu_order", "include", "relevance");
        var search = query.Search();
        var slugs = query.Slugs();
        var include = query.Ids("include");
        var exclude = query.Ids("exclude");
        var parents = query.Ids("parent");
        if (query.Error is { } invalid)
        {
            return invalid;
        }

        if (WpError.OrderWithoutItsParameter(orderBy, search, include) is { } unordered)
        {
            return unordered;
        }

        var pages = Public(site);
        pages = search is null ? pages : pages.Where(p => EF.Functions.Like(p.Title.ToLower(), search, WpQuery.LikeEscape) || EF.Functions.Like(p.Body.ToLower(), search, WpQuery.LikeEscape));
        pages = slugs is null ? pages : pages.Where(p => slugs.Contains(p.Slug));
        pages = include is null ? pages : pages.Where(p => include.Contains(p.Id));
        pages = exclude is null ? pages : pages.Where(p => !exclude.Contains(p.Id));
        // Static pages have no parents: each is at the top.
        pages = parents is null || parents.Contains(0) ? pages : pages.Where(p => false);
        var ordered = (orderBy, ascending) switch
        {
            ("id" or "include", true) => pages.OrderBy(p => p.Id),
            ("id" or "include", false) => pages.OrderByDescending(p => p.Id),
            ("title", true) => pages.OrderBy(p => p.Title).ThenBy(p => p.Id),
            ("title", false) => pages.OrderByDescending(p => p.Title).ThenByDescending(p => p.Id),
            ("slug", true) => pages.OrderBy(p => p.Slug),
            ("slug", false) => pages.OrderByDescending(p => p.Slug),
            ("modified", true) => pages.OrderBy(p => p.UpdatedAt).ThenBy(p => p.Id),
            ("modified", false) => pages.OrderByDescending(p => p.UpdatedAt).ThenByDescending(p => p.Id),
            ("menu_order", true) => pages.OrderBy(p => p.FooterPosition).ThenBy(p => p.Id),
            ("menu_order", false) => pages.OrderByDescending(p => p.FooterPosition).ThenByDescending(p => p.Id),
            (_, true) => pages.OrderBy(p => p.PublishedAt).ThenBy(p => p.Id),
            _ => pages.OrderByDescending(p => p.PublishedAt).ThenByDescending(p => p.Id),
        };

        var (rows, beyond) = await site.PageAsync(context, ordered, page, perPage, offset, WpError.PostPageBeyondEnd, ct);
        if (beyond is not null)
        {
            return beyond;
        }

        return TypedResults.Json(rows.Select(p => ToPage(site, p)).ToList(), WpJsonContext.Wire.ListWpPage);
    }

    private static async Task<Results<JsonHttpResult<WpPage>, WpError>> GetAsync(string id, HttpContext context, WpSite site, CancellationToken ct)
    {
        context.TagResponse(StaticPageCache.ListTag);
        if (new WpQuery(context.Request.Query).Forbidden() is { } forbidden)
        {
            return forbidden;
        }

        if (!WpIds.TryParse(id, out var key) || await Public(site).FirstOrDefaultAsync(p => p.Id == key, ct) is not { } page)
        {
            return WpError.InvalidPostId();
        }

        return TypedResults.Json(ToPage(site, page), WpJsonContext.Wire.WpPage);
    }

    private static WpPage ToPage(WpSite site, StaticPage page)
    {
        var published = page.PublishedAt ?? page.CreatedAt;
        var link = site.Absolute($"/{page.Slug}");
        var html = ArticleBody.Render(page.Body, page.BodyFormat);
        var excerpt = page.Description ?? WpText.FirstParagraph(html);
        return new WpPage(
            page.Id,
            site.Local(published),
            WpSite.Gmt(published),
            new WpRendered(link),
            site.Local(page.UpdatedAt),
            WpSite.Gmt(page.UpdatedAt),
            page.Slug,
            "publish",
            "page",
            link,
            new WpRendered(WpSite.Encode(page.Title)),
            new WpContent(html),
            new WpContent(WpSite.Paragraph(excerpt)),
            0,
            0,
            0,
            page.FooterPosition ?? 0,
            "closed",
            "closed",
            "",
            [],
            WpSite.Links(("self", new WpLink(site.Api($"/pages/{page.Id}"))), ("collection", new WpLink(site.Api("/pages")))));
    }
}
