using System.IO.Hashing;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;

namespace Broadsheet.Site;

/// <summary>
/// Gives pages and feeds that use the output cache policy a validator (ETag) and answers If-None-Match with 304.
/// It runs inside the output cache, so the hash is computed once per render and stored with the
/// cached response; the output cache then answers conditional requests for cache hits itself.
/// </summary>
public static class ConditionalGet
{
    public static IApplicationBuilder UseConditionalGet(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var isPage = context.GetEndpoint()?.Metadata.GetMetadata<IOutputCachePolicy>() is not null
                && !context.IsPrivatePage();
            if (!isPage || (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)))
            {
                await next(context);
                return;
            }

            var original = context.Response.Body;
            using var buffer = ResponseBuffers.Rent();
            context.Response.Body = buffer;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }

            var response = context.Response;
            if (response.StatusCode == StatusCodes.Status200OK && !response.HasStarted
                && (IsDocument(response.ContentType) || (context.Request.Path.StartsWithSegments("/api") && IsJson(response.ContentType))))
            {
                var etag = $"W/\"{Convert.ToHexStringLower(Hash(buffer.GetReadOnlySequence())[..12])}\"";
                response.Headers.ETag = etag;
                // The render time: a page re-rendered after an eviction is newer than any copy made before it.
                if (string.IsNullOrEmpty(response.Headers.LastModified))
                {
                    var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                    response.Headers.LastModified = now.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                }

                if (!response.Headers.ContainsKey(HeaderNames.CacheControl))
                {
                    // Browsers and proxies may keep a copy but must check it: a new comment shows on the next visit.
                    response.Headers.CacheControl = "public, no-cache";
                }

                if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")))
                {
                    response.StatusCode = StatusCodes.Status304NotModified;
                    response.ContentLength = null;
                    return;
                }
            }

            if (buffer.Length > 0)
            {
                buffer.Position = 0;
                await buffer.CopyToAsync(original, context.RequestAborted);
            }
        });

    /// <summary>
    /// The page's 128-bit XXH3 hash. A validator needs to tell one version of a page from the next, not to resist a
    /// forger: the page is public, and a collision someone forged (with a comment, say) would at worst keep an older
    /// copy of it in the caches that hold one. SHA-256 cost about 6% of the CPU of rendering an article with a long
    /// discussion (87 KB of HTML).
    /// </summary>
    private static byte[] Hash(System.Buffers.ReadOnlySequence<byte> body)
    {
        if (body.IsSingleSegment)
        {
            return XxHash128.Hash(body.FirstSpan);
        }

        var hash = new XxHash128();
        foreach (var segment in body)
        {
            hash.Append(segment.Span);
        }

        return hash.GetCurrentHash();
    }

    private static bool IsJson(string? contentType) =>
        contentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;

    private static bool IsDocument(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/rss+xml", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/atom+xml", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/xml", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase));
}
