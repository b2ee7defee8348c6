using Broadsheet.Site;
using Microsoft.AspNetCore.OutputCaching;

namespace Broadsheet.Site;

/// <summary>
/// Output caching for anonymous pages and feeds. Every cached response is tagged with what it shows,
/// so a change evicts exactly the pages it affects.
/// </summary>
public static class PageCache
{
    public const string PolicyName = "public-page";

    /// <summary>Every page that lists articles: home, section, tag, author and date pages, feeds and sitemaps.</summary>
    public const string ListingsTag = "listings";

    /// <summary>Every cached response: what every page shows (the section menu, the site's title) changed.</summary>
    public const string SiteTag = "site";

    public static string ArticleTag(int id) => $"article:{id}";
    public static string SectionTag(int id) => $"section:{id}";
    public static string TagTag(int id) => $"tag:{id}";
    public static string AuthorTag(int id) => $"author:{id}";

    public static IServiceCollection AddPageCache(this IServiceCollection services)
    {
        services.AddOutputCache(options =>
        {
            // Slugs are lowercase; /Section/City must reach the page (and its 301), not a cached copy.
            options.UseCaseSensitivePaths = true;
            options.AddPolicy(PolicyName, policy => policy
                .Expire(TimeSpan.FromHours(6))
                // The newsroom is per member and never cached; its cookie is not even sent to reader pages.
                .With(context => !Newsroom.NewsroomSetup.IsNewsroomPath(context.HttpContext.Request.Path))
                .SetVaryByQuery("page", "p")
                .SetVaryByHeader("Accept-Encoding")
                .Tag(SiteTag));
        });
        services.AddScoped<PageCacheEviction>();
        return services;
    }

    public static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetValue($"{BroadsheetOptions.SectionName}:OutputCache:Enabled", true);

    /// <summary>Adds tags to the response being cached; does nothing when output caching is off.</summary>
    public static void TagResponse(this HttpContext context, params ReadOnlySpan<string> tags)
    {
        var cacheContext = context.Features.Get<IOutputCacheFeature>()?.Context;
        if (cacheContext is null)
        {
            return;
        }

        foreach (var tag in tags)
        {
            cacheContext.Tags.Add(tag);
        }
    }
}

/// <summary>Evicts the cached pages a change affects.</summary>
public sealed class PageCacheEviction(IOutputCacheStore store)
{
    /// <summary>
    /// An article was published, edited or withdrawn: its own page, every page that shows its card
    /// (listings, and the More Articles of pages that list it), and the article pages of its section
    /// and tags, whose More Articles it may now join or leave.
    /// </summary>
    public async Task ArticleChangedAsync(int articleId, int sectionId, IEnumerable<int> tagIds, CancellationToken cancellationToken = default)
    {
        await store.EvictByTagAsync(PageCache.ArticleTag(articleId), cancellationToken);
        await store.EvictByTagAsync(PageCache.ListingsTag, cancellationToken);
        await store.EvictByTagAsync(PageCache.SectionTag(sectionId), cancellationToken);
        foreach (var tagId in tagIds)
        {
            await store.EvictByTagAsync(PageCache.TagTag(tagId), cancellationToken);
        }
    }

    /// <summary>Something every page shows changed: sections (the menu), site settings.</summary>
    public Task SiteChangedAsync(CancellationToken cancellationToken = default) =>
        store.EvictByTagAsync(PageCache.SiteTag, cancellationToken).AsTask();

    /// <summary>The article's discussion changed (a comment approved or removed): its pages and the comment counts in listings.</summary>
    public async Task CommentsChangedAsync(int articleId, CancellationToken cancellationToken = default)
    {
        await store.EvictByTagAsync(PageCache.ArticleTag(articleId), cancellationToken);
        await store.EvictByTagAsync(PageCache.ListingsTag, cancellationToken);
    }
}
