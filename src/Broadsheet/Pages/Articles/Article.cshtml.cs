using System.Text.Json;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;

namespace Broadsheet.Pages.Articles;

public sealed class ArticleModel(
    BroadsheetDb db, KeptStatements statements, TimeProvider time, SiteCalendar calendar, SiteUrls urls, SiteSettingsStore settings,
    RenderedBodies bodies, MoreArticlesCache moreArticles) : SitePage
{
    public const int MoreArticlesPageSize = 6;

    public ArticleView Article { get; private set; } = null!;
    public string BodyHtml { get; private set; } = "";
    public string Path { get; private set; } = "";
    public Broadsheet.Comments.CommentThreadView Thread { get; private set; } = null!;
    public Broadsheet.Comments.CommentFormView Form { get; private set; } = null!;
    public int CommentCount { get; private set; }
    public bool CommentsOpen { get; private set; }
    public bool NewestFirst { get; private set; }
    public DiscussionQuery CommentQuery { get; private set; } = null!;
    public DiscussionPage Discussion { get; private set; } = null!;
    public Paged<ArticleCard> More { get; private set; } = new([], 1, false);

    // No handler parameters: the slug comes from the route values and the token from the request, so MVC builds no
    // value providers or binders for the page (about 2% of an uncached render).
    public async Task<IActionResult> OnGetAsync()
    {
        var slug = (string)RouteData.Values["slug"]!;
        var cancellationToken = HttpContext.RequestAborted;
        var now = time.GetUtcNow().UtcDateTime;
        var lookup = await ArticleRoute.ResolveAsync(
            db, statements, calendar, new ArticleRequest(Request.Path.Value!, slug, now, RedirectSuffix: DiscussionSuffix(), WithDiscussion: true), cancellationToken);
        if (lookup.RedirectPath is not null)
        {
            return MovedTo(lookup.RedirectPath);
        }


        if (lookup.Article is not { } article)
        {
            return NotFound();
        }

        var rules = settings.Discussion;
        Path = calendar.ArticlePath(article.PublishedAt, article.Slug);
        var (query, redirect) = DiscussionQuery.Parse(Path, Request.Query, rules.NewestFirst);
        if (redirect is not null)
        {
            // Only the canonical spelling of a discussion page is served; others would only make cache entries.
            return MovedTo(redirect);
        }

        CommentQuery = query;
        NewestFirst = query.NewestFirst;
        Discussion = await statements.LoadPageAsync(
            article.Id, query.Page, rules.CommentsPerPage, query.NewestFirst, cancellationToken, firstRows: lookup.FirstComments);
        if (query.Page > Discussion.LastPage)
        {
            // Not permanent: the discussion may grow to this page again.
            return Redirect(query.PathFor(Discussion.LastPage) + "#comments");
        }

        Discussion.LinkThreads(Path, !query.ReaderOrder);
        Article = article;
        var body = bodies.For(article.Id, article.Body, article.BodyFormat);
        BodyHtml = body.Html;
        CommentCount = Discussion.Count;
        CommentsOpen = rules.AreOpen(article.CommentsOpen, article.PublishedAt, now);
        if (CommentsOpen && rules.CloseAfterDays > 0
            && HttpContext.Features.Get<Microsoft.AspNetCore.OutputCaching.IOutputCacheFeature>()?.Context is { } cache)
        {
            // The cached copy must not outlive the open form: it expires when comments close.
            var closesIn = article.PublishedAt.AddDays(rules.CloseAfterDays) - now;
            if (cache.ResponseExpirationTimeSpan is not { } expiry || closesIn < expiry)
            {
                cache.ResponseExpirationTimeSpan = closesIn;
            }
        }
        Thread = new(Discussion.Threads, 1, article.Id, CommentsOpen, Math.Max(1, rules.ThreadDepth));
        Form = new(article.Id, Path, rules.MaxLength);
        var tagIds = article.Tags.Select(t => t.Id).ToList();
        var more = await moreArticles.GetAsync(article.Id, article.SectionId, tagIds, now, 1, MoreArticlesPageSize, cancellationToken);
        More = more.Cards;

        // Its own tag, its authors' (their names), and More Articles': its section's and tags', and the tag of every
        // article it shows a card for, so that editing any of them refreshes this page too.
        HttpContext.TagResponse(
            [PageCache.ArticleTag(article.Id), .. article.Bylines.Select(b => PageCache.AuthorTag(b.AuthorId)),
             .. more.Tags(article.SectionId, tagIds)]);
        FillMeta(article, body);
        Meta.CanonicalPath = query.CanonicalPath;
        return Page();
    }

    /// <summary>The discussion page asked for, kept when an old or misspelt article URL is redirected.</summary>
    private string DiscussionSuffix()
    {
        var asked = DiscussionQuery.Parse("", Request.Query, settings.Discussion.NewestFirst).Query;
        return asked.PathFor(asked.Page);
    }

    private void FillMeta(ArticleView article, RenderedBody body)
    {
        var description = string.IsNullOrWhiteSpace(article.Standfirst) ? body.ExcerptOf(article.Body) : article.Standfirst;
        Meta.Title = article.Headline;
        Meta.Description = description;
        Meta.CanonicalPath = Path;
        Meta.OpenGraphType = "article";
        Meta.ImagePath = article.ImageUrl;
        Meta.ImageAlt = article.ImageAlt;
        var modified = article.UpdatedAt > article.PublishedAt ? article.UpdatedAt : article.PublishedAt;
        Meta.OpenGraph.Add(new("article:published_time", calendar.Iso(article.PublishedAt)));
        Meta.OpenGraph.Add(new("article:modified_time", calendar.Iso(modified)));
        Meta.OpenGraph.Add(new("article:section", article.SectionName));
        foreach (var tag in article.Tags)
        {
            Meta.OpenGraph.Add(new("article:tag", tag.Name));
        }

        var site = settings;
        var jsonLd = new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "NewsArticle",
            ["mainEntityOfPage"] = urls.Absolute(Path),
            ["headline"] = article.Headline,
            ["description"] = description,
            ["datePublished"] = calendar.Iso(article.PublishedAt),
            ["dateModified"] = calendar.Iso(modified),
            ["articleSection"] = article.SectionName,
            ["keywords"] = article.Tags.Select(t => t.Name).ToArray(),
            ["author"] = article.Bylines.Select(b => new Dictionary<string, string>
            {
                ["@type"] = "Person",
                ["name"] = b.Name,
                ["url"] = urls.Absolute($"/author/{b.Slug}"),
            }).ToArray(),
            ["publisher"] = new Dictionary<string, object>
            {
                ["@type"] = "NewsMediaOrganization",
                ["name"] = site.Title,
                ["url"] = urls.Absolute("/"),
                ["logo"] = new Dictionary<string, string> { ["@type"] = "ImageObject", ["url"] = urls.Absolute("/favicon.svg") },
            },
        };
        if (article.ImageUrl is not null)
        {
            jsonLd["image"] = new[] { urls.Absolute(article.ImageUrl) };
        }

        // The default encoder escapes <, > and &, so the JSON cannot close the script element it sits in.
        Meta.JsonLd = JsonSerializer.Serialize(jsonLd);
    }
}
