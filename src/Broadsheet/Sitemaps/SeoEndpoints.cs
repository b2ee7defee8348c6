using System.Xml;
using Broadsheet.Articles;
using Broadsheet.Feeds;
using XmlText = Broadsheet.Feeds.XmlText;
using Broadsheet.Site;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Sitemaps;

/// <summary>The Google News sitemap and robots.txt (the article sitemaps are in <see cref="SitemapEndpoints"/>).</summary>
public static class SeoEndpoints
{
    private const string SitemapNs = SitemapEndpoints.SitemapNs;
    private const string NewsNs = "http://www.google.com/schemas/sitemap-news/0.9";

    public static IEndpointRouteBuilder MapSeoFiles(this IEndpointRouteBuilder app)
    {
        var seo = app.MapGroup("").CacheOutput(PageCache.PolicyName).AnswerHead();
        seo.MapGet("/news-sitemap.xml", NewsSitemapAsync);
        seo.MapGet("/robots.txt", (SiteUrls urls) => TypedResults.Text(
            $"User-agent: *\nDisallow: /newsroom/\nAllow: /\n\nSitemap: {urls.Absolute("/sitemap.xml")}\nSitemap: {urls.Absolute("/news-sitemap.xml")}\n",
            "text/plain; charset=utf-8"));
        return app;
    }

    /// <summary>Articles from the last two days, as Google News asks.</summary>
    private static async Task<FileContentHttpResult> NewsSitemapAsync(HttpContext context, FeedContext feed, CancellationToken ct)
    {
        context.TagResponse(PageCache.ListingsTag);
        var since = feed.Now.AddDays(-2);
        var articles = await feed.Published.Where(a => a.PublishedAt >= since).Latest().Take(1000)
            .Select(a => new { a.Slug, a.Headline, PublishedAt = a.PublishedAt!.Value })
            .ToListAsync(ct);
        var site = feed.Settings;

        var document = XmlText.Document(xml =>
        {
            xml.WriteStartElement("urlset", SitemapNs);
            xml.WriteAttributeString("xmlns", "news", null, NewsNs);
            foreach (var article in articles)
            {
                xml.WriteStartElement("url", SitemapNs);
                xml.WriteElementString("loc", SitemapNs, feed.Urls.Absolute(feed.Calendar.ArticlePath(article.PublishedAt, article.Slug)));
                xml.WriteStartElement("news", "news", NewsNs);
                xml.WriteStartElement("news", "publication", NewsNs);
                xml.WriteElementString("news", "name", NewsNs, XmlText.Safe(site.Title));
                xml.WriteElementString("news", "language", NewsNs, feed.Calendar.Culture.TwoLetterISOLanguageName);
                xml.WriteEndElement();
                xml.WriteElementString("news", "publication_date", NewsNs, feed.Calendar.Iso(article.PublishedAt));
                xml.WriteElementString("news", "title", NewsNs, XmlText.Safe(article.Headline));
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        });

        return TypedResults.File(document, "application/xml; charset=utf-8");
    }
}
