using Broadsheet.Data;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using FrameworkOutputCacheOptions = Microsoft.AspNetCore.OutputCaching.OutputCacheOptions;

namespace Broadsheet.Site;

/// <summary>
/// Output caching for anonymous pages and feeds. Every cached response is tagged with what it shows,
/// so a change evicts exactly the pages it affects.
/// </summary>
public static class PageCache
{
    public const string PolicyName = "public-page";

    /// <summary>The front lists, which any article may join: home, date archives, the site's feeds and the sitemaps.</summary>
    public const string ListingsTag = "listings";

    /// <summary>Lists of comments from every article (the WordPress API's <c>/comments</c>): any discussion change evicts them.</summary>
    public const string CommentsTag = "comments";

    /// <summary>Every cached response: what every page shows (the section menu, the site's title) changed.</summary>
    public const string SiteTag = "site";

    /// <summary>How long a page stays cached unless something evicts it first.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(6);

    /// <summary>
    /// The query parameters that make another copy of a page (a list's page, the order of comments). Any other
    /// parameter shares the page's copy, so no one can fill the cache with made-up addresses.
    /// </summary>
    public static readonly string[] VaryByQueryKeys = ["page", "p", "order", "cpage"];

    public static string ArticleTag(int id) => $"article:{id}";
    public static string SectionTag(int id) => $"section:{id}";
    public static string TagTag(int id) => $"tag:{id}";
    public static string AuthorTag(int id) => $"author:{id}";

    public static IServiceCollection AddPageCache(this IServiceCollection services)
    {
        services.AddOptions<FrameworkOutputCacheOptions>().Configure<IOptions<BroadsheetOptions>>((options, broadsheet) =>
        {
            // The in-process store's budget (the Redis store keeps its own); the largest entries are sitemaps.
            options.SizeLimit = broadsheet.Value.OutputCache.SizeLimitMegabytes * 1024L * 1024L;
            options.MaximumBodySize = broadsheet.Value.OutputCache.MaximumBodyMegabytes * 1024L * 1024L;
        });
        services.AddOutputCache(options =>
        {
            // Slugs are lowercase; /Section/City must reach the page (and its 301), not a cached copy.
            options.UseCaseSensitivePaths = true;
            options.AddPolicy(PolicyName, policy => policy
                .Expire(Lifetime)
                // Pages for one person (the newsroom, a reader's comment state) are never cached.
                .With(context => !context.HttpContext.IsPrivatePage())
                .SetVaryByQuery(VaryByQueryKeys)
                .SetVaryByHeader("Accept-Encoding")
                .Tag(SiteTag));
        });
        services.TryAddSingleton<PrivatePages>();
        services.AddSingleton<CacheBeforeRouting>();
        services.AddSingleton<HotPages>();
        // The in-process store tells the held pages what it stores and evicts. A Redis store registered later
        // replaces it, and the held pages stay off.
        // The framework's in-process store gives way to one that keeps its entries outside the GC heap.
        if (services.LastOrDefault(d => d.ServiceType == typeof(IOutputCacheStore)) is { ImplementationFactory: not null } registered)
        {
            services.Remove(registered);
            services.AddSingleton(OpenStore);
            services.AddSingleton<IOutputCacheStore>(sp =>
            {
                var pages = sp.GetRequiredService<HotPages>();
                pages.Attach();
                return new HotPageStore(sp.GetRequiredService<OffHeapOutputCacheStore>(), pages, sp.GetRequiredService<IHttpContextAccessor>());
            });
        }

        services.AddOptions<FrameworkOutputCacheOptions>().Configure<CacheBeforeRouting>((options, early) => options.AddBasePolicy(early));
        services.AddScoped<PageCacheEviction>();
        return services;
    }

    /// <summary>The in-process store, its entries in a file of the data folder unless <c>Storage</c> says memory.</summary>
    private static OffHeapOutputCacheStore OpenStore(IServiceProvider services)
    {
        var sizeLimit = services.GetRequiredService<IOptions<FrameworkOutputCacheOptions>>().Value.SizeLimit;
        var logger = services.GetRequiredService<ILogger<OffHeapOutputCacheStore>>();
        if (string.Equals(services.GetRequiredService<IOptions<BroadsheetOptions>>().Value.OutputCache.Storage, "Memory", StringComparison.OrdinalIgnoreCase))
        {
            return new OffHeapOutputCacheStore(sizeLimit, null, logger);
        }

        var folder = services.GetRequiredService<IConfiguration>()[Hosting.BroadsheetHost.DataDirKey] ?? AppContext.BaseDirectory;
        try
        {
            return new OffHeapOutputCacheStore(sizeLimit, OutputCacheFile.Create(folder), logger);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The site still serves from the cache: its pages are then held in the process's memory.
            if (logger.IsEnabled(LogLevel.Warning))
            {
                logger.LogWarning(exception, "The output cache could not make its file in {Folder}; it keeps its pages in memory instead.", folder);
            }

            return new OffHeapOutputCacheStore(sizeLimit, null, logger);
        }
    }

