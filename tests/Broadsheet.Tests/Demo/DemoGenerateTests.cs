using System.Net;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Site;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Demo;

/// <summary>A site filled by <c>demo generate</c> (300 articles, 3,000 comments) before the app first starts on it.</summary>
public class GeneratedSiteApp : BroadsheetApp
{
    public const int Articles = 300;
    public const int Comments = 3_000;

    public GeneratedSiteApp() => Configure("Broadsheet:DemoContent", "false");

    public override string ProviderName => "Sqlite";

    public ProgramProcess.Result Generation { get; private set; } = null!;

    /// <summary>The configuration arguments that point a command at this app's database.</summary>
    public string[] DatabaseArguments() => Postgres is { } postgres
        ? ["--Broadsheet:Database:Provider", "PostgreSQL", "--ConnectionStrings:Broadsheet", postgres.ConnectionString]
        : ["--Broadsheet:DataDir", DataDir];

    protected override async Task BeforeStartAsync() =>
        // Configuration keys both before and after the command, and its options in another order than the help's.
        Generation = await ProgramProcess.RunAsync(
            [DatabaseArguments()[0], DatabaseArguments()[1], "demo", "generate", "--comments", $"{Comments}", "--articles", $"{Articles}",
             .. DatabaseArguments()[2..], "--Logging:LogLevel:Default", "Warning"]);
}

public sealed class PostgresGeneratedSiteApp : GeneratedSiteApp
{
    public PostgresGeneratedSiteApp() => UsePostgres();

    public override string ProviderName => "PostgreSQL";
}

public abstract class DemoGenerateTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : GeneratedSiteApp
{
    [Fact]
    public async Task Generates_the_numbers_asked_for_with_their_search_documents()
    {
        Assert.True(App.Generation.ExitCode == 0, App.Generation.Output + App.Generation.Error);
        Assert.Contains("Generated 300 articles", App.Generation.Output, StringComparison.Ordinal);
        Assert.Contains("Generated 3,000 comments", App.Generation.Output, StringComparison.Ordinal);

        var counts = await App.WithDbAsync(async (db, _) => new[]
        {
            await db.Articles.CountAsync(), await db.Comments.CountAsync(), await db.ArticleSearchDocuments.CountAsync(),
            await db.Sections.CountAsync(), await db.Authors.CountAsync(), await db.Tags.CountAsync(),
        });
        Assert.Equal([GeneratedSiteApp.Articles, GeneratedSiteApp.Comments, GeneratedSiteApp.Articles, 10, 40, 300], counts);
    }

    [Fact]
    public async Task Articles_spread_over_sections_tags_bylines_and_years()
    {
        var articles = await App.WithDbAsync((db, _) => db.Articles.AsNoTracking()
            .Select(a => new { a.SectionId, a.Status, a.CreatedAt, Tags = a.Tags.Count, Bylines = a.Bylines.Count, Slug = a.Slug, Words = a.Body.Length })
            .ToListAsync());

        Assert.True(articles.Select(a => a.SectionId).Distinct().Count() >= 8, "sections used");
        Assert.True(articles.Select(a => a.CreatedAt.Year).Distinct().Count() >= 2, "years covered");
        Assert.All(articles, a => Assert.InRange(a.Tags, 2, 4));
        Assert.All(articles, a => Assert.InRange(a.Bylines, 1, 3));
        Assert.Equal(articles.Count, articles.Select(a => a.Slug).Distinct().Count());
        Assert.True(articles.Average(a => a.Words) > 1500, "bodies of a news story's length");
        Assert.True(articles.Count(a => a.Status == ArticleStatus.Published) > 280, "mostly published");
        Assert.Contains(articles, a => a.Status == ArticleStatus.Draft);
    }

    [Fact]
    public async Task Discussions_have_a_long_tail_and_a_moderation_queue()
    {
        var perArticle = await App.WithDbAsync((db, _) => db.Articles.Where(a => a.Status == ArticleStatus.Published)
            .Select(a => a.Comments.Count).ToListAsync());
        var statuses = await App.WithDbAsync((db, _) => db.Comments.GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));

