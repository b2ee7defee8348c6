using System.Net;
using Broadsheet.Accounts;
using Broadsheet.StaticPages;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.StaticPages;

public abstract class StaticPageTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : NewsroomApp
{
    private static string Unique(string text) => $"{text}-{Guid.NewGuid().ToString("N")[..8]}";

    private static Dictionary<string, string> Form(string title, string slug, string body, string action = "Publish", string description = "") => new()
    {
        ["Input.Title"] = title,
        ["Input.Slug"] = slug,
        ["Input.Description"] = description,
        ["Input.Body"] = body,
        ["action"] = action,
    };

    private static Task<HttpResponseMessage> SaveAsync(NewsroomClient client, int? id, Dictionary<string, string> form)
    {
        var path = id is null ? "/newsroom/pages/edit" : $"/newsroom/pages/edit/{id}";
        return client.PostFormAsync(path, form, path);
    }

    private static async Task<int> SaveAndGetIdAsync(NewsroomClient client, int? id, Dictionary<string, string> form)
    {
        using var response = await SaveAsync(client, id, form);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"The page was not saved: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return int.Parse(response.Headers.Location!.OriginalString.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_published_page_shows_at_its_address_with_its_metadata_and_is_listed_in_the_sitemap()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var slug = Unique("about");
        await SaveAndGetIdAsync(editor, null, Form("About the Gazette", slug, "We are a **local** paper.\n\nFounded in 1901."));

        using var response = await Client.GetAsync($"/{slug}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("About the Gazette", page.QuerySelector("main h1")!.TextContent);
        Assert.Equal("local", page.QuerySelector("main .body strong")!.TextContent);
        Assert.Equal("We are a local paper.", page.QuerySelector("meta[name=description]")!.GetAttribute("content"));
        Assert.EndsWith($"/{slug}", page.QuerySelector("link[rel=canonical]")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Equal("About the Gazette", page.QuerySelector("meta[property='og:title']")!.GetAttribute("content"));
        Assert.EndsWith($"/{slug}", page.QuerySelector("meta[property='og:url']")!.GetAttribute("content"), StringComparison.Ordinal);
        Assert.StartsWith("About the Gazette – ", page.Title, StringComparison.Ordinal);

        // Another spelling of the address leads to the one the page lives at.
        using var other = await Client.GetAsync($"/{slug.ToUpperInvariant()}/");
        Assert.Equal(HttpStatusCode.MovedPermanently, other.StatusCode);
        Assert.Equal($"/{slug}", other.Headers.Location!.OriginalString);

        var sitemap = await Client.GetStringAsync("/sitemap.xml");
        Assert.Contains($"/{slug}</loc>", sitemap, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_written_description_is_the_pages_search_and_social_description()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Administrator);
        var slug = Unique("contact");
        await SaveAndGetIdAsync(editor, null, Form("Contact", slug, "Write to us.", description: "How to reach the newsroom & tips line."));
        var page = await Client.GetDocumentAsync($"/{slug}");
        Assert.Equal("How to reach the newsroom & tips line.", page.QuerySelector("meta[name=description]")!.GetAttribute("content"));
        Assert.Equal("How to reach the newsroom & tips line.", page.QuerySelector("meta[property='og:description']")!.GetAttribute("content"));
    }

    [Fact]
    public async Task A_draft_or_unpublished_page_and_an_unknown_address_are_the_friendly_404()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var slug = Unique("privacy");
        var id = await SaveAndGetIdAsync(editor, null, Form("Privacy policy", slug, "We keep little.", action: "SaveDraft"));
        await AssertFriendly404Async($"/{slug}");
        await AssertFriendly404Async($"/{Unique("no-such-page")}");

        await SaveAndGetIdAsync(editor, id, Form("Privacy policy", slug, "We keep little."));
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/{slug}")).StatusCode);
        Assert.Contains($"/{slug}</loc>", await Client.GetStringAsync("/sitemap.xml"), StringComparison.Ordinal);

        await SaveAndGetIdAsync(editor, id, Form("Privacy policy", slug, "We keep little.", action: "Unpublish"));
        await AssertFriendly404Async($"/{slug}");
        Assert.DoesNotContain($"/{slug}</loc>", await Client.GetStringAsync("/sitemap.xml"), StringComparison.Ordinal);
    }

    private async Task AssertFriendly404Async(string path)
    {
        using var response = await Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Page not found", Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("h1")?.TextContent);
    }

    [Theory]
    [InlineData("feed", "/feed is already an address of the site")]
    [InlineData("Newsroom", "/newsroom is already an address of the site")]
    [InlineData("sitemap", "/sitemap is already an address of the site")]
    [InlineData("subscribe", "/subscribe is already an address of the site")]
    [InlineData("section", "/section is already an address of the site")]
    [InlineData("2026", "would be read as a year")]
    [InlineData("wp-login", "/wp-login is already an address of the site")]
    [InlineData("!!!", "The slug needs at least one letter or digit")]
    public async Task A_slug_the_site_already_uses_is_refused_with_everything_typed_kept(string slug, string message)
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var title = Unique("Kept title");
        using var refused = await SaveAsync(editor, null, Form(title, slug, "Body typed before the refusal."));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = Html.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains(message, page.QuerySelector("[data-valmsg-for='Input.Slug']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(title, page.QuerySelector("#Input_Title")!.GetAttribute("value"));
        Assert.Equal("Body typed before the refusal.", page.QuerySelector("#Input_Body")!.TextContent.Trim());
        Assert.False(await App.WithDbAsync((db, _) => db.StaticPages.AnyAsync(p => p.Title == title)));
    }

    [Fact]
    public async Task An_empty_title_or_a_slug_another_page_has_is_refused_with_a_clear_message()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var taken = await new StaticPageBuilder().SaveAsync(App);

        using var noTitle = await SaveAsync(editor, null, Form("", Unique("untitled"), "Some text."));
        var noTitlePage = Html.Parse(await noTitle.Content.ReadAsStringAsync());
        Assert.Equal("Enter the page's title.", noTitlePage.QuerySelector("[data-valmsg-for='Input.Title']")!.TextContent);
        Assert.Equal("Some text.", noTitlePage.QuerySelector("#Input_Body")!.TextContent.Trim());

        using var clash = await SaveAsync(editor, null, Form("A second page", taken.Slug, "Other text."));
        var clashPage = Html.Parse(await clash.Content.ReadAsStringAsync());
        Assert.Contains($"Another page already uses the slug \u201c{taken.Slug}\u201d", clashPage.QuerySelector("[data-valmsg-for='Input.Slug']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("A second page", clashPage.QuerySelector("#Input_Title")!.GetAttribute("value"));
    }

    [Fact]
    public async Task The_site_addresses_answer_as_before_with_pages_at_the_top_level()
    {
        await new StaticPageBuilder().SaveAsync(App);
        var article = await new ArticleBuilder().InSection("city").Tagged("Harbour").By("Ada Reporter").SaveAsync(App);
        var year = article.PublishedAt!.Value.Year;
        var expected = new Dictionary<string, (HttpStatusCode Status, string ContentType)>
        {
            ["/feed"] = (HttpStatusCode.OK, "application/rss+xml"),
            ["/feed/atom"] = (HttpStatusCode.OK, "application/atom+xml"),
            ["/sitemap.xml"] = (HttpStatusCode.OK, "application/xml"),
            ["/robots.txt"] = (HttpStatusCode.OK, "text/plain"),
            ["/healthz"] = (HttpStatusCode.OK, "application/json"),
            ["/subscribe"] = (HttpStatusCode.OK, "text/html"),
            ["/section/city"] = (HttpStatusCode.OK, "text/html"),
            ["/tag/harbour"] = (HttpStatusCode.OK, "text/html"),
            ["/author/ada-reporter"] = (HttpStatusCode.OK, "text/html"),
            [$"/{year}"] = (HttpStatusCode.OK, "text/html"),
            ["/newsroom"] = (HttpStatusCode.Redirect, ""),
            ["/favicon.svg"] = (HttpStatusCode.OK, "image/svg+xml"),
        };
        foreach (var (path, (status, contentType)) in expected)
        {
            using var response = await Client.GetAsync(path);
            Assert.True(status == response.StatusCode, $"{path} answered {(int)response.StatusCode}, not {(int)status}.");
            if (contentType.Length > 0)
            {
                Assert.StartsWith(contentType, response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
            }

            if (contentType == "text/html")
            {
                Assert.Null(Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".static-page"));
            }
        }

        Assert.Contains(article.Headline, await Client.GetStringAsync($"/{year}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_editors_and_administrators_have_the_pages_editor_and_its_menu_entry()
    {
        foreach (var role in new[] { NewsroomRoles.Author, NewsroomRoles.Contributor, NewsroomRoles.Moderator })
        {
            using var member = await App.SignInAsNewAsync(role);
            Assert.Equal(HttpStatusCode.Forbidden, (await member.Http.GetAsync("/newsroom/pages")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await member.Http.GetAsync("/newsroom/pages/edit")).StatusCode);
            var dashboard = Html.Parse(await member.Http.GetStringAsync("/newsroom"));
            Assert.Null(dashboard.QuerySelector("nav a[href='/newsroom/pages']"));
        }

        foreach (var role in new[] { NewsroomRoles.Editor, NewsroomRoles.Administrator })
        {
            using var member = await App.SignInAsNewAsync(role);
            var dashboard = Html.Parse(await member.Http.GetStringAsync("/newsroom"));
            Assert.Equal("Pages", dashboard.QuerySelector("nav a[href='/newsroom/pages']")?.TextContent);
            Assert.Equal(HttpStatusCode.OK, (await member.Http.GetAsync("/newsroom/pages")).StatusCode);
        }
    }

    [Fact]
    public async Task Every_save_keeps_a_revision_that_can_be_restored_and_each_is_in_the_audit_log()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor, "Pat Pages");
        var slug = Unique("history");
        var id = await SaveAndGetIdAsync(editor, null, Form("Our history", slug, "Founded in 1901."));
        await SaveAndGetIdAsync(editor, id, Form("Our long history", slug, "Founded in 1899."));
        Assert.Contains("Founded in 1899.", await Client.GetStringAsync($"/{slug}"), StringComparison.Ordinal);

        var revisions = Html.Parse(await editor.Http.GetStringAsync($"/newsroom/pages/{id}/revisions"));
        var items = revisions.QuerySelectorAll(".nr-revisions li");
        Assert.Equal(2, items.Length);
        Assert.All(items, li => Assert.Contains("Pat Pages", li.TextContent, StringComparison.Ordinal));

        var first = await App.WithDbAsync((db, _) => db.StaticPageRevisions.Where(r => r.StaticPageId == id).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync());
        using var restore = await editor.PostFormAsync($"/newsroom/pages/{id}/revisions?handler=Restore",
            new Dictionary<string, string> { ["revision"] = first.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);

        var restored = Html.Parse(await Client.GetStringAsync($"/{slug}"));
        Assert.Equal("Our history", restored.QuerySelector("main h1")!.TextContent);
        Assert.Contains("Founded in 1901.", restored.QuerySelector("main .body")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(3, await App.WithDbAsync((db, _) => db.StaticPageRevisions.CountAsync(r => r.StaticPageId == id)));

        var audit = await App.WithDbAsync((db, _) => db.AuditEntries.Where(e => e.Subject.Contains("history")).Select(e => e.Action).ToListAsync());
        Assert.Contains("Published page", audit);
        Assert.Contains("Updated page", audit);
        Assert.Contains("Restored a page revision", audit);
    }

    [Fact]
    public async Task Saving_a_page_evicts_its_cached_copy_and_a_renamed_page_keeps_its_old_address()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var slug = Unique("masthead");
        var id = await SaveAndGetIdAsync(editor, null, Form("Masthead", slug, "The people who make the paper."));
        var primed = await Client.GetStringAsync($"/{slug}");

        // Past every eviction: the cached copy must not change.
        await App.WithDbAsync((db, _) => db.StaticPages.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Title, "Changed past the cache")));
        Assert.Equal(primed, await Client.GetStringAsync($"/{slug}"));

        await SaveAndGetIdAsync(editor, id, Form("Masthead and staff", slug, "The people who make the paper."));
        Assert.Equal("Masthead and staff", Html.Parse(await Client.GetStringAsync($"/{slug}")).QuerySelector("main h1")!.TextContent);

        var renamed = Unique("staff");
        await SaveAndGetIdAsync(editor, id, Form("Masthead and staff", renamed, "The people who make the paper."));
        using var old = await Client.GetAsync($"/{slug}");
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal($"/{renamed}", old.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_imported_html_page_is_shown_cleaned_and_its_editor_offers_the_html_with_a_preview()
    {
        var imported = await new StaticPageBuilder().Html("<p>Call <strong>us</strong>.</p><script>alert('x')</script><p onclick=\"steal()\">Later.</p>").SaveAsync(App);
        var body = await Client.GetStringAsync($"/{imported.Slug}");
        var page = Html.Parse(body);
        Assert.Equal("us", page.QuerySelector("main .body strong")!.TextContent);
        Assert.Null(page.QuerySelector("main script"));
        Assert.DoesNotContain("steal()", body, StringComparison.Ordinal);
        Assert.Equal("Call us.", page.QuerySelector("meta[name=description]")!.GetAttribute("content"));

        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var form = Html.Parse(await editor.Http.GetStringAsync($"/newsroom/pages/edit/{imported.Id}"));
        Assert.Equal("Body (HTML)", form.QuerySelector("label[for=Input_Body]")!.TextContent);
        Assert.Contains("<strong>us</strong>", form.QuerySelector("#Input_Body")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("us", form.QuerySelector("#preview strong")!.TextContent);
        Assert.Null(form.QuerySelector("#preview script"));

        using var preview = await SaveAsync(editor, imported.Id, Form(imported.Title, imported.Slug, "<p>New <em>words</em></p>", action: "Preview"));
        var previewed = Html.Parse(await preview.Content.ReadAsStringAsync());
        Assert.Equal("words", previewed.QuerySelector("#preview em")!.TextContent);
        Assert.Contains("Call us", await Client.GetStringAsync($"/{imported.Slug}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_footer_menu_chosen_in_settings_shows_on_every_cached_page_in_its_order()
    {
        using var admin = await App.SignInAsNewAsync(NewsroomRoles.Administrator);
        var about = await new StaticPageBuilder().Titled(Unique("About")).SaveAsync(App);
        var privacy = await new StaticPageBuilder().Titled(Unique("Privacy")).SaveAsync(App);
        var draft = await new StaticPageBuilder().Titled(Unique("Unfinished")).Draft().SaveAsync(App);
        var witness = await new ArticleBuilder().Headline(Unique("Footer witness")).SaveAsync(App);
        var witnessPath = $"/{witness.PublishedAt:yyyy}/{witness.PublishedAt:MM}/{witness.PublishedAt:dd}/{witness.Slug}";
        await App.ProveServedFromCacheAsync(Client, witness.Id, "/", witnessPath);

        var settings = await admin.Http.GetStringAsync("/newsroom/settings");
        Assert.Contains(about.Title, settings, StringComparison.Ordinal);
        Assert.DoesNotContain(draft.Title, settings, StringComparison.Ordinal);

        var rows = await FooterRowsAsync();
        var fields = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < rows.Count; i++)
        {
            fields.Add(new($"Footer[{i}].PageId", rows[i].ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var position = rows[i] == privacy.Id ? "1" : rows[i] == about.Id ? "2" : "";
            if (position.Length > 0)
            {
                fields.Add(new($"Footer[{i}].Shown", "true"));
            }

            fields.Add(new($"Footer[{i}].Position", position.Length > 0 ? position : "5"));
        }

        // A position out of range is refused with the choices kept.
        var invalid = fields.Select(f => f.Key.EndsWith("Position", StringComparison.Ordinal) && f.Value == "1" ? new(f.Key, "0") : f).ToList();
        using (var refused = await admin.PostFormAsync("/newsroom/settings?handler=Footer", invalid, "/newsroom/settings"))
        {
            var page = Html.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Contains("Give each page in the footer a position from 1 to 99.", page.QuerySelector("#footer-menu")!.TextContent, StringComparison.Ordinal);
            Assert.Contains(page.QuerySelectorAll("#footer-menu input[type=number]"), input => input.GetAttribute("value") == "0");
        }

        using (var saved = await admin.PostFormAsync("/newsroom/settings?handler=Footer", fields, "/newsroom/settings"))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        foreach (var path in new[] { "/", witnessPath, $"/{about.Slug}" })
        {
            var links = Html.Parse(await Client.GetStringAsync(path)).QuerySelectorAll("footer .footer-pages a")
                .Select(a => (a.TextContent, a.GetAttribute("href"))).ToList();
            Assert.Equal(new[] { (privacy.Title, (string?)$"/{privacy.Slug}"), (about.Title, $"/{about.Slug}") }, links);
        }
    }

    private Task<List<int>> FooterRowsAsync() => App.WithDbAsync((db, _) =>
        db.StaticPages.Where(p => p.Status == StaticPageStatus.Published)
            .OrderBy(p => p.FooterPosition == null).ThenBy(p => p.FooterPosition).ThenBy(p => p.Title)
            .Select(p => p.Id).ToListAsync());
}

public sealed class SqliteStaticPageTests(NewsroomApp app) : StaticPageTests<NewsroomApp>(app), IClassFixture<NewsroomApp>;

public sealed class PostgresStaticPageTests(PostgresNewsroomApp app) : StaticPageTests<PostgresNewsroomApp>(app), IClassFixture<PostgresNewsroomApp>;
