using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Broadsheet.Site;

/// <summary>
/// Serves cached reader pages, feeds and sitemaps before routing, authentication, antiforgery and the rest of the
/// pipeline, so a hit costs little more than writing the stored bytes (with the security headers stored beside them).
/// Before routing nothing knows the endpoint, so the key of such a request is made from its path alone, with the
/// public page rules (<see cref="PageCache.VaryByQueryKeys"/>, Accept-Encoding). A response is stored only if its
/// endpoint, known once it has run, asks for the output cache with exactly those rules; its own policy then gives the
/// tags, the lifetime and the last word (200, no cookie, nobody signed in). The API, the WordPress API and search, whose
/// keys follow other rules (and whose hits count against the API's rate limit), keep the output cache after routing.
/// </summary>
public sealed class CacheBeforeRouting(
    PrivatePages privatePages, IOptions<BroadsheetOptions> options, ILogger<CacheBeforeRouting> logger) : IOutputCachePolicy
{
    private static readonly StringValues VaryByHeaders = new("Accept-Encoding");

    /// <summary>
    /// Path prefixes left to the output cache after routing: endpoints that key their cache by other rules, and the
    /// health checks, which are never cached and should never wait for a cache lookup (or for Redis).
    /// </summary>
    private static readonly PathString[] AfterRouting =
        [Api.ApiSetup.Prefix, "/openapi", "/wp-json", "/search", "/healthz"];

    /// <summary>
    /// Whether this request goes through the output cache before routing: a GET or HEAD for an address that may name
    /// a page, a feed or a sitemap (no file extension, or .xml or .txt), outside the private paths and the
    /// <see cref="AfterRouting"/> prefixes. Static files, media and health checks never cost a cache lookup.
    /// </summary>
    public bool Applies(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return false;
        }

        var path = request.Path;
        if (!MayNameAPage(path.Value))
        {
            return false;
        }

        foreach (var prefix in AfterRouting)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return !privatePages.IsPrivate(path);
    }

    private static bool MayNameAPage(string? path)
    {
        var last = path.AsSpan(path.AsSpan().LastIndexOf('/') + 1);
        var dot = last.LastIndexOf('.');
        return dot < 0 || last[dot..] is ".xml" or ".txt";
    }

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        // A base policy runs in the output cache after routing too, where the endpoint's own policy decides.
        if (!Applies(http))
        {
            return ValueTask.CompletedTask;
        }

        // Nobody is signed in yet (authentication comes later): a request that brings credentials is never answered
        // from the cache. The newsroom's sign-in cookie is only sent under /newsroom, a private path.
        var anonymous = StringValues.IsNullOrEmpty(http.Request.Headers.Authorization);
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = anonymous;
        context.AllowCacheStorage = anonymous;
        context.AllowLocking = true;
        context.CacheVaryByRules.QueryKeys = PageCache.VaryByQueryKeys;
        context.CacheVaryByRules.HeaderNames = VaryByHeaders;
        // Before the first byte is written, which is when the framework reads it; the page may still shorten it.
        context.ResponseExpirationTimeSpan = PageCache.Lifetime;
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    async ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        if (!context.AllowCacheStorage || !Applies(http))
        {
            return;
        }

        // A HEAD whose handler set a length and will skip the body (a file result does, for HEAD): its copy, stored
        // without the body, would answer the next HEAD with a length of 0.
        if (HttpMethods.IsHead(http.Request.Method) && http.Response.ContentLength > 0)
        {
            context.AllowCacheStorage = false;
            return;
        }

        // The endpoint has run: only one that asked for the output cache is stored, as its policy says.
        var endpoint = http.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<IOutputCachePolicy>() is not { } policy || endpoint.Metadata.GetMetadata<OutputCacheAttribute>() is not null)
        {
            context.AllowCacheStorage = false;
            return;
        }

        var declared = new OutputCacheContext { HttpContext = http };
        await policy.CacheRequestAsync(declared, cancellation);
        if (!declared.EnableOutputCaching || !declared.AllowCacheStorage)
        {
            context.AllowCacheStorage = false;
            return;
        }

        if (!SameKey(declared.CacheVaryByRules, context.CacheVaryByRules) || declared.ResponseExpirationTimeSpan != PageCache.Lifetime)
        {
            // Stored under the key made before routing, its copy would be served to requests it does not fit (or kept
            // longer than it asked: the lifetime was fixed when its first byte was written).
            context.AllowCacheStorage = false;
            if (logger.IsEnabled(LogLevel.Warning))
            {
                logger.LogWarning("{Endpoint} is not output-cached: its cache policy varies by other rules, or lives longer or shorter, than the ones used before routing (see CacheBeforeRouting).",
                    endpoint.DisplayName);
            }

            return;
        }

        context.Tags.UnionWith(declared.Tags);
        // The framework's own checks: only a 200, never a response that sets a cookie.
        await policy.ServeResponseAsync(context, cancellation);
        if (context.AllowCacheStorage)
        {
            // Stored with the page's other headers, so that serving it from the cache builds nothing.
            WordPressApi.WordPressApiSetup.AnnounceApi(http, options.Value, privatePages);
        }
    }

    private static bool SameKey(CacheVaryByRules declared, CacheVaryByRules used) =>
        SameNames(declared.QueryKeys, used.QueryKeys)
        && SameNames(declared.HeaderNames, used.HeaderNames)
        && SameNames(declared.RouteValueNames, used.RouteValueNames)
        && declared.VaryByValues.Count == used.VaryByValues.Count && used.VaryByValues.Count == 0
        && declared.VaryByHost == used.VaryByHost
        && string.Equals(declared.CacheKeyPrefix, used.CacheKeyPrefix, StringComparison.Ordinal);

    private static bool SameNames(StringValues a, StringValues b) =>
        a.Count == b.Count && a.All(name => b.Contains(name, StringComparer.OrdinalIgnoreCase));
}
