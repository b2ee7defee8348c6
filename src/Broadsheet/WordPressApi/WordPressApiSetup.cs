using System.Text.Json;
using System.Text.Json.Nodes;
using Broadsheet.Site;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Broadsheet.WordPressApi;

/// <summary>
/// A read-only subset of WordPress's REST API (<c>/wp-json/wp/v2/</c>) over the same data as the site, so apps,
/// newsletters and headless front-ends written for WordPress keep working after the move.
/// </summary>
public static class WordPressApiSetup
{
    /// <summary>Like the pages' policy, but varying by every parameter: clients filter with many of them.</summary>
    public const string PolicyName = "wp-json";

    public const string RelApi = "https://api.w.org/";

    /// <summary>
    /// The methods of a read endpoint: GET, and HEAD (which clients use to read the paging headers alone). Each endpoint
    /// is mapped where its handler is named, so that the request delegate generator writes its code at build time.
    /// </summary>
    internal static readonly string[] Read = [HttpMethods.Get, HttpMethods.Head];

    private static readonly string[] Collections = ["posts", "pages", "categories", "tags", "users", "comments", "media"];

    public static WebApplicationBuilder AddWordPressApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<WpSite>();
        builder.Services.AddOutputCache(options => options.AddPolicy(PolicyName, policy => policy
            .Expire(TimeSpan.FromHours(6))
            .SetVaryByQuery("*")
            .SetVaryByHeader("Accept-Encoding")
            .Tag(PageCache.SiteTag)));
        return builder;
    }

    /// <summary>
    /// Before routing: <c>/?rest_route=/wp/v2/posts</c> (WordPress's address for sites without pretty links) reaches the
    /// API; the API answers any origin (WordPress does, and it is public data) including preflights; HTML pages
    /// announce the API in a Link header, as WordPress's do.
    /// </summary>
    public static WebApplication UseWordPressApi(this WebApplication app)
    {
        // Singletons, not the request's services: this runs for every request, cached pages included.
        var privatePages = app.Services.GetRequiredService<PrivatePages>();
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<BroadsheetOptions>>().Value;
        app.Use((context, next) =>
        {
            var request = context.Request;
            if ((request.Path == "/" || request.Path == "/index.php") && request.Query["rest_route"] is [{ Length: > 0 } route, ..] && route.StartsWith('/'))
            {
                request.Path = "/wp-json" + route;
            }

            if (request.Path.StartsWithSegments("/wp-json"))
            {
                var headers = context.Response.Headers;
                headers.AccessControlAllowOrigin = "*";
                headers.AccessControlExposeHeaders = "X-WP-Total, X-WP-TotalPages, Link";
                if (HttpMethods.IsOptions(request.Method))
                {
                    headers.AccessControlAllowMethods = "GET, HEAD, OPTIONS";
                    headers.AccessControlAllowHeaders = "Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, Content-Type";
                    headers.Allow = "GET, HEAD, OPTIONS";
                    context.Response.StatusCode = StatusCodes.Status200OK;
                    return Task.CompletedTask;
                }

                return next(context);
            }

            context.Response.OnStarting(() =>
            {
                AnnounceApi(context, options, privatePages);
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    /// <summary>
    /// Adds the Link header that announces the API to a public HTML page, unless it has that link: a page served from the
    /// output cache brings the one stored with it (<see cref="CacheBeforeRouting"/> adds it before storing), so a hit
    /// builds nothing.
    /// </summary>
    public static void AnnounceApi(HttpContext context, BroadsheetOptions options, PrivatePages privatePages)
    {
        var response = context.Response;
        if (response.StatusCode == StatusCodes.Status200OK && response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
            && !privatePages.IsPrivate(context.Request.Path))
        {
            var link = $"<{SiteUrls.OriginOf(context.Request, options)}/wp-json/>; rel=\"{RelApi}\"";
            // Another Link header (a preload, a next page) is no reason to leave the API's out; only its own is.
            if (!response.Headers[HeaderNames.Link].Contains(link))
            {
                response.Headers.Append(HeaderNames.Link, link);
            }
        }
    }

    public static WebApplication MapWordPressApi(this WebApplication app)
    {
        app.MapMethods("/wp-json", Read, DiscoveryApi.Index).CacheOutput(PolicyName);

        var api = app.MapGroup(WpSite.Base).AddEndpointFilter(SelectFieldsAsync);
        api.MapMethods("", WordPressApiSetup.Read, DiscoveryApi.Namespace).CacheOutput(PolicyName);
        api.MapPostsApi();
        api.MapPagesApi();
        api.MapTermsApi();
        api.MapUsersApi();
        api.MapCommentsApi();
        api.MapMediaApi();

        // Read-only: every write is refused as WordPress refuses a visitor who is not signed in.
        foreach (var name in Collections)
        {
            var noun = name == "media" ? "media" : name == "categories" || name == "tags" ? "terms" : name;
            api.MapPost($"/{name}", () => Refuse("rest_cannot_create", $"Sorry, you are not allowed to create {noun} as this user."));
            api.MapMethods($"/{name}/{{id}}", ["POST", "PUT", "PATCH"], () => Refuse("rest_cannot_edit", $"Sorry, you are not allowed to edit {noun}."));
            api.MapDelete($"/{name}/{{id}}", () => Refuse("rest_cannot_delete", $"Sorry, you are not allowed to delete {noun}."));
        }

        app.Map("/wp-json/{**rest}", () => WpError.NoRoute());
        return app;
    }

    private static WpError Refuse(string code, string message) => new(StatusCodes.Status401Unauthorized, code, message);

    /// <summary>
    /// <c>_fields=id,title</c> keeps only those fields of each item, as WordPress does: clients use it to fetch less.
    /// Works on the typed result, so each endpoint stays unaware of it.
    /// </summary>
    private static async ValueTask<object?> SelectFieldsAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var result = await next(invocation);
        var requested = invocation.HttpContext.Request.Query["_fields"]
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Select(f => f.Split('.')[0])
            .ToHashSet(StringComparer.Ordinal);
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        if (requested.Count == 0 || inner is not IValueHttpResult { Value: { } value }
            || WpJsonContext.Wire.GetTypeInfo(value.GetType()) is not { } typeInfo)
        {
            return result;
        }

        var node = JsonSerializer.SerializeToNode(value, typeInfo);
        foreach (var item in node is JsonArray array ? array.OfType<JsonObject>() : node is JsonObject single ? [single] : [])
        {
            foreach (var key in item.Select(p => p.Key).Where(k => !requested.Contains(k)).ToList())
            {
                item.Remove(key);
            }
        }

        return TypedResults.Json(node, WpJsonContext.Wire.JsonNode);
    }
}
