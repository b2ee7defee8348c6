using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Feeds;

public static class FeedEndpoints
{
    private const string RssType = "application/rss+xml; charset=utf-8";
    private const string AtomType = "application/atom+xml; charset=utf-8";

    public static IEndpointRouteBuilder MapFeeds(this IEndpointRouteBuilder app)
    {
        var feeds = app.MapGroup("").CacheOutput(PageCache.PolicyName).AnswerHead();
        feeds.MapGet("/feed", (HttpContext context, FeedContext feed, CancellationToken ct) => SiteFeedAsync(context, feed, atom: false, ct));
        feeds.MapGet("/feed/atom", (HttpContext context, FeedContext feed, CancellationToken ct) => SiteFeedAsync(context, feed, atom: true, ct));
        feeds.MapGet("/section/{slug}/feed", (string slug, HttpContext context, FeedContext feed, CancellationToken ct) => SectionFeedAsync(slug, context, feed, false, ct));
        feeds.MapGet("/section/{slug}/feed/atom", (string slug, HttpContext context, FeedContext feed, CancellationToken ct) => SectionFeedAsync(slug, context, feed, true, ct));
        feeds.MapGet("/tag/{slug}/feed", (string slug, HttpContext context, FeedContext feed, CancellationToken ct) => TagFeedAsync(slug, context, feed, false, ct));
        feeds.MapGet("/tag/{slug}/feed/atom", (string slug, HttpContext context, FeedContext feed, CancellationToken ct) => TagFeedAsync(slug, context, feed, true, ct));
        return app;
    }

    private static async Task<FileContentHttpResult> SiteFeedAsync(HttpContext context, FeedContext feed, bool atom, CancellationToken ct)
    {
        var site = feed.Settings;
        var channel = new FeedChannel(site.Title, site.Tagline, "/", "/feed", "/feed/atom");
        var items = await feed.Published.LatestForFeedAsync(ct);
        context.TagResponse(PageCache.ListingsTag);
        return Write(context, feed, channel, items, atom);
    }

    private static async Task<Results<FileContentHttpResult, RedirectHttpResult, NotFound>> SectionFeedAsync(
        string slug, HttpContext context, FeedContext feed, bool atom, CancellationToken ct)
    {
        var key = slug.ToLowerInvariant();
        var section = await feed.Db.Sections.AsNoTracking().Where(s => s.Slug == key)
            .Select(s => new { s.Id, s.Name, s.Slug, s.Description }).FirstOrDefaultAsync(ct);
        if (section is null)
        {
            // A renamed or merged section's feed moves with it, so subscribed feed readers follow.
            if (await SectionLifecycle.CurrentSlugAsync(feed.Db, key, ct) is not { } current)
            {
                return TypedResults.NotFound();
            }

            context.Response.Headers.CacheControl = "public, max-age=3600";
            return TypedResults.Redirect($"{SectionLifecycle.PathOf(current)}/feed{(atom ? "/atom" : "")}{context.Request.QueryString}", permanent: true);
        }

        var path = $"/section/{section.Slug}";
        var channel = new FeedChannel(
            $"{section.Name} – {feed.Settings.Title}", section.Description ?? $"The latest {section.Name} news.", path, $"{path}/feed", $"{path}/feed/atom");
        var items = await feed.Published.Where(a => a.SectionId == section.Id).LatestForFeedAsync(ct);
        context.TagResponse(PageCache.SectionTag(section.Id));
        return Write(context, feed, channel, items, atom);
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> TagFeedAsync(
        string slug, HttpContext context, FeedContext feed, bool atom, CancellationToken ct)
    {
        var key = slug.ToLowerInvariant();
        var tag = await feed.Db.Tags.AsNoTracking().Where(t => t.Slug == key)
            .Select(t => new { t.Id, t.Name, t.Slug }).FirstOrDefaultAsync(ct);
        if (tag is null)
        {
            return TypedResults.NotFound();
        }

        var path = $"/tag/{tag.Slug}";
        var channel = new FeedChannel(
            $"{tag.Name} – {feed.Settings.Title}", $"Articles tagged {tag.Name}.", path, $"{path}/feed", $"{path}/feed/atom");
        // The tag's newest, read from its links as its page is (ListedArticle): walking the site's list for the few
        // articles of a small tag took 27 ms at 100,000 articles.
        var newest = CardPageQuery.TaggedIds(feed.Db, tag.Id, feed.Now).Take(FeedQueries.ItemCount);
        // The outer query need not filter again: with the status in it, SQLite walked the site's list for the ids.
        var tagged = feed.Db.Articles.AsNoTracking().Where(a => newest.Contains(a.Id));
        var items = await tagged.LatestForFeedAsync(ct);
        context.TagResponse(PageCache.TagTag(tag.Id));
        return Write(context, feed, channel, items, atom);
    }

    private static FileContentHttpResult Write(HttpContext context, FeedContext feed, FeedChannel channel, IReadOnlyList<FeedItem> items, bool atom)
    {
        context.Response.Headers.CacheControl = "public, max-age=300";

        return atom
            ? TypedResults.File(FeedWriter.Atom(channel, items, feed.Urls, feed.Calendar, feed.Now), AtomType)
            : TypedResults.File(FeedWriter.Rss(channel, items, feed.Urls, feed.Calendar, feed.Calendar.Culture.Name.ToLowerInvariant()), RssType);
    }
}

/// <summary>What every feed endpoint needs, resolved once per request.</summary>
public sealed class FeedContext(BroadsheetDb db, TimeProvider time, SiteUrls urls, SiteCalendar calendar, IOptions<BroadsheetOptions> options, SiteSettingsStore settings)
{
    public BroadsheetDb Db { get; } = db;
    public SiteUrls Urls { get; } = urls;
    public SiteCalendar Calendar { get; } = calendar;
    public IOptions<BroadsheetOptions> Options { get; } = options;
    public SiteSettingsStore Settings { get; } = settings;
    public DateTime Now { get; } = time.GetUtcNow().UtcDateTime;
    public IQueryable<Article> Published => Db.Articles.AsNoTracking().Published(Now);
}
