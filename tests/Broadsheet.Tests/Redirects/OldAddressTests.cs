using System.Net;
using Broadsheet.Redirects;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Redirects;

public abstract class OldAddressTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : BroadsheetApp
{
    private static string Unique(string text) => $"{text}-{Guid.NewGuid().ToString("N")[..8]}";

    private Task<int> AddRedirectAsync(string path, string target) => App.WithDbAsync(async (db, _) =>
    {
        Assert.True(await RedirectTable.AddAsync(db, path, target));
        await db.SaveChangesAsync();
        return 0;
    });

    private static string PathOf(Broadsheet.Articles.Article article) =>
        $"/{article.PublishedAt:yyyy}/{article.PublishedAt:MM}/{article.PublishedAt:dd}/{article.Slug}";

    private async Task AssertMovedAsync(string path, string target, string method = "GET")
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await Client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.MovedPermanently, $"{method} {path} answered {(int)response.StatusCode}, not 301.");
        Assert.Equal(target, response.Headers.Location!.OriginalString);
        Assert.True(response.Headers.CacheControl is { Public: true, MaxAge: not null }, $"{path}: the 301 says how long it may be kept.");
    }

    [Fact]
    public async Task A_seeded_old_permalink_answers_301_with_or_without_its_slash_in_any_case_and_without_the_old_query()
    {
        var article = await new ArticleBuilder().SaveAsync(App);
        var old = $"/2019/01/02/{Unique("old-post")}/";
        await AddRedirectAsync(old, PathOf(article));

        await AssertMovedAsync(old, PathOf(article));
        await AssertMovedAsync(old.TrimEnd('/'), PathOf(article));
        await AssertMovedAsync(old.ToUpperInvariant() + "?utm_source=newsletter&p=3", PathOf(article));
        await AssertMovedAsync(old, PathOf(article), "HEAD");

        var category = $"/category/{Unique("local-news")}/";
        await AddRedirectAsync(category, "/section/city");
        await AssertMovedAsync(category, "/section/city");
        var postname = $"/{Unique("hello-world")}/";
        await AddRedirectAsync(postname, PathOf(article));
        await AssertMovedAsync(postname, PathOf(article));
        // A path under an old address is not the old address: it stays a 404 unless it has its own row.
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(postname + "feed/")).StatusCode);
    }

    [Fact]
    public async Task A_wordpress_image_size_falls_back_to_the_full_size_file_unless_it_has_its_own_row()
    {
        var folder = $"/wp-content/uploads/2020/05/{Unique("harbour")}";
        await AddRedirectAsync($"{folder}.jpg", "/media/full.jpg");
        await AddRedirectAsync($"{folder}-1024x768.jpg", "/media/large.jpg");

        await AssertMovedAsync($"{folder}-300x200.jpg", "/media/full.jpg");
        await AssertMovedAsync($"{folder}.jpg", "/media/full.jpg");
        await AssertMovedAsync($"{folder}-1024x768.jpg", "/media/large.jpg");
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"{folder}-300x200.png")).StatusCode);
    }

    [Fact]
    public async Task Wordpress_short_links_lead_to_the_imported_article_or_page()
    {
        var postId = Random.Shared.Next(100_000, 200_000);
        var pageId = postId + 1;
        var article = await new ArticleBuilder().SaveAsync(App);
        await App.WithDbAsync((db, _) => db.Articles.Where(a => a.Id == article.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.WordPressId, postId)));
        var page = await new StaticPageBuilder().FromWordPress(pageId).SaveAsync(App);

        await AssertMovedAsync($"/?p={postId}", PathOf(article));
        await AssertMovedAsync($"/index.php?p={postId}", PathOf(article));
        await AssertMovedAsync($"/?page_id={pageId}", $"/{page.Slug}");
        await AssertMovedAsync($"/?p={pageId}", $"/{page.Slug}");
        await AssertMovedAsync($"/blog/?page_id={pageId}&lang=en", $"/{page.Slug}");

        // Unknown ids: the page there would be anyway.
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/?p={postId + 50}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/?page_id={postId + 50}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/index.php?p={postId + 50}")).StatusCode);

        // Our own short link (the feeds' entry ids) still works.
        await AssertMovedAsync($"/?p={article.Id}", PathOf(article));
    }

    [Fact]
    public async Task An_unknown_address_is_still_the_friendly_404_and_a_redirect_never_leaves_the_site()
    {
        using var unknown = await Client.GetAsync($"/{Unique("nothing")}/at/all/");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("Page not found", Html.Parse(await unknown.Content.ReadAsStringAsync()).QuerySelector("h1")?.TextContent);

        var offSite = $"/{Unique("elsewhere")}";
        var backslash = $"/{Unique("backslash")}";
        await App.WithDbAsync(async (db, _) =>
        {
            Assert.False(await RedirectTable.AddAsync(db, offSite, "//evil.example/"));
            // Rows written by something else than the table's own method are checked when they are used.
            db.Redirects.Add(new Redirect { Path = offSite, Target = "https://evil.example/" });
            db.Redirects.Add(new Redirect { Path = backslash, Target = "/\\evil.example/" });
            await db.SaveChangesAsync();
            return 0;
        });
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(offSite)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(backslash)).StatusCode);
    }

    [Fact]
    public async Task Adding_the_same_old_address_twice_in_another_spelling_keeps_one_row()
    {
        var path = $"/2018/03/04/{Unique("twice")}";
        var added = await App.WithDbAsync(async (db, services) =>
        {
            var time = services.GetRequiredService<TimeProvider>();
            var results = new[]
            {
                await RedirectTable.AddAsync(db, path + "/", "/first", time),
                await RedirectTable.AddAsync(db, "https://old.example.org" + path.ToUpperInvariant(), "/second", time),
            };
            await db.SaveChangesAsync();
            results = [.. results, await RedirectTable.AddAsync(db, path, "/third", time)];
            return results;
        });
        Assert.Equal([true, false, false], added);
        Assert.Equal(["/first"], await App.WithDbAsync((db, _) => db.Redirects.Where(r => r.Path == path).Select(r => r.Target).ToListAsync()));
    }

    [Fact]
    public async Task A_redirect_row_never_hides_a_page_that_exists()
    {
        var article = await new ArticleBuilder().SaveAsync(App);
        // A row for an address that exists is never used: the page wins.
        await AddRedirectAsync(PathOf(article) + "-x", "/");
        await App.WithDbAsync((db, _) => db.Redirects.Where(r => r.Path == PathOf(article) + "-x")
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Path, PathOf(article))));
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(PathOf(article))).StatusCode);
    }
}

public sealed class SqliteOldAddressTests(SqliteApp app) : OldAddressTests<SqliteApp>(app), IClassFixture<SqliteApp>;

public sealed class PostgresOldAddressTests(PostgresApp app) : OldAddressTests<PostgresApp>(app), IClassFixture<PostgresApp>;
