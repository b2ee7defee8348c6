using System.Globalization;
using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;
using Broadsheet.Tests.Media;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Newsroom;

/// <summary>Author profiles on the newsroom's Authors pages, and what readers see of them.</summary>
public abstract class AuthorLifecycleTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : NewsroomApp
{
    private static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..6]}";

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private Task<int> AuthorIdAsync(string slug) => App.WithDbAsync((db, _) => db.Authors.Where(a => a.Slug == slug).Select(a => a.Id).SingleAsync());

    private static Dictionary<string, string> Profile(string name, string slug = "", string bio = "", string photo = "", string website = "", string mastodon = "") => new()
    {
        ["Input.Name"] = name,
        ["Input.Slug"] = slug,
        ["Input.JobTitle"] = "",
        ["Input.Bio"] = bio,
        ["Input.PhotoMediaId"] = photo,
        ["Input.WebsiteUrl"] = website,
        ["Input.MastodonUrl"] = mastodon,
        ["Input.BlueskyUrl"] = "",
        ["Input.LinkedInUrl"] = "",
        ["Input.XUrl"] = "",
    };

    private async Task AssertMovedAsync(string path, string target)
    {
        using var response = await Client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.MovedPermanently, $"{path} answered {(int)response.StatusCode}, not 301.");
        Assert.Equal(target, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_edited_profile_shows_on_the_cached_author_page_with_photo_biography_and_links()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        await MediaUploads.UploadAsync(editor, TestImages.Png(800, 1000), "portrait.png", "image/png", "Ada at her desk");
        var photo = await App.WithDbAsync((db, _) => db.MediaItems.OrderByDescending(m => m.Id).Select(m => m.Id).FirstAsync());
        var name = Unique("Ada Quill");
        var article = await new ArticleBuilder().By(name).SaveAsync(App);
        var slug = Broadsheet.Articles.Slugs.From(name);
        var id = await AuthorIdAsync(slug);
        await App.ProveServedFromCacheAsync(Client, article.Id, $"/author/{slug}");

        var bio = "Covers the harbour. <script>alert(1)</script> \u202Eevil";
        using (var saved = await editor.PostFormAsync($"/newsroom/authors/edit/{Id(id)}",
            Profile(name, slug, bio, Id(photo), "https://quill.example.org/ada", "https://mastodon.example/@ada"), "/newsroom/authors/edit"))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        var html = await Client.GetStringAsync($"/author/{slug}");
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        var page = Html.Parse(html);
        var image = page.QuerySelector("img.author-photo")!;
        Assert.Equal("Ada at her desk", image.GetAttribute("alt"));
        Assert.StartsWith("/media/", image.GetAttribute("src"), StringComparison.Ordinal);
        Assert.Equal(("160", "200"), (image.GetAttribute("width"), image.GetAttribute("height")));
        var biography = page.QuerySelector(".standfirst")!;
        Assert.Equal(bio, biography.TextContent);
        Assert.Equal("auto", biography.GetAttribute("dir"));
        var links = page.QuerySelectorAll(".author-links a").ToList();
        Assert.Equal(["https://quill.example.org/ada", "https://mastodon.example/@ada"], links.Select(a => a.GetAttribute("href")));
        Assert.All(links, a => Assert.Equal("me noopener", a.GetAttribute("rel")));
        Assert.All(links, a => Assert.NotNull(a.QuerySelector("bdi")));
        Assert.Contains("Website", links[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_links_a_taken_slug_and_a_missing_name_are_refused_with_the_typed_values_kept()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var other = Unique("Taken Writer");
        await new ArticleBuilder().By(other).SaveAsync(App);
        var name = Unique("Careful Writer");
        await new ArticleBuilder().By(name).SaveAsync(App);
        var id = await AuthorIdAsync(Broadsheet.Articles.Slugs.From(name));

        using var refused = await editor.PostFormAsync($"/newsroom/authors/edit/{Id(id)}",
            Profile(name, Broadsheet.Articles.Slugs.From(other), "A biography worth keeping.", "", "javascript:alert(1)", "mastodon.example/@me"), "/newsroom/authors/edit");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = Html.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Another author already uses the slug", page.QuerySelector("[data-valmsg-for='Input.Slug']")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("full address of the website", page.QuerySelector("[data-valmsg-for='Input.WebsiteUrl']")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("full address of the Mastodon profile", page.QuerySelector("[data-valmsg-for='Input.MastodonUrl']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("javascript:alert(1)", page.QuerySelector("#Input_WebsiteUrl")!.GetAttribute("value"));
        Assert.Equal("mastodon.example/@me", page.QuerySelector("#Input_MastodonUrl")!.GetAttribute("value"));
        Assert.Equal("A biography worth keeping.", page.QuerySelector("#Input_Bio")!.TextContent.Trim());

        using var nameless = await editor.PostFormAsync("/newsroom/authors/edit", Profile("", bio: "Kept bio"), "/newsroom/authors/edit");
        var namelessPage = await nameless.Content.ReadAsStringAsync();
        Assert.Contains("Enter the author&#x27;s name.", namelessPage, StringComparison.Ordinal);
        Assert.Contains("Kept bio", namelessPage, StringComparison.Ordinal);
        Assert.Null(await App.WithDbAsync((db, _) => db.Authors.Where(a => a.Id == id).Select(a => a.WebsiteUrl ?? a.Bio).SingleAsync()));
    }

    [Fact]
    public async Task A_changed_author_slug_answers_301_from_the_old_page_and_its_paged_urls()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var name = Unique("Renamed Writer");
        var article = await new ArticleBuilder().By(name).SaveAsync(App);
        var oldSlug = Broadsheet.Articles.Slugs.From(name);
        var id = await AuthorIdAsync(oldSlug);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/author/{oldSlug}")).StatusCode);
        var articlePath = $"/{article.PublishedAt:yyyy}/{article.PublishedAt:MM}/{article.PublishedAt:dd}/{article.Slug}";
        Assert.Contains($"href=\"/author/{oldSlug}\"", await Client.GetStringAsync(articlePath), StringComparison.Ordinal);

        var newSlug = "r-writer-" + oldSlug;
        using (var saved = await editor.PostFormAsync($"/newsroom/authors/edit/{Id(id)}", Profile(name, newSlug), "/newsroom/authors/edit"))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        await AssertMovedAsync($"/author/{oldSlug}", $"/author/{newSlug}");
        await AssertMovedAsync($"/author/{oldSlug}?page=2", $"/author/{newSlug}?page=2");
        Assert.Contains(article.Headline, await Client.GetStringAsync($"/author/{newSlug}"), StringComparison.Ordinal);
        // The byline on the (cached) article page links to the new address.
        Assert.Contains($"href=\"/author/{newSlug}\"", await Client.GetStringAsync(articlePath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_byline_only_author_is_created_chosen_in_the_editor_and_shown_on_the_article()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var name = Unique("Harbour Wire Service");
        using (var created = await editor.PostFormAsync("/newsroom/authors/edit", Profile(name), "/newsroom/authors/edit"))
        {
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        }

        var slug = Broadsheet.Articles.Slugs.From(name);
        var id = await AuthorIdAsync(slug);
        var list = Html.Parse(await editor.Http.GetStringAsync("/newsroom/authors"));
        Assert.Contains(list.QuerySelectorAll("tbody tr"), r => r.TextContent.Contains(name, StringComparison.Ordinal) && r.TextContent.Contains("Byline only", StringComparison.Ordinal));

        var editorPage = Html.Parse(await editor.Http.GetStringAsync("/newsroom/articles/edit"));
        Assert.Contains(editorPage.QuerySelectorAll("[name='Input.AuthorIds'] option, input[name='Input.AuthorIds']"), o => o.GetAttribute("value") == Id(id));

        var form = await NewsroomArticles.FormAsync(App, Unique("Wire story"), "Publish");
        form["Input.AuthorIds"] = Id(id);
        var articleId = await NewsroomArticles.SaveAndGetIdAsync(editor, null, form);
        var article = await NewsroomArticles.LoadAsync(App, articleId);
        Assert.Equal([id], article.Bylines.Select(b => b.AuthorId));
        var articlePage = Html.Parse(await Client.GetStringAsync($"/{article.PublishedAt:yyyy}/{article.PublishedAt:MM}/{article.PublishedAt:dd}/{article.Slug}"));
        Assert.Contains(name, articlePage.QuerySelector(".byline")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(article.Headline, await Client.GetStringAsync($"/author/{slug}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merged_authors_leave_one_byline_per_article_the_account_follows_and_the_old_page_answers_301()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var accountName = Unique("Sam Staff");
        await App.CreateUserAsync(NewsroomRoles.Author, accountName);
        var from = await App.WithDbAsync((db, _) => db.Users.Where(u => u.DisplayName == accountName).Select(u => new { u.Id, AuthorId = u.AuthorId!.Value, u.Author!.Name, u.Author.Slug }).SingleAsync());
        var intoName = Unique("Samuel Staff");
        var both = await new ArticleBuilder().By(from.Name, intoName).SaveAsync(App);
        var onlyFrom = await new ArticleBuilder().By(from.Name).SaveAsync(App);
        var intoSlug = Broadsheet.Articles.Slugs.From(intoName);
        var into = await AuthorIdAsync(intoSlug);

        using (var merged = await editor.PostFormAsync("/newsroom/authors?handler=Merge", new() { ["MergeFromId"] = Id(from.AuthorId), ["MergeIntoId"] = Id(into) }))
        {
            Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        }

        var bylines = await App.WithDbAsync((db, _) => db.Bylines.Where(b => b.ArticleId == both.Id || b.ArticleId == onlyFrom.Id)
            .OrderBy(b => b.ArticleId).Select(b => new { b.ArticleId, b.AuthorId }).ToListAsync());
        Assert.Equal([new { ArticleId = both.Id, AuthorId = into }, new { ArticleId = onlyFrom.Id, AuthorId = into }], bylines);
        Assert.False(await App.WithDbAsync((db, _) => db.Authors.AnyAsync(a => a.Id == from.AuthorId)));
        Assert.Equal(into, await App.WithDbAsync((db, _) => db.Users.Where(u => u.Id == from.Id).Select(u => u.AuthorId).SingleAsync()));

        await AssertMovedAsync($"/author/{from.Slug}", $"/author/{intoSlug}");
        var page = await Client.GetStringAsync($"/author/{intoSlug}");
        Assert.Contains(both.Headline, page, StringComparison.Ordinal);
        Assert.Contains(onlyFrom.Headline, page, StringComparison.Ordinal);
        var articlePage = Html.Parse(await Client.GetStringAsync($"/{both.PublishedAt:yyyy}/{both.PublishedAt:MM}/{both.PublishedAt:dd}/{both.Slug}"));
        Assert.Single(articlePage.QuerySelectorAll(".byline a[rel=author]"));
        Assert.True(await App.WithDbAsync((db, _) => db.AuditEntries.AnyAsync(e => e.Action == "Merged authors" && e.Subject.Contains(intoSlug))));
    }

    [Fact]
    public async Task A_writer_whose_author_was_merged_is_sent_to_sign_in_and_nothing_answers_500()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        using var writer = await App.SignInAsNewAsync(NewsroomRoles.Author);
        var mine = await App.WithDbAsync((db, _) => db.Users.Where(u => u.Email == writer.Email).Select(u => u.AuthorId!.Value).SingleAsync());
        var intoName = Unique("Merged Into");
        await new ArticleBuilder().By(intoName).SaveAsync(App);
        var into = await AuthorIdAsync(Broadsheet.Articles.Slugs.From(intoName));

        using (var merged = await editor.PostFormAsync("/newsroom/authors?handler=Merge", new() { ["MergeFromId"] = Id(mine), ["MergeIntoId"] = Id(into) }))
        {
            Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        }

        using var next = await writer.Http.GetAsync("/newsroom/articles");
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Contains("/newsroom/signin", next.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.False(await App.WithDbAsync((db, _) => db.Bylines.AnyAsync(b => b.AuthorId == mine)));
    }
}

public sealed class SqliteAuthorLifecycleTests(NewsroomApp app) : AuthorLifecycleTests<NewsroomApp>(app), IClassFixture<NewsroomApp>;

public sealed class PostgresAuthorLifecycleTests(PostgresNewsroomApp app) : AuthorLifecycleTests<PostgresNewsroomApp>(app), IClassFixture<PostgresNewsroomApp>;
