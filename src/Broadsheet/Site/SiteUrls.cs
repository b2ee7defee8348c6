using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Broadsheet.Site;

/// <summary>Absolute URLs for canonical links, feeds and sitemaps.</summary>
public sealed class SiteUrls(IOptions<BroadsheetOptions> options, IHttpContextAccessor accessor, IServer server)
{
    public string Origin
    {
        get
        {
            var request = accessor.HttpContext?.Request;
            return request is null && string.IsNullOrWhiteSpace(options.Value.Site.BaseUrl)
                ? "http://localhost:5000"
                : OriginOf(request!, options.Value);
        }
    }

    /// <summary>The site's origin for a request, without a scope (for middleware that runs on every request).</summary>
    public static string OriginOf(HttpRequest request, BroadsheetOptions options)
    {
        var configured = options.Site.BaseUrl;
        return string.IsNullOrWhiteSpace(configured) ? $"{request.Scheme}://{request.Host}{request.PathBase}" : configured.TrimEnd('/');
    }

    public string Absolute(string path) => path.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? path : Origin + path;

    /// <summary>
    /// An absolute URL for a message sent by mail (a password reset link). Never built from the
    /// request's Host header, which anyone can set: a forged host would send the reset token to another
    /// site. It is Broadsheet:Site:BaseUrl, or else the address the server listens on.
    /// </summary>
    public string ForMail(string path)
    {
        var configured = options.Value.Site.BaseUrl;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.TrimEnd('/') + path;
        }

        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
        var uri = new UriBuilder(listening.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "localhost";
        }

        return uri.Uri.GetLeftPart(UriPartial.Authority) + path;
    }
}
