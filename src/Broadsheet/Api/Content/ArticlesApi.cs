using Broadsheet.Articles;
using Broadsheet.Search;
using Broadsheet.Site;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Api.Content;

/// <summary><c>/api/v1/articles</c>: published articles, newest first, filtered and paged by page or by cursor.</summary>
public static class ArticlesApi
{
    public static RouteGroupBuilder MapArticlesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/articles", ListAsync)
            .WithName("listArticles")
            .WithSummary("List published articles")
            .WithDescription("Newest first. Filter by `section`, `tag` or `author` (slugs), by `from`/`to` (ISO 8601; a bare `to` date includes "
                + "that day) and by `q` (words in the text). Page with `page` and `per_page`, or with `cursor` (the `nextCursor` of the "
                + "previous page), which stays stable while new articles are published.");
        api.MapGet("/articles/{id:int}", GetAsync)
            .WithName("getArticle")
            .WithSummary("Get a published article by id")
            .WithDescription("With its body as written (`body`, in `bodyFormat`) and rendered to HTML (`html`).");
        api.MapGet("/articles/slug/{slug}", GetBySlugAsync)
            .WithName("getArticleBySlug")
            .WithSummary("Get a published article by slug")
            .WithDescription("The slug is the last segment of the article's address on the site.");
        return api;
    }

    /// <summary>What an article is built from: one query, with its tags and authors.</summary>
    internal sealed record ArticleRow(
        int Id, string Slug, string Headline, string? Standfirst, DateTime PublishedAt, DateTime UpdatedAt, bool IsSticky,
        int SectionId, string SectionSlug, string SectionName,
        List<NameRow> Tags, List<NameRow> Authors,
        string? ImageUrl, string? ImageAlt, string? ImageCaption, string? ImageCredit, int? ImageWidth, int? ImageHeight);

    internal sealed record NameRow(int Id, string Slug, string Name);

    private static IQueryable<ArticleRow> ToRows(this IQueryable<Article> articles) =>
        articles.Select(a => new ArticleRow(
            a.Id, a.Slug, a.Headline, a.Standfirst, a.PublishedAt!.Value, a.UpdatedAt, a.IsSticky,
            a.SectionId, a.Section.Slug, a.Section.Name,
            a.Tags.OrderBy(t => t.Name).Select(t => new NameRow(t.Id, t.Slug, t.Name)).ToList(),
            a.Bylines.OrderBy(b => b.Position).Select(b => new NameRow(b.AuthorId, b.Author.Slug, b.Author.Name)).ToList(),
            a.ImageUrl, a.ImageAlt, a.ImageCaption, a.ImageCredit, a.ImageWidth, a.ImageHeight));

    private static async Task<Results<Ok<ContentPage<ArticleSummary>>, ValidationProblem>> ListAsync(
        [AsParameters] PageParameters paging, [AsParameters] ArticleListParameters parameters, HttpContext context, ContentSite site, Search.ArticleSearch search, CancellationToken ct)
    {
        var query = new ContentQuery(context.Request.Query);
        var perPage = query.PerPage();
        var after = query.Cursor();
        var pageNumber = query.Page(cursorGiven: query.Text("cursor") is not null);
        var start = query.Time("from", endOfDay: false);
        var end = query.Time("to", endOfDay: true);
        if (start is not null && end is not null && start >= end)
        {
            query.Errors["to"] = ["Must be later than from."];
        }

        if (query.Errors.Count > 0)
        {
            return ApiProblems.BadParameters(query.Errors);
        }

        // One tag's or one author's articles are counted and paged from the copies of their status and time the tag's
        // links or the author's bylines carry (ListPlan.OneListRange), one range of one index. Several tags or authors
        // are counted from their links or bylines, and paged from them too when they are few of the site's (ListPlan):
        // walking the site's list to find them, once for the count and again for each of the page's queries, took
        // 100-300 ms at 100,000 articles.
        var tagIds = parameters.Tag is { Length: > 0 } tagSlug
            ? await site.Db.Tags.Where(t => t.Slug == tagSlug).Select(t => t.Id).ToArrayAsync(ct)
            : null;
        var authorIds = parameters.Author is { Length: > 0 } authorSlug
            ? await site.Db.Authors.Where(a => a.Slug == authorSlug).Select(a => a.Id).ToArrayAsync(ct)
            : null;
        var narrowed = tagIds is not null || authorIds is not null;
        // The search index decides what matches; the list keeps its own order (newest first) and paging.
        var searched = !string.IsNullOrWhiteSpace(parameters.Q);
        var matching = searched ? await search.MatchingIdsAsync(parameters.Q, ct) : null;

        IQueryable<Article> InSection(IQueryable<Article> articles) =>
            parameters.Section is { Length: > 0 } sectionSlug ? articles.Where(a => a.Section.Slug == sectionSlug) : articles;

        IQueryable<Article> Filtered(bool fromOwnRows)
        {
            var articles = ListPlan.Narrowed(site.Db, ListPlan.Source(site.Db, fromOwnRows).Published(site.Now), tagIds, authorIds, fromOwnRows);
            articles = start is { } s ? articles.Where(a => a.PublishedAt >= s) : articles;
            articles = end is { } e ? articles.Where(a => a.PublishedAt < e) : articles;
            articles = InSection(articles);
            return searched ? articles.Among(matching) : articles;
        }

        var skip = after is null ? (pageNumber!.Value - 1) * perPage : 0;
        int total;
        List<int> ids = [];
        if (ListPlan.OneListRange(site.Db, tagIds, authorIds, site.Now) is { } range)
        {
            range = start is { } s ? range.Where(r => r.PublishedAt >= s) : range;
            range = end is { } e ? range.Where(r => r.PublishedAt < e) : range;
            range = searched ? range.Among(matching) : range;
            range = range.Also(parameters.Section is { Length: > 0 } ? InSection(ListPlan.Source(site.Db, fromOwnRows: true)) : null);
            total = await range.CountAsync(ct);
            if (total > skip)
            {
                var ordered = range.ByDate(ascending: false);
                var window = after is { } c
                    ? ordered.Where(r => r.PublishedAt < c.PublishedAt || (r.PublishedAt == c.PublishedAt && r.ArticleId < c.Id))
                    : ordered.Skip(skip);
                ids = await window.Take(perPage + 1).Select(r => r.ArticleId).ToListAsync(ct);
            }
        }
        else
        {
            total = await Filtered(fromOwnRows: narrowed).CountAsync(ct);
            if (total > skip)
            {
                var ordered = Filtered(narrowed && await ListPlan.PagesFromOwnRowsAsync(site.Db, total, skip + perPage + 1, ct)).Latest();
                IQueryable<Article> window = after is { } c
                    ? ordered.Where(a => a.PublishedAt < c.PublishedAt || (a.PublishedAt == c.PublishedAt && a.Id < c.Id))
                    : ordered.Skip(skip);
                // One more than a page tells whether there is a next one without a second query. The page is found by id
                // alone, then read whole: the filter runs once, not once for each of the rows' split queries.
                ids = await window.Take(perPage + 1).Select(a => a.Id).ToListAsync(ct);
            }
        }

        var rows = ids.Count == 0
            ? []
            : await site.Db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id)).Latest().ToRows().AsSplitQuery().ToListAsync(ct);
        var more = rows.Count > perPage;
        rows = rows.Take(perPage).ToList();
        var nextCursor = more ? new ArticleCursor(ContentSite.Utc(rows[^1].PublishedAt), rows[^1].Id).ToString() : null;

        string? next = null, prev = null;
        if (pageNumber is { } number)
        {
            next = more ? site.Link(context, ("page", ContentSite.Number(number + 1))) : null;
            prev = number > 1 ? site.Link(context, ("page", ContentSite.Number(number - 1))) : null;
        }
        else
        {
            next = nextCursor is null ? null : site.Link(context, ("cursor", nextCursor));
        }

        context.TagResponse(PageCache.ListingsTag);
        foreach (var row in rows)
        {
            context.TagResponse([.. Tags(row)]);
        }

        var items = rows.Select(r => Summary(site, r)).ToList();
        return TypedResults.Ok(new ContentPage<ArticleSummary>(items, pageNumber, perPage, total, nextCursor, new PageLinks(site.Link(context), next, prev)));
    }

    private static Task<Results<Ok<ArticleDetail>, ProblemHttpResult>> GetAsync(int id, HttpContext context, ContentSite site, CancellationToken ct) =>
        GetOneAsync(site.Db.Articles.Where(a => a.Id == id), $"No published article has the id {id}.", context, site, ct);

    private static Task<Results<Ok<ArticleDetail>, ProblemHttpResult>> GetBySlugAsync(string slug, HttpContext context, ContentSite site, CancellationToken ct) =>
        GetOneAsync(site.Db.Articles.Where(a => a.Slug == slug), $"No published article has the slug '{slug}'.", context, site, ct);

    private static async Task<Results<Ok<ArticleDetail>, ProblemHttpResult>> GetOneAsync(
        IQueryable<Article> match, string missing, HttpContext context, ContentSite site, CancellationToken ct)
    {
        // Drafts, scheduled and withdrawn articles answer exactly as a missing one does: nothing about them leaks.
        var published = match.AsNoTracking().Published(site.Now);
        var row = await published.ToRows().AsSplitQuery().FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return ApiProblems.NotFound(missing);
        }

        var body = await published.Select(a => new { a.Body, a.BodyFormat, a.CommentsOpen }).FirstAsync(ct);
        context.TagResponse([PageCache.ArticleTag(row.Id), .. Tags(row)]);
        var summary = Summary(site, row);
        return TypedResults.Ok(new ArticleDetail(
            summary.Id, summary.Slug, summary.Headline, summary.Standfirst, summary.Url, summary.ApiUrl, summary.PublishedAt, summary.UpdatedAt,
            summary.IsSticky, summary.Section, summary.Tags, summary.Authors, summary.Image,
            body.Body,
            ContentSite.Format(body.BodyFormat),
            ArticleBody.Render(body.Body, body.BodyFormat),
            site.Settings.Discussion.AreOpen(body.CommentsOpen, row.PublishedAt, site.Now),
            site.Api($"/articles/{row.Id}/comments")));
    }

    /// <summary>The cache tags of what an article shows: a rename of its section, a tag or an author evicts it.</summary>
    private static IEnumerable<string> Tags(ArticleRow row) =>
        [PageCache.SectionTag(row.SectionId), .. row.Tags.Select(t => PageCache.TagTag(t.Id)), .. row.Authors.Select(a => PageCache.AuthorTag(a.Id))];

    private static ArticleSummary Summary(ContentSite site, ArticleRow row) => new(
        row.Id,
        row.Slug,
        row.Headline,
        row.Standfirst,
        site.ArticleUrl(row.PublishedAt, row.Slug),
        site.Api($"/articles/{row.Id}"),
        ContentSite.Utc(row.PublishedAt),
        ContentSite.Utc(row.UpdatedAt),
        row.IsSticky,
        site.Section(row.SectionId, row.SectionSlug, row.SectionName),
        [.. row.Tags.Select(t => site.Tag(t.Id, t.Slug, t.Name))],
        [.. row.Authors.Select(a => site.Author(a.Id, a.Slug, a.Name))],
        row.ImageUrl is null ? null : new ImageInfo(site.Absolute(row.ImageUrl), row.ImageAlt, row.ImageCaption, row.ImageCredit, row.ImageWidth, row.ImageHeight));
}
