using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.AspNetCore.OutputCaching;

namespace Broadsheet.Search;

public static class SearchSetup
{
    /// <summary>The output-cache policy of the results page (see <see cref="SearchCachePolicy"/>).</summary>
    public const string CachePolicyName = "search-results";

    public static WebApplicationBuilder AddSearch(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ArticleSearch>();
        builder.Services.AddHostedService<MissingDocuments>();
        builder.Services.AddHostedService<SearchLanguageKeeper>();
        builder.Services.Configure<Microsoft.AspNetCore.OutputCaching.OutputCacheOptions>(options => options.AddPolicy(CachePolicyName, new SearchCachePolicy()));
        // Any text is a search, even a pasted page of it: Kestrel's 8 KB request line would refuse a long query with 414
        // before the page could cut it to its limit. 64 KB still bounds what a request may hold.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestLineSize = Math.Max(kestrel.Limits.MaxRequestLineSize, 64 * 1024));
        return builder;
    }
}

/// <summary>
/// Result pages are cached for a minute, one entry per query, filters and page; any article change evicts them with
/// the front lists. Long queries are answered but not kept, so nobody fills the cache with junk.
/// </summary>
internal sealed class SearchCachePolicy : IOutputCachePolicy
{
    public const int MaxCachedQueryLength = 200;
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var query = context.HttpContext.Request.Query;
        if (context.HttpContext.Request.QueryString.Value?.Length > MaxCachedQueryLength * 3
            || query["q"].ToString().Length > MaxCachedQueryLength
            || query.Keys.Any(k => k is not ("q" or "section" or "from" or "to" or "page")))
        {
            context.AllowCacheLookup = false;
            context.AllowCacheStorage = false;
        }

        context.CacheVaryByRules.QueryKeys = new Microsoft.Extensions.Primitives.StringValues(["q", "section", "from", "to", "page"]);
        context.ResponseExpirationTimeSpan = Lifetime;
        context.Tags.Add(PageCache.ListingsTag);
        // The page shows the site's title and menu too, and the site tag is what evicts every cached response.
        context.Tags.Add(PageCache.SiteTag);
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;
}

/// <summary>
/// A site that existed before search has articles without documents: they are indexed once at start-up, in the
/// background, a batch at a time. On a current site this is one query that finds nothing.
/// </summary>
internal sealed class MissingDocuments(IServiceScopeFactory scopes, MigrationState schema, ILogger<MissingDocuments> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await schema.WaitUntilUpToDateAsync(stoppingToken);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
            var indexed = await SearchIndex.IndexMissingAsync(db, stoppingToken);
            if (indexed > 0 && logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Indexed {Count} article(s) for search that had no search document.", indexed);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Search still works for every article already indexed; `reindex` rebuilds the rest.
            logger.LogWarning(exception, "Could not index the articles missing from search; run the reindex command.");
        }
    }
}
