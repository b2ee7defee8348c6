using System.Xml.Linq;
using Broadsheet.Site;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Site;

/// <summary>An output cache of 1 MB: the demo's 52 article pages (about 22 KB each, with their More Articles lists) overflow it.</summary>
public sealed class SmallOutputCacheApp : BroadsheetApp
{
    public SmallOutputCacheApp() => Configure("Broadsheet:OutputCache:SizeLimitMegabytes", "1");

    public override string ProviderName => "Sqlite";
}

/// <summary>
/// A crawler reads every article of a site once. On a site larger than the output cache's budget, least recently used
/// eviction alone would let it push out the pages readers read all the time (the home page first), so every reader
/// after it would wait for a render. Near its budget, the cache keeps a page only when it is asked for again
/// (<see cref="OffHeapOutputCacheStore"/>).
/// </summary>
public sealed class OutputCacheAdmissionTests(SmallOutputCacheApp app) : AppTest<SmallOutputCacheApp>(app), IClassFixture<SmallOutputCacheApp>
{
    private static readonly XNamespace Ns = "http://www.sitemaps.org/schemas/sitemap/0.9";

    [Fact]
    public async Task A_crawl_through_every_article_once_leaves_the_home_page_cached_and_a_page_asked_for_again_is_kept()
    {
        var sitemap = XDocument.Parse(await Client.GetStringAsync("/sitemap.xml"));
        var articles = sitemap.Root!.Elements(Ns + "url")
            .Select(url => new Uri(url.Element(Ns + "loc")!.Value).AbsolutePath)
            .Where(path => path.Split('/', StringSplitOptions.RemoveEmptyEntries).Length == 4)
            .ToList();
        Assert.True(articles.Count >= 50, $"the demo site should have about 52 articles in its sitemap, not {articles.Count}");

        var home = await Client.GetByteArrayAsync("/");
        using (var again = await Client.GetAsync("/"))
        {
            Assert.True(again.Headers.Age.HasValue, "the home page read a second time should come from the cache");
        }

        foreach (var path in articles)
        {
            using var page = await Client.GetAsync(path);
            page.EnsureSuccessStatusCode();
        }

        var store = App.Services.GetRequiredService<OffHeapOutputCacheStore>();
        Assert.True(store.KeptBytes <= 1024 * 1024, $"the cache keeps {store.KeptBytes} bytes for a budget of 1 MB");
        using (var after = await Client.GetAsync("/"))
        {
            Assert.True(after.Headers.Age.HasValue, "the home page should still come from the cache after the crawl");
            Assert.Equal(home, await after.Content.ReadAsByteArrayAsync());
        }

        // The last article the crawler read, read again by readers: kept at its second miss (or, if the cache was full at
        // that moment, at the next, once it has made room), then answered from the cache.
        var last = articles[^1];
        var cached = false;
        for (var reads = 0; reads < 5 && !cached; reads++)
        {
            using var page = await Client.GetAsync(last);
            cached = page.Headers.Age.HasValue;
            if (!cached)
            {
                await Task.Delay(100);
            }
        }

        Assert.True(cached, $"{last}, asked for again and again, was never answered from the cache");
    }
}
