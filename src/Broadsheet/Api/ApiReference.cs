using System.IO.Compression;
using System.Net;
using Broadsheet.Site;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Broadsheet.Api;

/// <summary>
/// The API's reference page at <c>/api</c>: Scalar's viewer over <c>/openapi/v1.json</c>, with every file served from
/// here (Scalar.AspNetCore carries the viewer's script in its assembly), so the page reaches no other host.
/// </summary>
public static class ApiReference
{
    public const string ScriptPath = "/api/reference/scalar.js";

    // Scalar's script injects its stylesheet as a <style> element and its components set style attributes, so this page
    // (and only this page) allows inline styles; scripts stay same-origin files only, as everywhere else.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static readonly Lazy<(byte[] Gzip, byte[] Plain, string ETag)> Script = new(LoadScript);

    private static readonly string Version =
        typeof(Scalar.AspNetCore.ScalarOptions).Assembly.GetName().Version?.ToString() ?? "0";

    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapGet(ApiSetup.Root, Page).ExcludeFromDescription().CacheOutput(PageCache.PolicyName).AnswerHead();
        app.MapGet(ScriptPath, ServeScript).ExcludeFromDescription();
        return app;
    }

    private static ContentHttpResult Page(HttpContext context, SiteSettingsStore settings)
    {
        context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        var title = WebUtility.HtmlEncode($"{settings.Title} API reference");
        var html = $$"""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{{title}}</title>
              <link rel="icon" href="/favicon.svg" type="image/svg+xml">
              <meta name="description" content="The Content API of {{WebUtility.HtmlEncode(settings.Title)}}: articles, sections, tags, authors, pages and comments as JSON.">
            </head>
            <body>
              <div id="reference" data-document="/openapi/{{ApiSetup.DocumentName}}.json" data-title="{{title}}"></div>
              <script src="{{ScriptPath}}?v={{Version}}"></script>
              <script src="/js/api-reference.js"></script>
            </body>
            </html>
            """;
        return TypedResults.Content(html, "text/html; charset=utf-8");
    }

    private static IResult ServeScript(HttpContext context)
    {
        var (gzip, plain, etag) = Script.Value;
        var headers = context.Response.Headers;
        headers.CacheControl = context.Request.Query.ContainsKey("v") ? "public, max-age=31536000, immutable" : "public, no-cache";
        headers.ETag = etag;
        headers.Vary = "Accept-Encoding";
        if (context.Request.Headers.IfNoneMatch == etag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        if (context.Request.Headers.AcceptEncoding.Any(v => v?.Contains("gzip", StringComparison.OrdinalIgnoreCase) == true))
        {
            headers.ContentEncoding = "gzip";
            return TypedResults.Bytes(gzip, "text/javascript; charset=utf-8");
        }

        return TypedResults.Bytes(plain, "text/javascript; charset=utf-8");
    }

    /// <summary>The package keeps the standalone viewer gzipped as a resource; we serve it as it is to those who accept gzip.</summary>
    private static (byte[], byte[], string) LoadScript()
    {
        var assembly = typeof(Scalar.AspNetCore.ScalarOptions).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".scalar.js", StringComparison.Ordinal));
        using var resource = assembly.GetManifestResourceStream(name)!;
        using var gzip = new MemoryStream();
        resource.CopyTo(gzip);
        gzip.Position = 0;
        using var plain = new MemoryStream();
        using (var inflate = new GZipStream(gzip, CompressionMode.Decompress, leaveOpen: true))
        {
            inflate.CopyTo(plain);
        }

        var etag = $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(plain.ToArray())[..12])}\"";
        return (gzip.ToArray(), plain.ToArray(), etag);
    }
}
