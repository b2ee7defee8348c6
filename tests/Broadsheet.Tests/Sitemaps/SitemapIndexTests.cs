using System.Net;
using System.Xml.Linq;
using Broadsheet.Articles;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Sitemaps;

/// <summary>A site with more articles than one sitemap may hold (here 10 instead of 50,000).</summary>
public sealed class LargeSiteApp : BroadsheetApp
{
    public LargeSiteApp() => Configure("Broadsheet:Site:SitemapSize", "10");

    public override string ProviderName => "Sqlite";
}

public sealed class SitemapIndexTests(LargeSiteApp app) : AppTest<LargeSiteApp>(app), IClassFixture<LargeSiteApp>
{
    private static readonly XNamespace Ns = "http://www.sitemaps.org/schemas/sitemap/0.9";

    [Fact]
    public async Task A_site_larger_than_one_sitemap_gets_an_index_whose_sitemaps_list_every_article_once()
    {
        var index = XDocument.Parse(await Client.GetStringAsync("/sitemap.xml"));
        Assert.Equal(Ns + "sitemapindex", index.Root!.Name);
        var sitemaps = index.Root.Elements(Ns + "sitemap").Select(s => new Uri(s.Element(Ns + "loc")!.Value).AbsolutePath).ToList();
        Assert.Contains("/sitemaps/sections.xml", sitemaps);

        var articleUrls = new List<string>();
        foreach (var path in sitemaps.Where(p => p.StartsWith("/sitemaps/articles-", StringComparison.Ordinal)))
        {
            var urls = XDocument.Parse(await Client.GetStringAsync(path)).Root!.Elements(Ns + "url").ToList();
            Assert.InRange(urls.Count, 1, 10);
            Assert.All(urls, u => Assert.NotNull(u.Element(Ns + "lastmod")));
            articleUrls.AddRange(urls.Select(u => u.Element(Ns + "loc")!.Value));
        }

        var published = await App.WithDbAsync((db, _) => db.Articles.CountAsync(a => a.Status == ArticleStatus.Published && a.PublishedAt <= DateTime.UtcNow));
        Assert.Equal(published, articleUrls.Count);
        Assert.Equal(published, articleUrls.Distinct().Count());

        var sections = XDocument.Parse(await Client.GetStringAsync("/sitemaps/sections.xml"));
        Assert.Contains(sections.Root!.Elements(Ns + "url"), u => u.Element(Ns + "loc")!.Value.EndsWith("/section/city", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/sitemaps/articles-{sitemaps.Count + 5}.xml")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/sitemaps/articles-0.xml")).StatusCode);
    }
}
