using System.Diagnostics;
using System.Text.Json;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Feeds;

/// <summary>Feeds are checked by Python's feedparser (Debian's python3-feedparser), as feed readers would see them.</summary>
public abstract class FeedTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : BroadsheetApp
{
    [Theory]
    [InlineData("/feed", "rss20")]
    [InlineData("/feed/atom", "atom10")]
    [InlineData("/section/weather/feed", "rss20")]
    [InlineData("/section/weather/feed/atom", "atom10")]
    [InlineData("/tag/feed-test-tag/feed", "rss20")]
    [InlineData("/tag/feed-test-tag/feed/atom", "atom10")]
    public async Task Feed_parses_cleanly_in_feedparser(string path, string version)
    {
        var article = await new ArticleBuilder()
            .Headline($"Feed story {Guid.NewGuid():N} with <angle> & \"quotes\"")
            .InSection("weather")
            .Tagged("Feed Test Tag")
            .By("Noor Hale")
            .SaveAsync(App);

        using var response = await Client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var parsed = FeedParser.Parse(bytes, response.Content.Headers.ContentType!.ToString());

        Assert.Equal(0, parsed.GetProperty("bozo").GetInt32());
        Assert.Equal(version, parsed.GetProperty("version").GetString());
        var entries = parsed.GetProperty("entries").EnumerateArray().ToList();
        Assert.NotEmpty(entries);
        var entry = entries.Single(e => e.GetProperty("title").GetString() == article.Headline);
        Assert.EndsWith(article.Slug, entry.GetProperty("link").GetString(), StringComparison.Ordinal);
        Assert.Equal("Noor Hale", entry.GetProperty("author").GetString());
        Assert.True(entry.GetProperty("published_parsed").GetBoolean());
    }

    [Fact]
    public async Task Unknown_section_feed_answers_404()
    {
        using var response = await Client.GetAsync("/section/no-such-section/feed");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }
}

public sealed class SqliteFeedTests(SqliteApp app) : FeedTests<SqliteApp>(app), IClassFixture<SqliteApp>;

public sealed class PostgresFeedTests(PostgresApp app) : FeedTests<PostgresApp>(app), IClassFixture<PostgresApp>;

internal static class FeedParser
{
    private const string Script = """
        import sys, json, feedparser
        data = open(sys.argv[1], 'rb').read()
        d = feedparser.parse(data, response_headers={'content-type': sys.argv[2]})
        print(json.dumps({
            'bozo': int(d.bozo),
            'bozo_exception': str(d.get('bozo_exception', '')),
            'version': d.version,
            'title': d.feed.get('title'),
            'entries': [{'title': e.get('title'), 'link': e.get('link'), 'author': e.get('author'), 'summary': e.get('summary'),
                         'published_parsed': e.get('published_parsed') is not None} for e in d.entries],
        }))
        """;

    public static JsonElement Parse(byte[] feed, string contentType)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(file, feed);
            // Debian's interpreter, explicitly: a python3 earlier on PATH may lack Debian's packages.
            var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(Script);
            start.ArgumentList.Add(file);
            start.ArgumentList.Add(contentType);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"feedparser failed: {error}");
            var result = JsonDocument.Parse(output).RootElement.Clone();
            Assert.True(result.GetProperty("bozo").GetInt32() == 0, "feedparser bozo: " + result.GetProperty("bozo_exception").GetString());
            return result;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