    public static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetValue($"{BroadsheetOptions.SectionName}:OutputCache:Enabled", true);

    /// <summary>
    /// The output cache in two places: before routing for reader pages, feeds and sitemaps (<see cref="CacheBeforeRouting"/>),
    /// and after routing, authentication and rate limiting for everything else that asks for it. A request goes
    /// through exactly one of them.
    /// </summary>
    public static IApplicationBuilder UseOutputCacheBeforeRouting(this IApplicationBuilder app)
    {
        var early = app.ApplicationServices.GetRequiredService<CacheBeforeRouting>();
        return app.UseWhen(early.Applies, branch => branch.UseOutputCache());
    }

    /// <summary>The most-read pages, answered before the output cache itself (<see cref="HotPages"/>).</summary>
    public static IApplicationBuilder UseHotPages(this IApplicationBuilder app)
    {
        var pages = app.ApplicationServices.GetRequiredService<HotPages>();
        return app.ApplicationServices.GetRequiredService<IOutputCacheStore>() is HotPageStore && pages.Attached
            ? app.Use(pages.InvokeAsync)
            : app;
    }

    /// <inheritdoc cref="UseOutputCacheBeforeRouting"/>
    public static IApplicationBuilder UseOutputCacheAfterRouting(this IApplicationBuilder app)
    {
        var early = app.ApplicationServices.GetRequiredService<CacheBeforeRouting>();
        return app.UseWhen(context => !early.Applies(context), branch => branch.UseOutputCache());
    }

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

/// <summary>Where an article shows: its section, tags and authors (their pages list it).</summary>
public sealed record ArticleFootprint(int SectionId, IReadOnlyCollection<int> TagIds, IReadOnlyCollection<int> AuthorIds)
{
    public static Task<ArticleFootprint?> FindAsync(BroadsheetDb db, int articleId, CancellationToken cancellationToken = default) =>
        db.Articles.AsNoTracking().Where(a => a.Id == articleId)
            .Select(a => new ArticleFootprint(a.SectionId, a.Tags.Select(t => t.Id).ToList(), a.Bylines.Select(b => b.AuthorId).ToList()))
            .AsSplitQuery()
            .FirstOrDefaultAsync(cancellationToken);

    public static ArticleFootprint Of(Articles.Article article) =>
        new(article.SectionId, article.Tags.Select(t => t.Id).ToList(), article.Bylines.Select(b => b.AuthorId).ToList());
}

/// <summary>Evicts the cached pages a change affects.</summary>
public sealed class PageCacheEviction(IOutputCacheStore store, BroadsheetDb db, MenuChanges menus)
{
    /// <summary>
    /// An article was published, edited or withdrawn: its own page, the pages that show its card (the
    /// front lists — home, date archives, site feeds, sitemaps — and the pages and feeds of its section,
    /// tags and authors, before and after the change), and the article pages of that section and those
    /// tags, whose More Articles it may now join or leave. Nothing else.
    /// </summary>
    public async Task ArticleChangedAsync(int articleId, ArticleFootprint? before = null, CancellationToken cancellationToken = default)
    {
        var after = await ArticleFootprint.FindAsync(db, articleId, cancellationToken);
        var tags = new HashSet<string> { PageCache.ArticleTag(articleId), PageCache.ListingsTag };
        foreach (var footprint in new[] { before, after })
        {
            if (footprint is null)
            {
                continue;
            }

            tags.Add(PageCache.SectionTag(footprint.SectionId));
            tags.UnionWith(footprint.TagIds.Select(PageCache.TagTag));
            tags.UnionWith(footprint.AuthorIds.Select(PageCache.AuthorTag));
        }

        foreach (var tag in tags)
        {
            await store.EvictByTagAsync(tag, cancellationToken);
        }
    }

    /// <summary>Something every page shows changed: sections (the menu), site settings, tag names.</summary>
    public Task SiteChangedAsync(CancellationToken cancellationToken = default)
    {
        // The menus held in memory are read again too, whatever wrote the change.
        menus.Invalidate();
        return store.EvictByTagAsync(PageCache.SiteTag, cancellationToken).AsTask();
    }

    /// <summary>
    /// The article's discussion changed (a comment approved or removed): its page, its comment feed, every page that
    /// shows its card with the comment count (each list tags the cards it shows), and the site-wide comment lists. Not
    /// its section's or tags' other pages: a busy discussion would otherwise empty the cache of every article beside it.
    /// </summary>
    public async Task CommentsChangedAsync(int articleId, CancellationToken cancellationToken = default)
    {
        await store.EvictByTagAsync(PageCache.ArticleTag(articleId), cancellationToken);
        await store.EvictByTagAsync(PageCache.CommentsTag, cancellationToken);
    }
}
