using Broadsheet.Articles;
using Broadsheet.Site;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.WordPressApi;

/// <summary>
/// <c>/wp-json/wp/v2/users</c>: authors with a published article, and only what their author page shows anyway
/// (WordPress too lists only users who have published, and hides accounts' emails and roles).
/// </summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        api.MapMethods("/users", WordPressApiSetup.Read, ListAsync).CacheOutput(WordPressApiSetup.PolicyName);
        api.MapMethods("/users/{id}", WordPressApiSetup.Read, GetAsync).CacheOutput(WordPressApiSetup.PolicyName);
        return api;
    }

    internal sealed record AuthorRow(int Id, string Name, string Slug, string? Bio);

    internal static IQueryable<AuthorRow> Rows(IQueryable<Author> authors) =>
        authors.Select(a => new AuthorRow(a.Id, a.Name, a.Slug, a.Bio));

    private static IQueryable<Author> Public(WpSite site)
    {
        var now = site.Now;
        return site.Db.Authors.AsNoTracking()
            .Where(a => a.Bylines.Any(b => b.Article.Status == ArticleStatus.Published && b.Article.PublishedAt <= now));
    }

    private static async Task<Results<JsonHttpResult<List<WpUser>>, WpError>> ListAsync(HttpContext context, WpSite site, CancellationToken ct)
    {
        var query = new WpQuery(context.Request.Query);
        if (query.Forbidden(null) is { } forbidden)
        {
            return forbidden;
        }

        if (query.Has("roles") || query.Has("capabilities") || query.Has("who"))
        {
            return WpError.ForbiddenParam(query.Has("roles") ? "roles" : query.Has("who") ? "who" : "capabilities");
        }

        var perPage = query.PerPage();
        var page = query.Page();
        var offset = query.Offset();
        var ascending = query.Ascending(byDefault: true);
        var orderBy = query.OrderBy("name", "id", "include", "name", "slug", "include_slugs");
        var search = query.Search();
        var slugs = query.Slugs();
        var include = query.Ids("include");
        var exclude = query.Ids("exclude");
        if (query.Error is { } invalid)
        {
            return invalid;
        }

        var authors = Public(site);
        authors = search is null ? authors : authors.Where(a => EF.Functions.Like(a.Name.ToLower(), search, WpQuery.LikeEscape) || EF.Functions.Like(a.Slug, search, WpQuery.LikeEscape));
        authors = slugs is null ? authors : authors.Where(a => slugs.Contains(a.Slug));
        authors = include is null ? authors : authors.Where(a => include.Contains(a.Id));
        authors = exclude is null ? authors : authors.Where(a => !exclude.Contains(a.Id));
        var ordered = (orderBy, ascending) switch
        {
            ("id" or "include", true) => authors.OrderBy(a => a.Id),
            ("id" or "include", false) => authors.OrderByDescending(a => a.Id),
            ("slug" or "include_slugs", true) => authors.OrderBy(a => a.Slug),
            ("slug" or "include_slugs", false) => authors.OrderByDescending(a => a.Slug),
            (_, true) => authors.OrderBy(a => a.Name).ThenBy(a => a.Id),
            _ => authors.OrderByDescending(a => a.Name).ThenByDescending(a => a.Id),
        };

        var (rows, _) = await site.PageAsync(context, Rows(ordered), page, perPage, offset, null, ct);
        // Who has published changes with any article; names and biographies change with the site.
        context.TagResponse(PageCache.ListingsTag);
        return TypedResults.Json(rows.Select(r => ToUser(site, r)).ToList(), WpJsonContext.Wire.ListWpUser);
    }

    private static async Task<Results<JsonHttpResult<WpUser>, WpError>> GetAsync(string id, HttpContext context, WpSite site, CancellationToken ct)
    {
        if (new WpQuery(context.Request.Query).Forbidden(null) is { } forbidden)
        {
            return forbidden;
        }

        if (!WpIds.TryParse(id, out var key) || await Rows(Public(site).Where(a => a.Id == key)).FirstOrDefaultAsync(ct) is not { } row)
        {
            return WpError.InvalidUserId();
        }

        context.TagResponse(PageCache.AuthorTag(row.Id), PageCache.ListingsTag);
        return TypedResults.Json(ToUser(site, row), WpJsonContext.Wire.WpUser);
    }

    internal static WpUser ToUser(WpSite site, AuthorRow author) =>
        new(
            author.Id,
            author.Name,
            "",
            author.Bio ?? "",
            site.Absolute($"/author/{author.Slug}"),
            author.Slug,
            new Dictionary<string, string>(),
            [],
            WpSite.Links(("self", new WpLink(site.Api($"/users/{author.Id}"))), ("collection", new WpLink(site.Api("/users")))));
}
