using System.Net;
using System.Xml.Linq;
using Broadsheet.Articles;
using Broadsheet.Site;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Sitemaps;

/// <summary>A site with more articles than one sitemap may hold (here 10 instead of 2,000).</summary>
public class LargeSiteApp : BroadsheetApp
{
    public LargeSiteApp() => Configure("Broadsheet:Site:SitemapSize", "10");

    public override string ProviderName => "Sqlite";
}

public sealed class PostgresLargeSiteApp : LargeSiteApp
{
    public PostgresLargeSiteApp() => UsePostgres();

    public override string ProviderName => "PostgreSQL";
}

public sealed class SqliteSitemapIndexTests(LargeSiteApp app) : SitemapIndexTests<LargeSiteApp>(app), IClassFixture<LargeSiteApp>;

public sealed class PostgresSitemapIndexTests(PostgresLargeSiteApp app) : SitemapIndexTests<PostgresLargeSiteApp>(app), IClassFixture<PostgresLargeSiteApp>;

public abstract class SitemapIndexTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : LargeSiteApp
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

    /// <summary>The article sitemaps the index lists, by number, with the URLs each holds.</summary>
    private async Task<Dictionary<int, List<string>>> ArticleFilesAsync()
    {
        var index = XDocument.Parse(await Client.GetStringAsync("/sitemap.xml"));
        var files = new Dictionary<int, List<string>>();
        foreach (var path in index.Root!.Elements(Ns + "sitemap").Select(s => new Uri(s.Element(Ns + "loc")!.Value).AbsolutePath)
                     .Where(p => p.StartsWith("/sitemaps/articles-", StringComparison.Ordinal)))
        {
            var number = int.Parse(path["/sitemaps/articles-".Length..^".xml".Length], System.Globalization.CultureInfo.InvariantCulture);
            files[number] = XDocument.Parse(await Client.GetStringAsync(path)).Root!.Elements(Ns + "url")
                .Select(u => new Uri(u.Element(Ns + "loc")!.Value).AbsolutePath).ToList();
        }

        return files;
    }

    [Fact]
    public async Task Withdrawing_an_article_takes_it_out_of_its_sitemap_file_and_moves_no_other_url()
    {
        var before = await ArticleFilesAsync();
        Assert.True(before.Count >= 2, "the demo site should fill several article sitemaps");
        var (number, urls) = before.OrderBy(f => f.Key).First(f => f.Value.Count >= 2);
        var withdrawn = urls[0];
        var slug = withdrawn[(withdrawn.LastIndexOf('/') + 1)..];
        await App.WithDbAsync(async (db, services) =>
        {
            var article = await db.Articles.SingleAsync(a => a.Slug == slug);
            article.Status = ArticleStatus.Unpublished;
            await db.SaveChangesAsync();
            await services.GetRequiredService<PageCacheEviction>().ArticleChangedAsync(article.Id);
            return article.Id;
        });

        var after = await ArticleFilesAsync();
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.Equal(urls.Skip(1), after[number]);
        Assert.All(before.Where(f => f.Key != number), f => Assert.Equal(f.Value, after[f.Key]));
    }

    [Fact]
    public async Task A_block_of_ids_without_a_published_article_gets_no_sitemap_and_gets_it_back_when_one_is_published_again()
    {
        var before = await ArticleFilesAsync();
        var number = before.Keys.Order().Skip(1).First();
        var ids = await App.WithDbAsync((db, _) => db.Articles
            .Where(a => a.Id > (number - 1) * 10 && a.Id <= number * 10 && a.Status == ArticleStatus.Published).Select(a => a.Id).ToListAsync());
        Assert.NotEmpty(ids);
        await SetStatusAsync(ids, ArticleStatus.Unpublished);

        var without = await ArticleFilesAsync();
        Assert.Equal(before.Keys.Where(k => k != number).Order(), without.Keys.Order());
        Assert.All(before.Where(f => f.Key != number), f => Assert.Equal(f.Value, without[f.Key]));

        await SetStatusAsync(ids, ArticleStatus.Published);
        var again = await ArticleFilesAsync();
        Assert.Equal(before.Keys.Order(), again.Keys.Order());
        Assert.Equal(before[number], again[number]);
    }

    private Task<int> SetStatusAsync(List<int> ids, ArticleStatus status) => App.WithDbAsync(async (db, services) =>
    {
        await db.Articles.Where(a => ids.Contains(a.Id)).ExecuteUpdateAsync(set => set.SetProperty(a => a.Status, status));
        foreach (var id in ids)
        {
            await services.GetRequiredService<PageCacheEviction>().ArticleChangedAsync(id);
        }

        return ids.Count;
    });

    [Fact]
    public async Task An_article_sitemap_holds_the_published_articles_of_its_block_of_ids()
    {
        var files = await ArticleFilesAsync();
        var published = await App.WithDbAsync((db, _) => db.Articles
            .Where(a => a.Status == ArticleStatus.Published && a.PublishedAt <= DateTime.UtcNow).Select(a => new { a.Id, a.Slug }).ToListAsync());
        foreach (var article in published)
        {
            Assert.Contains(files[((article.Id - 1) / 10) + 1], url => url.EndsWith("/" + article.Slug, StringComparison.Ordinal));
        }

        Assert.All(files.Values, urls => Assert.NotEmpty(urls));
        Assert.Equal(published.Count, files.Values.Sum(urls => urls.Count));
    }
}
