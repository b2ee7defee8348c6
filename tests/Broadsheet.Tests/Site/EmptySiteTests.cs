using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Site;

public sealed class EmptySiteApp : BroadsheetApp
{
    public EmptySiteApp() => Configure("Broadsheet:DemoContent", "false");

    public override string ProviderName => "Sqlite";
}

public sealed class EmptySiteTests(EmptySiteApp app) : AppTest<EmptySiteApp>(app), IClassFixture<EmptySiteApp>
{
    [Fact]
    public async Task Without_demo_content_the_database_starts_empty_and_every_page_still_works()
    {
        Assert.Equal(0, await App.WithDbAsync((db, _) => db.Articles.CountAsync()));
        Assert.True(File.Exists(Path.Combine(App.DataDir, "broadsheet.db")), "the SQLite file lives in the data folder");

        var home = await Client.GetDocumentAsync("/");
        Assert.Contains("Nothing has been published yet.", home.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var feed = FeedParserCheck(await Client.GetByteArrayAsync("/feed"));
        Assert.Equal(0, feed);
        Assert.Contains("<urlset", await Client.GetStringAsync("/sitemap.xml"), StringComparison.Ordinal);
    }

    private static int FeedParserCheck(byte[] bytes) =>
        Feeds.FeedParser.Parse(bytes, "application/rss+xml; charset=utf-8").GetProperty("entries").GetArrayLength();
}
