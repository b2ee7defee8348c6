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

    /// <summary>Every page that lists articles: home, archives, feeds, sitemap and every article page's More Articles.</summary>
    public const string ListingsTag = "listings";

    public static string ArticleTag(int id) => $"article:{id}";
    public static string SectionTag(int id) => $"section:{id}";
    public static string TagTag(int id) => $"tag:{id}";
    public static string AuthorTag(int id) => $"author:{id}";

    public static IServiceCollection AddPageCache(this IServiceCollection services)
    {
        services.AddOutputCache(options =>
        {
            options.AddPolicy(PolicyName, policy => policy
                .Expire(TimeSpan.FromHours(6))
                .SetVaryByQuery("page", "partial")
                .SetVaryByHeader("Accept-Encoding")
                .Tag(ListingsTag));
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
    /// <summary>An article was published, edited or withdrawn: its page and every listing.</summary>
    public async Task ArticleChangedAsync(int articleId, CancellationToken cancellationToken = default)
    {
        await store.EvictByTagAsync(PageCache.ArticleTag(articleId), cancellationToken);
        await store.EvictByTagAsync(PageCache.ListingsTag, cancellationToken);
    }

    /// <summary>Only the article's own pages changed (an approved comment, a correction).</summary>
    public Task ArticlePageChangedAsync(int articleId, CancellationToken cancellationToken = default) =>
        store.EvictByTagAsync(PageCache.ArticleTag(articleId), cancellationToken).AsTask();
}
