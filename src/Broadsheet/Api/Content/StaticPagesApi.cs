using Broadsheet.Articles;
using Broadsheet.Site;
using Broadsheet.StaticPages;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Api.Content;

/// <summary><c>/api/v1/pages</c>: published static pages (About, Contact…).</summary>
public static class StaticPagesApi
{
    public static RouteGroupBuilder MapStaticPagesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/pages", ListAsync).WithName("listPages").WithSummary("List published static pages")
            .WithDescription("By title, without their bodies (get one page for its body).");
        api.MapGet("/pages/{id:int}", GetAsync).WithName("getPage").WithSummary("Get a published static page by id");
        api.MapGet("/pages/slug/{slug}", GetBySlugAsync).WithName("getPageBySlug").WithSummary("Get a published static page by slug")
            .WithDescription("The slug is the page's address on the site without the leading slash.");
        return api;
    }

    private static Task<Results<Ok<ContentPage<StaticPageInfo>>, ValidationProblem>> ListAsync(
        [AsParameters] PageParameters paging, HttpContext context, ContentSite site, CancellationToken ct)
    {
        context.TagResponse(StaticPageCache.ListTag);
        return ContentApi.PageAsync(context, site,
            site.Db.StaticPages.AsNoTracking().Where(p => p.Status == StaticPageStatus.Published).OrderBy(p => p.Title).ThenBy(p => p.Id)
                .Select(p => new { p.Id, p.Slug, p.Title, p.Description, p.PublishedAt, p.UpdatedAt }),
            p => new StaticPageInfo(p.Id, p.Slug, p.Title, p.Description, site.Absolute($"/{p.Slug}"), site.Api($"/pages/{p.Id}"),
                ContentSite.Utc(p.PublishedAt), ContentSite.Utc(p.UpdatedAt), null, null, null),
            ct);
    }

    private static Task<Results<Ok<StaticPageInfo>, ProblemHttpResult>> GetAsync(int id, HttpContext context, ContentSite site, CancellationToken ct) =>
        GetOneAsync(site.Db.StaticPages.Where(p => p.Id == id), $"No published page has the id {id}.", context, site, ct);

    private static Task<Results<Ok<StaticPageInfo>, ProblemHttpResult>> GetBySlugAsync(string slug, HttpContext context, ContentSite site, CancellationToken ct) =>
        GetOneAsync(site.Db.StaticPages.Where(p => p.Slug == slug), $"No published page has the slug '{slug}'.", context, site, ct);

    private static async Task<Results<Ok<StaticPageInfo>, ProblemHttpResult>> GetOneAsync(
        IQueryable<StaticPage> match, string missing, HttpContext context, ContentSite site, CancellationToken ct)
    {
        var page = await match.AsNoTracking().Where(p => p.Status == StaticPageStatus.Published).FirstOrDefaultAsync(ct);
        if (page is null)
        {
            // A draft may be published later under this id or slug: the list's tag evicts this answer then.
            context.TagResponse(StaticPageCache.ListTag);
            return ApiProblems.NotFound(missing);
        }

        context.TagResponse(StaticPageCache.PageTag(page.Id), StaticPageCache.ListTag);
        return TypedResults.Ok(new StaticPageInfo(page.Id, page.Slug, page.Title, page.Description, site.Absolute($"/{page.Slug}"), site.Api($"/pages/{page.Id}"),
            ContentSite.Utc(page.PublishedAt), ContentSite.Utc(page.UpdatedAt), page.Body, ContentSite.Format(page.BodyFormat), ArticleBody.Render(page.Body, page.BodyFormat)));
    }
}
