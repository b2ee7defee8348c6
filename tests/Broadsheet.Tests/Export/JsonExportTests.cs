using System.Globalization;
using System.Text.Json;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Export;

/// <summary><c>export json</c> run as a real process on the data folder of a running site with demo content.</summary>
public sealed class JsonExportTests(NewsroomApp app) : AppTest<NewsroomApp>(app), IClassFixture<NewsroomApp>
{
    private string[] Data => ["--Broadsheet:DataDir", App.DataDir, "--Logging:LogLevel:Default", "Warning"];

    [Fact]
    public async Task Export_json_writes_the_whole_site_and_every_count_and_field_matches_the_database()
    {
        var site = await ExportTestSite.AddToAsync(App);
        var folder = Path.Combine(App.DataDir, $"export-{Guid.NewGuid():N}");

        var result = await ProgramProcess.RunAsync(["export", "json", folder, .. Data]);

        Assert.True(result.ExitCode == 0, result.Error);
        var file = Path.Combine(folder, "site.json");
        Assert.Contains($"to {file}", result.Output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(file));
        var root = json.RootElement;
        Assert.Equal("broadsheet-export", root.GetProperty("format").GetString());
        Assert.Equal(1, root.GetProperty("formatVersion").GetInt32());

        var expected = await App.WithDbAsync(async (db, _) => new Dictionary<string, int>
        {
            ["sections"] = await db.Sections.CountAsync(),
            ["tags"] = await db.Tags.CountAsync(),
            ["authors"] = await db.Authors.CountAsync(),
            ["media"] = await db.MediaItems.CountAsync(),
            ["articles"] = await db.Articles.CountAsync(),
            ["pages"] = await db.StaticPages.CountAsync(),
            ["comments"] = await db.Comments.CountAsync(),
            ["redirects"] = await db.Redirects.CountAsync(),
        });
        Assert.True(expected["articles"] > 50 && expected["comments"] > 5, "The site should hold the demo content and the test's thread.");
        foreach (var (name, count) in expected)
        {
            Assert.True(count == root.GetProperty(name).GetArrayLength(), $"{name}: {root.GetProperty(name).GetArrayLength()} in the file, {count} in the database");
            Assert.Equal(count, root.GetProperty("counts").GetProperty(name).GetInt32());
        }

        var statuses = await App.WithDbAsync((db, _) => db.Articles.GroupBy(a => a.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        foreach (var status in statuses)
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(status.Key.ToString());
            Assert.Equal(status.Count, root.GetProperty("articles").EnumerateArray().Count(a => a.GetProperty("status").GetString() == name));
        }

        var article = root.GetProperty("articles").EnumerateArray().Single(a => a.GetProperty("id").GetInt32() == site.HtmlArticle.Id);
        var stored = site.HtmlArticle;
        Assert.Equal(stored.Headline, article.GetProperty("headline").GetString());
        Assert.Equal(stored.Slug, article.GetProperty("slug").GetString());
        Assert.Equal(stored.Standfirst, article.GetProperty("standfirst").GetString());
        Assert.Equal(ExportTestSite.HtmlBody, article.GetProperty("body").GetString());
        Assert.Equal("html", article.GetProperty("bodyFormat").GetString());
        Assert.Equal("published", article.GetProperty("status").GetString());
        Assert.True(article.GetProperty("sticky").GetBoolean());
        Assert.Equal(stored.WordPressId, article.GetProperty("wordPressId").GetInt32());
        Assert.Equal(stored.Section.Slug, article.GetProperty("section").GetString());
        Assert.Equal(["cranes", "harbour"], article.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).Order());
        Assert.Equal(["ada-quill", "ben-ledger"], article.GetProperty("authors").EnumerateArray().Select(t => t.GetString()!));
        AssertUtc(stored.PublishedAt!.Value, article.GetProperty("publishedAt"));
        AssertUtc(stored.CreatedAt, article.GetProperty("createdAt"));
        var image = article.GetProperty("image");
        Assert.Equal(site.Media.Url, image.GetProperty("url").GetString());
        Assert.Equal(site.Media.Id, image.GetProperty("mediaId").GetInt32());
        Assert.Equal("The crane arrives by barge.", image.GetProperty("caption").GetString());
        Assert.Equal("Photo: Harbour Board", image.GetProperty("credit").GetString());
        var corrections = article.GetProperty("corrections").EnumerateArray().ToList();
        Assert.Equal(["correction", "update"], corrections.Select(c => c.GetProperty("kind").GetString()!));
        Assert.Equal("An earlier version misspelt the quay.", corrections[0].GetProperty("text").GetString());

        var comments = root.GetProperty("comments").EnumerateArray().Where(c => c.GetProperty("articleId").GetInt32() == stored.Id).ToList();
        Assert.Equal(site.Thread.Count, comments.Count);
        foreach (var (comment, written) in site.Thread.Zip(comments))
        {
            Assert.Equal(comment.Id, written.GetProperty("id").GetInt32());
            Assert.Equal(comment.ParentId, written.GetProperty("parentId").ValueKind == JsonValueKind.Null ? null : written.GetProperty("parentId").GetInt32());
            Assert.Equal(JsonNamingPolicy.CamelCase.ConvertName(comment.Status.ToString()), written.GetProperty("status").GetString());
            Assert.Equal(JsonNamingPolicy.CamelCase.ConvertName(comment.Kind.ToString()), written.GetProperty("kind").GetString());
            Assert.Equal(comment.AuthorName, written.GetProperty("authorName").GetString());
            Assert.Equal(comment.AuthorEmail, written.GetProperty("authorEmail").GetString());
            Assert.Equal(comment.Body, written.GetProperty("body").GetString());
            AssertUtc(comment.CreatedAt, written.GetProperty("createdAt"));
        }

        Assert.Contains(comments, c => c.GetProperty("kind").GetString() == "pingback" && c.GetProperty("authorIp").GetString() == "192.0.2.7");
        Assert.Equal(["approved", "pending", "spam", "trash"], comments.Select(c => c.GetProperty("status").GetString()!).Distinct().Order());

        var page = root.GetProperty("pages").EnumerateArray().Single(p => p.GetProperty("id").GetInt32() == site.Page.Id);
        Assert.Equal(site.Page.Title, page.GetProperty("title").GetString());
        Assert.Equal(site.Page.Slug, page.GetProperty("slug").GetString());
        Assert.Equal("We are the **Broadsheet**.", page.GetProperty("body").GetString());
        Assert.Equal("markdown", page.GetProperty("bodyFormat").GetString());
        Assert.Equal("published", page.GetProperty("status").GetString());
        Assert.Equal(1, page.GetProperty("footerPosition").GetInt32());
        Assert.Equal("2026-01-05T08:00:00Z", page.GetProperty("publishedAt").GetString());

        var media = root.GetProperty("media").EnumerateArray().Single(m => m.GetProperty("id").GetInt32() == site.Media.Id);
        Assert.Equal(site.Media.Path, media.GetProperty("path").GetString());
        Assert.Equal($"/media/{site.Media.Path}", media.GetProperty("url").GetString());
        Assert.Equal("The new crane at the quay", media.GetProperty("alt").GetString());
        Assert.Equal("Photo: Harbour Board", media.GetProperty("credit").GetString());
        Assert.Equal(123_456, media.GetProperty("size").GetInt64());
        Assert.Equal([480, 960], media.GetProperty("variants").EnumerateArray().Select(v => v.GetInt32()));

        Assert.Contains(root.GetProperty("redirects").EnumerateArray(),
            r => r.GetProperty("path").GetString() == site.Redirect.Path && r.GetProperty("target").GetString() == site.Redirect.Target);
        var settings = root.GetProperty("site");
        Assert.Equal("The Harbourton Broadsheet", settings.GetProperty("title").GetString());
        Assert.Equal("UTC", settings.GetProperty("timeZone").GetString());
        Assert.True(settings.GetProperty("discussion").GetProperty("threadDepth").GetInt32() > 0);
        Assert.Contains(root.GetProperty("authors").EnumerateArray(), a => a.GetProperty("slug").GetString() == "ada-quill" && !a.TryGetProperty("email", out _));
    }

