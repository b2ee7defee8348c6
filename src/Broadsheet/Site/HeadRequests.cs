using Microsoft.AspNetCore.Routing;

namespace Broadsheet.Site;

/// <summary>
/// <c>HEAD</c> for endpoints mapped with <c>MapGet</c>, which routing otherwise matches to <c>GET</c> only. Razor Pages
/// answer <c>HEAD</c> by themselves; a feed, a sitemap or <c>robots.txt</c> did not, and since the static pages' and
/// articles' routes do, a <c>HEAD</c> of <c>/feed</c> fell through to them and answered <c>404</c> (or <c>200</c> once a
/// <c>GET</c> had cached it). Feed readers, link checkers and crawlers ask <c>HEAD</c> to see whether a link is alive.
/// The handler runs as for <c>GET</c>; the server sends the headers and no body.
/// </summary>
public static class HeadRequests
{
    /// <summary>Lets every <c>GET</c> endpoint of <paramref name="builder"/> answer <c>HEAD</c> too.</summary>
    public static TBuilder AnswerHead<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            // Routing reads the last method list an endpoint carries.
            if (endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault() is { } methods
                && methods.HttpMethods.Contains(HttpMethods.Get, StringComparer.OrdinalIgnoreCase)
                && !methods.HttpMethods.Contains(HttpMethods.Head, StringComparer.OrdinalIgnoreCase))
            {
                endpoint.Metadata.Add(new HttpMethodMetadata([.. methods.HttpMethods, HttpMethods.Head], methods.AcceptCorsPreflight));
            }
        });
        return builder;
    }
}
