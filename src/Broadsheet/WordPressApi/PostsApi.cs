using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Search;
using Broadsheet.Site;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.WordPressApi;

/// <summary><c>/wp-json/wp/v2/posts</c>: published articles, as WordPress shows posts to anyone.</summary>
public static class PostsApi
{
    public static RouteGroupBuilder MapPostsApi(this RouteGroupBuilder api)
    {
        api.MapMethods("/posts", WordPressApiSetup.Read, ListAsync).CacheOutput(WordPressApiSetup.PolicyName);
        api.MapMethods("/posts/{id}", WordPressApiSetup.Read, GetAsync).CacheOutput(WordPressApiSetup.PolicyName);
        return api;
    }

    /// <summary>The columns a post is built from.</summary>
    internal sealed record PostRow(
        int Id,
        string Headline,
        string Slug,
        string? Standfirst,
        string Body,
        BodyFormat BodyFormat,
        DateTime PublishedAt,
        DateTime UpdatedAt,
        int SectionId,
        List<int> TagIds,
        int? AuthorId,
        int? MediaItemId,
        bool IsSticky,
        bool CommentsOpen);

    /// <summary>
    /// The posts' rows. Their tag ids come from the join rows themselves: through the skip navigation (<c>a.Tags</c>),
    /// EF Core joins the rows to Tags in a subquery that SQLite builds whole, every article's links, before it joins
    /// the page to it (220 ms at 100,000 articles, for any page).
    /// </summary>
    private static IQueryable<PostRow> ToRows(this IQueryable<Article> articles, BroadsheetDb db) =>
        articles.Select(a => new PostRow(
            a.Id,
            a.Headline,
            a.Slug,
            a.Standfirst,
            a.Body,
            a.BodyFormat,
            a.PublishedAt!.Value,
            a.UpdatedAt,
            a.SectionId,
            ListPlan.TagLinks(db).Where(l => EF.Property<int>(l, "ArticlesId") == a.Id)
                .Select(l => EF.Property<int>(l, "TagsId")).OrderBy(id => id).ToList(),
            a.Bylines.OrderBy(b => b.Position).Select(b => (int?)b.AuthorId).FirstOrDefault(),
            a.MediaItemId,
            a.IsSticky,
            a.CommentsOpen));

    private static async Task<Results<JsonHttpResult<List<WpPost>>, WpError>> ListAsync(HttpContext context, WpSite site, ArticleSearch search, CancellationToken ct)
    {
        var query = new WpQuery(context.Request.Query);
        if (query.Forbidden() is { } forbidden)
        {
            return forbidden;
        }

        var perPage = query.PerPage();
        var page = query.Page();
        var offset = query.Offset();
        var ascending = query.Ascending(byDefault: false);
        var orderBy = query.OrderBy("date", "date", "id", "title", "slug", "modified", "relevance", "include");
        var searchText = query.Text("search");
        var slugs = query.Slugs();
        var include = query.Ids("include");
        var exclude = query.Ids("exclude");
        var categories = query.Ids("categories");
        var categoriesExclude = query.Ids("categories_exclude");
        var tags = query.Ids("tags");
        var tagsExclude = query.Ids("tags_exclude");
        var authors = query.Ids("author");
        var authorsExclude = query.Ids("author_exclude");
        var sticky = query.Boolean("sticky");
        var after = query.Date("after", site.Calendar.Zone);
        var before = query.Date("before", site.Calendar.Zone);
        if (query.Error is { } invalid)
        {
            return invalid;
        }

        if (WpError.OrderWithoutItsParameter(orderBy, searchText, include) is { } unordered)
        {
            return unordered;
        }

        // A search is the site's own (ArticleSearch): every word must match, in the headline, standfirst, body, tags or
        // authors, as the word or a form of it; quotes make a phrase and a leading - excludes, as in WordPress. WordPress
        // looks for each word inside every post's text (LIKE), which read every body: 0.5-1.1 s on SQLite and 1.8-3 s on
        // PostgreSQL at 100,000 articles, whatever the word. The posts keep their order; text with nothing to search
        // for (only punctuation) matches nothing.
        var searched = !string.IsNullOrWhiteSpace(searchText);
        var matching = searched ? await search.MatchingIdsAsync(searchText, ct) : null;
        var othersGiven = slugs is not null || include is not null || exclude is not null || categories is not null
            || categoriesExclude is not null || tagsExclude is not null || authorsExclude is not null || sticky is not null;

        // The filters besides the tags, authors, dates and search.
        IQueryable<Article> Others(IQueryable<Article> articles)
        {
            articles = slugs is null ? articles : articles.Where(a => slugs.Contains(a.Slug));
            articles = include is null ? articles : articles.Where(a => include.Contains(a.Id));
            articles = exclude is null ? articles : articles.Where(a => !exclude.Contains(a.Id));
            articles = categories is null ? articles : articles.Where(a => categories.Contains(a.SectionId));
            articles = categoriesExclude is null ? articles : articles.Where(a => !categoriesExclude.Contains(a.SectionId));
            articles = tagsExclude is null ? articles : articles.Where(a => !a.Tags.Any(t => tagsExclude.Contains(t.Id)));
            articles = authorsExclude is null ? articles : articles.Where(a => !a.Bylines.Any(b => authorsExclude.Contains(b.AuthorId)));
            return sticky is null ? articles : articles.Where(a => a.IsSticky == sticky);
        }

        // "include" and "relevance" order as WordPress falls back when it cannot: by date.
        var byDate = orderBy is "date" or "relevance" or "include";
        IQueryable<Article> Order(IQueryable<Article> articles) => (orderBy, ascending) switch
        {
            ("id", true) => articles.OrderBy(a => a.Id),
            ("id", false) => articles.OrderByDescending(a => a.Id),
            ("title", true) => articles.OrderBy(a => a.Headline).ThenBy(a => a.Id),
            ("title", false) => articles.OrderByDescending(a => a.Headline).ThenByDescending(a => a.Id),
            ("slug", true) => articles.OrderBy(a => a.Slug),
            ("slug", false) => articles.OrderByDescending(a => a.Slug),
            ("modified", true) => articles.OrderBy(a => a.UpdatedAt).ThenBy(a => a.Id),
            ("modified", false) => articles.OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id),
            (_, true) => articles.OrderBy(a => a.PublishedAt).ThenBy(a => a.Id),
            _ => articles.Latest(),
        };

