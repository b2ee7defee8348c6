using Microsoft.AspNetCore.Http.Headers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Broadsheet.Media;

/// <summary>
/// Serves <c>/media/…</c> from the database store with what the static file middleware gives a file on disk: its
/// type and length, a validator (ETag and Last-Modified) answered with 304, HEAD, and a year's immutable caching.
/// Browsers and CDNs keep the files, so a node reads one from the database about once per cache, not per page view:
/// one small query for the facts, then the bytes streamed only when they are sent.
/// </summary>
public static class DatabaseMediaServing
{
    public static async Task ServeAsync(HttpContext context, [FromRoute] string path, [FromServices] DatabaseMediaStore store)
    {
        var response = context.Response;
        var cancellationToken = context.RequestAborted;
        if (await store.FindAsync(path, cancellationToken) is not { } file)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        // HTTP dates have whole seconds: compared with If-Modified-Since as sent back.
        var lastModified = new DateTimeOffset(file.StoredAt.UtcTicks - (file.StoredAt.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        // A path is written once and never changes, so its length and time identify its bytes.
        var etag = new EntityTagHeaderValue($"\"{file.Length:x}-{lastModified.UtcTicks:x}\"");
        var headers = response.GetTypedHeaders();
        headers.ETag = etag;
        headers.LastModified = lastModified;
        response.Headers.CacheControl = MediaSetup.CacheControl;
        if (NotModified(context.Request.GetTypedHeaders(), etag, lastModified))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.ContentType = file.ContentType;
        response.ContentLength = file.Length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        await store.CopyToAsync(path, response.Body, cancellationToken);
    }

    /// <summary>RFC 9110 §13.2.2: If-None-Match decides when present (weak comparison); otherwise If-Modified-Since.</summary>
    private static bool NotModified(RequestHeaders request, EntityTagHeaderValue etag, DateTimeOffset lastModified)
    {
        if (request.IfNoneMatch is { Count: > 0 } tags)
        {
            return tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false));
        }

        return request.IfModifiedSince is { } since && lastModified <= since;
    }
}
