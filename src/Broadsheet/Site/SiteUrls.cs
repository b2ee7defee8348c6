using Microsoft.Extensions.Options;

namespace Broadsheet.Site;

/// <summary>Absolute URLs for canonical links, feeds and sitemaps.</summary>
public sealed class SiteUrls(IOptions<BroadsheetOptions> options, IHttpContextAccessor accessor)
{
    public string Origin
    {
        get
        {
            var configured = options.Value.Site.BaseUrl;
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return configured.TrimEnd('/');
            }

            var request = accessor.HttpContext?.Request;
            return request is null ? "http://localhost:5000" : $"{request.Scheme}://{request.Host}{request.PathBase}";
        }
    }

    public string Absolute(string path) => path.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? path : Origin + path;
}
