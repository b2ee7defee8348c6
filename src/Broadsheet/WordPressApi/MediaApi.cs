using System.Globalization;
using Broadsheet.Media;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.WordPressApi;

/// <summary>
/// <c>/wp-json/wp/v2/media</c>: the media library's images, with their resized copies as WordPress's sizes.
/// Not output-cached: an upload evicts no page (pages copy what they show of an image), so a cached list would go stale.
/// </summary>
public static class MediaApi
{
    public static RouteGroupBuilder MapMediaApi(this RouteGroupBuilder api)
    {
        api.MapMethods("/media", WordPressApiSetup.Read, ListAsync);
        api.MapMethods("/media/{id}", WordPressApiSetup.Read, GetAsync);
        return api;
    }

    private static async Task<Results<JsonHttpResult<List<WpMedia>>, WpError>> ListAsync(HttpContext context, WpSite site, CancellationToken ct)
    {
        var query = new WpQuery(context.Request.Query);
        if (query.Forbidden("inherit") is { } forbidden)
        {
            return forbidden;
        }

        var perPage = query.PerPage();
        var page = query.Page();
        var offset = query.Offset();
        var ascending = query.Ascending(byDefault: false);
        var orderBy = query.OrderBy("date", "date", "id", "title", "modified", "include", "relevance");
        var search = query.Search();
        var include = query.Ids("include");
        var exclude = query.Ids("exclude");
        var mediaType = query.Text("media_type");
        var mimeType = query.Text("mime_type")?.ToLowerInvariant();
        if (query.Error is { } invalid)
        {
            return invalid;
        }

        if (WpError.OrderWithoutItsParameter(orderBy, search, include) is { } unordered)
        {
            return unordered;
        }

        var items = site.Db.MediaItems.AsNoTracking();
        items = search is null ? items : items.Where(m => EF.Functions.Like(m.OriginalName.ToLower(), search, WpQuery.LikeEscape) || (m.Alt != null && EF.Functions.Like(m.Alt.ToLower(), search, WpQuery.LikeEscape)));
        items = include is null ? items : items.Where(m => include.Contains(m.Id));
        items = exclude is null ? items : items.Where(m => !exclude.Contains(m.Id));
        // Everything in the library is an image.
        items = mediaType is null or "image" ? items : items.Where(m => false);
        items = mimeType is null ? items : items.Where(m => m.ContentType == mimeType);
        var ordered = (orderBy, ascending) switch
        {
            ("id" or "include", true) => items.OrderBy(m => m.Id),
            ("id" or "include", false) => items.OrderByDescending(m => m.Id),
            ("title", true) => items.OrderBy(m => m.OriginalName).ThenBy(m => m.Id),
            ("title", false) => items.OrderByDescending(m => m.OriginalName).ThenByDescending(m => m.Id),
            (_, true) => items.OrderBy(m => m.UploadedAt).ThenBy(m => m.Id),
            _ => items.OrderByDescending(m => m.UploadedAt).ThenByDescending(m => m.Id),
        };

        var (rows, beyond) = await site.PageAsync(context, ordered, page, perPage, offset, WpError.PostPageBeyondEnd, ct);
        if (beyond is not null)
        {
            return beyond;
        }

        return TypedResults.Json(rows.Select(m => ToMedia(site, m)).ToList(), WpJsonContext.Wire.ListWpMedia);
    }

    private static async Task<Results<JsonHttpResult<WpMedia>, WpError>> GetAsync(string id, HttpContext context, WpSite site, CancellationToken ct)
    {
        if (new WpQuery(context.Request.Query).Forbidden("inherit") is { } forbidden)
        {
            return forbidden;
        }

        if (!WpIds.TryParse(id, out var key) || await site.Db.MediaItems.AsNoTracking().FirstOrDefaultAsync(m => m.Id == key, ct) is not { } item)
        {
            return WpError.InvalidPostId();
        }

        return TypedResults.Json(ToMedia(site, item), WpJsonContext.Wire.WpMedia);
    }

    internal static WpMedia ToMedia(WpSite site, MediaItem item)
    {
        var sourceUrl = site.Absolute(item.Url);
        var sizes = new Dictionary<string, WpMediaSize>(StringComparer.Ordinal);
        foreach (var width in item.Variants.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(width, NumberStyles.None, CultureInfo.InvariantCulture, out var w) || item.Width <= 0)
            {
                continue;
            }

            var url = ImageSources.VariantUrl(item.Url, width);
            var height = (int)Math.Round(item.Height * (double)w / item.Width);
            sizes[$"w{width}"] = new WpMediaSize(url[(url.LastIndexOf('/') + 1)..], w, height, "image/webp", site.Absolute(url));
        }

        sizes["full"] = new WpMediaSize(item.Path[(item.Path.LastIndexOf('/') + 1)..], item.Width, item.Height, item.ContentType, sourceUrl);
        var title = Path.GetFileNameWithoutExtension(item.OriginalName);
        return new WpMedia(
            item.Id,
            site.Local(item.UploadedAt),
            WpSite.Gmt(item.UploadedAt),
            new WpRendered(sourceUrl),
            site.Local(item.UploadedAt),
            WpSite.Gmt(item.UploadedAt),
            Path.GetFileNameWithoutExtension(item.Path),
            "inherit",
            "attachment",
            sourceUrl,
            new WpRendered(WpSite.Encode(title)),
            0,
            "closed",
            "closed",
            "",
            [],
            new WpRendered(""),
            new WpRendered(WpSite.Paragraph(item.Credit)),
            item.Alt ?? "",
            "image",
            item.ContentType,
            new WpMediaDetails(item.Width, item.Height, item.Path, sizes),
            null,
            sourceUrl,
            WpSite.Links(("self", new WpLink(site.Api($"/media/{item.Id}"))), ("collection", new WpLink(site.Api("/media")))));
    }
}