    [Fact]
    public async Task A_target_ending_in_json_is_the_file_written_and_options_may_come_first()
    {
        var file = Path.Combine(App.DataDir, $"site-{Guid.NewGuid():N}.json");

        var result = await ProgramProcess.RunAsync([.. Data, "export", "json", file]);

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(file));
        Assert.Equal(await App.WithDbAsync((db, _) => db.Articles.CountAsync()), json.RootElement.GetProperty("articles").GetArrayLength());
        Assert.False(File.Exists(file + ".partial"));
    }

    [Fact]
    public async Task A_target_that_cannot_be_written_fails_with_a_message_and_no_stack_trace()
    {
        var blocker = Path.Combine(App.DataDir, $"a-file-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(blocker, "not a folder");

        var json = await ProgramProcess.RunAsync(["export", "json", Path.Combine(blocker, "out"), .. Data]);
        var wordpress = await ProgramProcess.RunAsync(["export", "wordpress", Path.Combine(blocker, "site.xml"), .. Data]);

        foreach (var result in new[] { json, wordpress })
        {
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("Cannot write", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        }
    }

    private static void AssertUtc(DateTime expected, JsonElement written)
    {
        var text = written.GetString()!;
        Assert.EndsWith("Z", text, StringComparison.Ordinal);
        var parsed = DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        Assert.Equal(DateTime.SpecifyKind(expected, DateTimeKind.Utc), parsed);
    }
}