        // A page's posts are found by id alone and only they are then read whole (in the same command): carried through
        // the rows before the page, their bodies made PostgreSQL's page 5,000 take 180-230 ms, and SQLite's order by last
        // change 550-670 ms at 100,000 articles.
        IQueryable<PostRow> PostsOf(IQueryable<int> ids) => Order(site.Db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id))).ToRows(site.Db);

        // The posts of one tag or one author by date are counted and paged from the copies of their status and time the
        // tag's links or the author's bylines carry (ListPlan.OneListRange), one range of one index; the page's posts
        // are then read by id.
        if (byDate && ListPlan.OneListRange(site.Db, tags, authors, site.Now) is { } range)
        {
            range = after is null ? range : range.Where(r => r.PublishedAt > after);
            range = before is null ? range : range.Where(r => r.PublishedAt < before);
            range = searched ? range.Among(matching) : range;
            range = range.Also(othersGiven ? Others(ListPlan.Source(site.Db, fromOwnRows: true)) : null);
            var listed = await range.CountAsync(ct);
            var byIndex = range.ByDate(ascending);
            var (listedRows, pastEnd) = await site.PageAsync(
                context, listed, (skip, take) => PostsOf(byIndex.Skip(skip).Take(take).Select(r => r.ArticleId)), page, perPage, offset, WpError.PostPageBeyondEnd, ct);
            return pastEnd ?? await PostsAsync(context, site, listedRows, ct);
        }

        // Posts of some tags or authors are counted from the tags' links or the authors' bylines, and paged from them too
        // when they are few of the site's (ListPlan): walking the site's list for a tag of 129 posts took 300 ms at
        // 100,000 articles.
        var narrowed = tags is not null || authors is not null;
        IQueryable<Article> Filtered(bool fromOwnRows)
        {
            var articles = Others(ListPlan.Narrowed(site.Db, ListPlan.Source(site.Db, fromOwnRows).Published(site.Now), tags, authors, fromOwnRows));
            articles = searched ? articles.Among(matching) : articles;
            articles = after is null ? articles : articles.Where(a => a.PublishedAt > after);
            return before is null ? articles : articles.Where(a => a.PublishedAt < before);
        }

        var total = await Filtered(fromOwnRows: narrowed).CountAsync(ct);
        // A narrowed list ordered by title, slug or last change sorts its own rows: walking the site's index in that order
        // (where there is one) would pass every published post to find the few of a tag or an author.
        var walkable = orderBy is not ("title" or "slug" or "modified");
        var fromOwnRows = narrowed
            && (!walkable || await ListPlan.PagesFromOwnRowsAsync(site.Db, total, offset + (page * perPage), ct));
        var ordered = Order(Filtered(fromOwnRows));
        var (rows, beyond) = await site.PageAsync(
            context, total, (skip, take) => PostsOf(ordered.Skip(skip).Take(take).Select(a => a.Id)), page, perPage, offset, WpError.PostPageBeyondEnd, ct);
        return beyond ?? await PostsAsync(context, site, rows, ct);
    }

    private static async Task<Results<JsonHttpResult<List<WpPost>>, WpError>> PostsAsync(HttpContext context, WpSite site, List<PostRow> rows, CancellationToken ct)
    {
        context.TagResponse(PageCache.ListingsTag);
        var embeds = await WpEmbeds.LoadAsync(site, rows, WpEmbeds.Requested(context.Request.Query), ct);
        return TypedResults.Json(rows.Select(r => ToPost(site, r, embeds)).ToList(), WpJsonContext.Wire.ListWpPost);
    }

    private static async Task<Results<JsonHttpResult<WpPost>, WpError>> GetAsync(string id, HttpContext context, WpSite site, CancellationToken ct)
    {
        var query = new WpQuery(context.Request.Query);
        if (query.Forbidden() is { } forbidden)
        {
            return forbidden;
        }

        if (!WpIds.TryParse(id, out var key))
        {
            return WpError.InvalidPostId();
        }

        // Drafts, scheduled and withdrawn articles answer exactly as a missing one does: nothing about them leaks.
        var row = await site.Db.Articles.AsNoTracking().Published(site.Now).Where(a => a.Id == key).ToRows(site.Db).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return WpError.InvalidPostId();
        }

        context.TagResponse(PageCache.ArticleTag(row.Id), PageCache.SectionTag(row.SectionId));
        var embeds = await WpEmbeds.LoadAsync(site, [row], WpEmbeds.Requested(context.Request.Query), ct);
        return TypedResults.Json(ToPost(site, row, embeds), WpJsonContext.Wire.WpPost);
    }

    private static WpPost ToPost(WpSite site, PostRow row, WpEmbeds embeds)
    {
        var link = site.ArticleLink(row.PublishedAt, row.Slug);
        var excerpt = row.Standfirst ?? (row.BodyFormat == BodyFormat.Markdown ? ArticleBody.Excerpt(row.Body) : WpText.FirstParagraph(ArticleBody.Render(row.Body, row.BodyFormat)));
        var commentsOpen = site.Settings.Discussion.AreOpen(row.CommentsOpen, row.PublishedAt, site.Now);
        var self = site.Api($"/posts/{row.Id}");
        var links = new List<(string, WpLink)>
        {
            ("self", new WpLink(self)),
            ("collection", new WpLink(site.Api("/posts"))),
            ("replies", new WpLink(site.Api($"/comments?post={row.Id}"), Embeddable: true)),
            ("wp:term", new WpLink(site.Api($"/categories?post={row.Id}"), Embeddable: true, Taxonomy: "category")),
            ("wp:term", new WpLink(site.Api($"/tags?post={row.Id}"), Embeddable: true, Taxonomy: "post_tag")),
        };
        if (row.AuthorId is { } author)
        {
            links.Add(("author", new WpLink(site.Api($"/users/{author}"), Embeddable: true)));
        }

        if (row.MediaItemId is { } media)
        {
            links.Add(("wp:featuredmedia", new WpLink(site.Api($"/media/{media}"), Embeddable: true)));
        }

        return new WpPost(
            row.Id,
            site.Local(row.PublishedAt),
            WpSite.Gmt(row.PublishedAt),
            new WpRendered(site.Absolute($"/?p={row.Id}")),
            site.Local(row.UpdatedAt),
            WpSite.Gmt(row.UpdatedAt),
            row.Slug,
            "publish",
            "post",
            link,
            new WpRendered(WpSite.Encode(row.Headline)),
            new WpContent(ArticleBody.Render(row.Body, row.BodyFormat)),
            new WpContent(WpSite.Paragraph(excerpt)),
            row.AuthorId ?? 0,
            row.MediaItemId ?? 0,
            commentsOpen ? "open" : "closed",
            "closed",
            row.IsSticky,
            "",
            "standard",
            [],
            [row.SectionId],
            row.TagIds,
            WpSite.Links([.. links]))
        {
            Embedded = embeds.For(row),
        };
    }
}
