using Broadsheet.Articles;
using Broadsheet.Site;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Api.Content;

/// <summary>Sections (in menu order), tags and authors: the ways into the articles.</summary>
public static class TaxonomyApi
{
    public static RouteGroupBuilder MapTaxonomyApi(this RouteGroupBuilder api)
    {
        api.MapGet("/sections", SectionsAsync).WithName("listSections").WithSummary("List sections")
            .WithDescription("Every section, in the order of the site's menu.");
        api.MapGet("/tags", TagsAsync).WithName("listTags").WithSummary("List tags")
            .WithDescription("Tags that at least one published article carries, by name.");
        api.MapGet("/authors", AuthorsAsync).WithName("listAuthors").WithSummary("List authors")
            .WithDescription("Writers with at least one published article, by name; public fields only.");
        return api;
    }

    private static Task<Results<Ok<ContentPage<SectionInfo>>, ValidationProblem>> SectionsAsync(
        [AsParameters] PageParameters paging, HttpContext context, ContentSite site, CancellationToken ct)
    {
        // Sections change with the menu (site tag); a new section appears with its first article, which evicts the lists.
        context.TagResponse(PageCache.ListingsTag);
        return ContentApi.PageAsync(context, site,
            site.Db.Sections.AsNoTracking().OrderBy(s => s.Position).ThenBy(s => s.Id),
            s => new SectionInfo(s.Id, s.Slug, s.Name, s.Description, s.Position, site.Absolute($"/section/{s.Slug}"), site.Api($"/articles?section={Uri.EscapeDataString(s.Slug)}")),
            ct);
    }

    private static Task<Results<Ok<ContentPage<TagInfo>>, ValidationProblem>> TagsAsync(
        [AsParameters] PageParameters paging, HttpContext context, ContentSite site, CancellationToken ct)
    {
        context.TagResponse(PageCache.ListingsTag);
        var now = site.Now;
        var published = ListPlan.PublishedTagLinks(site.Db, now);
        return ContentApi.PageAsync(context, site,
            site.Db.Tags.AsNoTracking()
                .Where(t => published.Any(l => EF.Property<int>(l, "TagsId") == t.Id))
                .OrderBy(t => t.Name).ThenBy(t => t.Id),
            t => new TagInfo(t.Id, t.Slug, t.Name, site.Absolute($"/tag/{t.Slug}"), site.Api($"/articles?tag={Uri.EscapeDataString(t.Slug)}")),
            ct);
    }

    private static Task<Results<Ok<ContentPage<AuthorInfo>>, ValidationProblem>> AuthorsAsync(
        [AsParameters] PageParameters paging, HttpContext context, ContentSite site, CancellationToken ct)
    {
        context.TagResponse(PageCache.ListingsTag);
        var now = site.Now;
        return ContentApi.PageAsync(context, site,
            site.Db.Authors.AsNoTracking()
                .Where(a => a.Bylines.Any(b => b.Article.Status == ArticleStatus.Published && b.Article.PublishedAt <= now))
                .OrderBy(a => a.Name).ThenBy(a => a.Id),
            a => new AuthorInfo(a.Id, a.Slug, a.Name, a.JobTitle, a.Bio, site.Absolute($"/author/{a.Slug}"), site.Api($"/articles?author={Uri.EscapeDataString(a.Slug)}")),
            ct);
    }
}
