using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Broadsheet.WordPressApi;

/// <summary>
/// <c>/wp-json/</c> and <c>/wp-json/wp/v2</c>: the indexes clients read to find out what the site serves.
/// Only what we answer is listed, read-only.
/// </summary>
public static class DiscoveryApi
{
    private static readonly string[] Get = ["GET"];

    private static readonly string[] Collections = ["posts", "pages", "categories", "tags", "users", "comments", "media"];

    private static readonly Dictionary<string, string> ListArgs = new()
    {
        ["context"] = "string",
        ["page"] = "integer",
        ["per_page"] = "integer",
        ["search"] = "string",
        ["include"] = "array",
        ["exclude"] = "array",
        ["offset"] = "integer",
        ["order"] = "string",
        ["orderby"] = "string",
        ["slug"] = "array",
    };

    private static readonly Dictionary<string, string[]> Filters = new()
    {
        ["posts"] = ["categories", "categories_exclude", "tags", "tags_exclude", "author", "author_exclude", "sticky", "status", "after", "before"],
        ["pages"] = ["parent", "status"],
        ["categories"] = ["post", "hide_empty", "parent"],
        ["tags"] = ["post", "hide_empty"],
        ["comments"] = ["post", "parent", "parent_exclude"],
        ["media"] = ["media_type", "mime_type"],
    };

    public static JsonHttpResult<WpIndex> Index(WpSite site)
    {
        var origin = site.Urls.Origin;
        var offset = site.Calendar.Zone.GetUtcOffset(site.Now).TotalHours;
        return TypedResults.Json(
            new WpIndex(
                site.Settings.Title,
                site.Settings.Tagline,
                origin,
                origin,
                offset,
                site.Calendar.Zone.Id,
                ["wp/v2"],
                new JsonObject(),
                Routes(site, includeRoot: true),
                WpSite.Links(("help", new WpLink("https://developer.wordpress.org/rest-api/")))),
            WpJsonContext.Wire.WpIndex);
    }

    public static JsonHttpResult<WpNamespaceIndex> Namespace(WpSite site) =>
        TypedResults.Json(
            new WpNamespaceIndex("wp/v2", Routes(site, includeRoot: false), WpSite.Links(("up", new WpLink(site.Absolute("/wp-json/"))))),
            WpJsonContext.Wire.WpNamespaceIndex);

    private static Dictionary<string, WpRoute> Routes(WpSite site, bool includeRoot)
    {
        var routes = new Dictionary<string, WpRoute>(StringComparer.Ordinal);
        if (includeRoot)
        {
            routes["/"] = new WpRoute("", Get, [new WpEndpoint(Get, new Dictionary<string, WpArg>())], new Dictionary<string, string> { ["self"] = site.Absolute("/wp-json/") });
        }

        routes["/wp/v2"] = new WpRoute("wp/v2", Get, [new WpEndpoint(Get, new Dictionary<string, WpArg>())], new Dictionary<string, string> { ["self"] = site.Api("") });
        foreach (var name in Collections)
        {
            var args = ListArgs.Concat(Filters.GetValueOrDefault(name, []).Select(f => KeyValuePair.Create(f, "array")))
                .ToDictionary(a => a.Key, a => new WpArg(false, a.Value), StringComparer.Ordinal);
            routes[$"/wp/v2/{name}"] = new WpRoute("wp/v2", Get, [new WpEndpoint(Get, args)], new Dictionary<string, string> { ["self"] = site.Api($"/{name}") });
            routes[$"/wp/v2/{name}/(?P<id>[\\d]+)"] = new WpRoute("wp/v2", Get,
                [new WpEndpoint(Get, new Dictionary<string, WpArg> { ["id"] = new(false, "integer"), ["context"] = new(false, "string") })], null);
        }

        return routes;
    }
}
