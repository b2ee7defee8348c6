using System.Diagnostics;
using System.Text.Json;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.WordPressApi;

/// <summary>
/// The npm <c>wpapi</c> client (1.2.2, locked in the test project's package-lock.json), which nobody here wrote,
/// reads the running site over a real port as an app built for WordPress would.
/// </summary>
public sealed class WpapiClientTests(WordPressApiApp app) : AppTest<WordPressApiApp>(app), IClassFixture<WordPressApiApp>
{
    private static readonly string Script = Path.Combine(RepositoryFiles.Root, "tests", "Broadsheet.Tests", "WordPressApi", "wpapi-client.js");

    [Fact]
    public async Task The_wpapi_client_lists_finds_pages_through_and_reads_comments_as_the_database_has_them()
    {
        var article = await new ArticleBuilder().Headline("Tide mill restored").Tagged("Mills")
            .WithComment("Una", "Lovely news.").WithComment("Vic", "Agreed!", replyTo: 0).WithComment("Held", "Hmm", commentStatus: CommentStatus.Pending)
            .SaveAsync(App);
        await new ArticleBuilder().Status(ArticleStatus.Draft).SaveAsync(App);

        var result = await RunAsync(App.BaseAddress.ToString(), article.Slug);

        var expected = await App.WithDbAsync(async (db, services) =>
        {
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var published = db.Articles.AsNoTracking().Published(now);
            return new
            {
                Ids = await published.Latest().Select(a => a.Id).ToListAsync(),
                Sections = await db.Sections.OrderBy(s => s.Name).Select(s => new { s.Id, s.Slug, Count = s.Articles.Count(a => a.Status == ArticleStatus.Published && a.PublishedAt <= now) }).ToListAsync(),
                Comments = await db.Comments.Where(c => c.ArticleId == article.Id && c.Status == CommentStatus.Approved).OrderByDescending(c => c.CreatedAt).Select(c => new { c.Id, c.AuthorName, c.ParentId }).ToListAsync(),
            };
        });

        Assert.Equal(expected.Ids.Take(10), result.GetProperty("latest").EnumerateArray().Select(p => p.GetProperty("id").GetInt32()));
        Assert.Equal(expected.Ids.Count, result.GetProperty("latestTotal").GetInt32());

        var found = result.GetProperty("bySlug").EnumerateArray().Single();
        Assert.Equal((article.Id, "Tide mill restored"), (found.GetProperty("id").GetInt32(), found.GetProperty("title").GetString()));
        Assert.StartsWith(App.BaseAddress.ToString(), found.GetProperty("link").GetString(), StringComparison.Ordinal);
        Assert.EndsWith($"/{article.Slug}", found.GetProperty("link").GetString(), StringComparison.Ordinal);

        Assert.Equal(
            expected.Sections.Select(s => (s.Id, s.Slug, s.Count)),
            result.GetProperty("categories").EnumerateArray().Select(c => (c.GetProperty("id").GetInt32(), c.GetProperty("slug").GetString()!, c.GetProperty("count").GetInt32())));

        Assert.Equal(
            expected.Comments.Select(c => (c.Id, c.AuthorName, c.ParentId ?? 0)),
            result.GetProperty("comments").EnumerateArray().Select(c => (c.GetProperty("id").GetInt32(), c.GetProperty("author_name").GetString()!, c.GetProperty("parent").GetInt32())));

        // Paging through everything two at a time meets every published article exactly once, in order.
        var pages = result.GetProperty("pages").EnumerateArray().ToList();
        Assert.Equal((expected.Ids.Count + 1) / 2, pages.Count);
        Assert.Equal(expected.Ids, pages.SelectMany(p => p.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32())));
        Assert.All(pages, p => Assert.Equal(pages.Count, p.GetProperty("totalPages").GetInt32()));
        Assert.False(pages[0].GetProperty("hasPrev").GetBoolean());
        Assert.True(pages[0].GetProperty("hasNext").GetBoolean());
        Assert.False(pages[^1].GetProperty("hasNext").GetBoolean());
        Assert.Equal(expected.Ids.Count, result.GetProperty("followed").GetInt32());
        Assert.Equal("rest_post_invalid_page_number", result.GetProperty("pastTheEnd").GetString());
    }

    private static async Task<JsonElement> RunAsync(string siteUrl, string slug)
    {
        Assert.True(File.Exists(Path.Combine(RepositoryFiles.Root, "tests", "Broadsheet.Tests", "node_modules", "wpapi", "package.json")),
            "The npm package wpapi is not installed: run scripts/install-test-deps.sh (npm ci in tests/Broadsheet.Tests).");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(Script)! };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(siteUrl);
        start.ArgumentList.Add(slug);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"The wpapi client failed: {await error}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