        var median = perArticle.Order().ElementAt(perArticle.Count / 2);
        Assert.True(perArticle.Max() >= 20 * Math.Max(1, median), $"the most discussed article has {perArticle.Max()} comments, the median {median}");
        Assert.True(perArticle.Count(c => c == 0) > perArticle.Count / 4, "many articles without comments");
        Assert.True(statuses[CommentStatus.Approved] > GeneratedSiteApp.Comments * 0.85, "mostly approved");
        Assert.True(statuses[CommentStatus.Pending] > 0 && statuses[CommentStatus.Spam] > 0, "pending and spam for the queue");
    }

    [Fact]
    public async Task A_generated_article_shows_on_the_reader_site_with_its_threads()
    {
        // A reply to a first-level comment, on an article with a discussion of a readable size.
        var reply = await App.WithDbAsync((db, _) => db.Comments.AsNoTracking()
            .Where(c => c.Status == CommentStatus.Approved && c.ParentId != null && c.Parent!.ParentId == null && c.Article.Status == ArticleStatus.Published
                && c.Article.Comments.Count(o => o.ParentId == null) < 30)
            .OrderBy(c => c.Id)
            .Select(c => new { c.Id, Parent = c.ParentId!.Value, c.Article.Headline, c.Article.Slug, PublishedAt = c.Article.PublishedAt!.Value, c.ArticleId })
            .FirstAsync());
        var held = await App.WithDbAsync((db, _) => db.Comments.Where(c => c.ArticleId == reply.ArticleId && c.Status != CommentStatus.Approved).Select(c => c.Id).ToListAsync());
        var path = App.Services.GetRequiredService<SiteCalendar>().ArticlePath(reply.PublishedAt, reply.Slug);

        using var response = await Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(reply.Headline, page.QuerySelector("h1")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector($"#comment-{reply.Parent} > ol.replies > #comment-{reply.Id}"));
        Assert.All(held, id => Assert.Null(page.QuerySelector($"#comment-{id}")));
    }

    [Fact]
    public async Task Generated_articles_are_listed_and_found_by_search()
    {
        var newest = await App.WithDbAsync((db, _) => db.Articles.Where(a => a.Status == ArticleStatus.Published)
            .OrderByDescending(a => a.PublishedAt).Select(a => a.Headline).FirstAsync());

        var home = Html.Parse(await Client.GetStringAsync("/"));
        var found = Html.Parse(await Client.GetStringAsync("/search?q=" + Uri.EscapeDataString(newest)));

        Assert.Contains(home.QuerySelectorAll("h2, h3"), h => h.TextContent.Trim() == newest);
        Assert.Contains(found.QuerySelectorAll(".search-results h3"), h => h.TextContent.Trim() == newest);
    }

    [Fact]
    public async Task A_database_that_has_content_is_left_alone()
    {
        var result = await ProgramProcess.RunAsync(["demo", "generate", "--articles", "5", "--comments", "5", .. App.DatabaseArguments()]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("already has 300 article(s)", result.Error, StringComparison.Ordinal);
        Assert.Equal(GeneratedSiteApp.Articles, await App.WithDbAsync((db, _) => db.Articles.CountAsync()));
    }
}

public sealed class SqliteDemoGenerateTests(GeneratedSiteApp app) : DemoGenerateTests<GeneratedSiteApp>(app), IClassFixture<GeneratedSiteApp>;

public sealed class PostgresDemoGenerateTests(PostgresGeneratedSiteApp app) : DemoGenerateTests<PostgresGeneratedSiteApp>(app), IClassFixture<PostgresGeneratedSiteApp>;

/// <summary>Numbers <c>demo generate</c> cannot use are refused before anything is opened.</summary>
public sealed class DemoGenerateOptionTests
{
    [Theory]
    [InlineData("--articles", "-1", "--articles must be between 1 and 2,000,000, not -1.")]
    [InlineData("--articles", "0", "--articles must be between 1 and 2,000,000, not 0.")]
    [InlineData("--comments", "-5", "--comments must be between 0 and 20,000,000, not -5.")]
    [InlineData("--tags", "1", "--tags must be between 2 and")]
    [InlineData("--authors", "99999999", "--authors must be between 1 and")]
    [InlineData("--sections", "ten", "ten")]
    public async Task A_bad_number_is_refused_with_a_clear_message(string option, string value, string message)
    {
        var data = Directory.CreateTempSubdirectory("broadsheet-test-").FullName;
        string[] numbers = ["--articles", "10", "--comments", "10"];
        var args = numbers.Contains(option) ? numbers.Select((a, i) => i > 0 && numbers[i - 1] == option ? value : a).ToArray() : [.. numbers, option, value];

        var result = await ProgramProcess.RunAsync(["demo", "generate", .. args, "--Broadsheet:DataDir", data]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(data, "broadsheet.db")), "no database was made");
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task The_numbers_of_articles_and_comments_are_required()
    {
        var result = await ProgramProcess.RunAsync(["demo", "generate", "--articles", "10"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--comments", result.Error, StringComparison.Ordinal);
    }
}
