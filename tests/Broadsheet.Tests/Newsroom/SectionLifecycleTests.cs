using System.Globalization;
using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Redirects;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Newsroom;

/// <summary>Renaming, merging, deleting and ordering sections from the newsroom's Sections page.</summary>
public abstract class SectionLifecycleTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : NewsroomApp
{
    private static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..6]}";

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task<(int Id, string Slug)> CreateSectionAsync(NewsroomClient editor, string name, int position = 500)
    {
        using var created = await editor.PostFormAsync("/newsroom/sections", new() { ["Input.Name"] = name, ["Input.Position"] = Id(position) });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return await App.WithDbAsync((db, _) => db.Sections.Where(s => s.Name == name).Select(s => new ValueTuple<int, string>(s.Id, s.Slug)).SingleAsync());
    }

    private static Task<HttpResponseMessage> RenameAsync(NewsroomClient editor, int id, string name, string slug) =>
        editor.PostFormAsync($"/newsroom/sections?edit={Id(id)}", new() { ["Input.Name"] = name, ["Input.Slug"] = slug, ["Input.Position"] = "500" });

    private async Task AssertMovedAsync(string path, string target)
    {
        using var response = await Client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.MovedPermanently, $"{path} answered {(int)response.StatusCode}, not 301.");
        Assert.Equal(target, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_renamed_section_answers_301_from_its_old_page_paged_urls_and_feeds()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var name = Unique("Harbour");
        var (id, oldSlug) = await CreateSectionAsync(editor, name);
        var headlines = new List<string>();
        for (var i = 0; i < BroadsheetApp.PageSize + 1; i++)
        {
            var article = await new ArticleBuilder().InSection(oldSlug).PublishedAgo(TimeSpan.FromHours(i + 1)).SaveAsync(App);
            headlines.Add(article.Headline);
        }

        // An imported WordPress category that led to the section.
        var category = $"/category/{oldSlug}";
        await App.WithDbAsync(async (db, _) =>
        {
            Assert.True(await RedirectTable.AddAsync(db, category, $"/section/{oldSlug}"));
            return await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/section/{oldSlug}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/section/{oldSlug}/feed")).StatusCode);

        var newSlug = $"waterfront-{oldSlug}";
        using (var renamed = await RenameAsync(editor, id, name, $"Waterfront {oldSlug}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        }

        await AssertMovedAsync($"/section/{oldSlug}", $"/section/{newSlug}");
        await AssertMovedAsync($"/section/{oldSlug}?page=2", $"/section/{newSlug}?page=2");
        await AssertMovedAsync($"/section/{oldSlug.ToUpperInvariant()}", $"/section/{newSlug}");
        await AssertMovedAsync($"/section/{oldSlug}/feed", $"/section/{newSlug}/feed");
        await AssertMovedAsync($"/section/{oldSlug}/feed/atom", $"/section/{newSlug}/feed/atom");
        await AssertMovedAsync(category, $"/section/{newSlug}");

        var secondPage = await Client.GetStringAsync($"/section/{newSlug}?page=2");
        Assert.Contains(headlines[^1], secondPage, StringComparison.Ordinal);
        Assert.Contains(headlines[0], await Client.GetStringAsync($"/section/{newSlug}/feed/atom"), StringComparison.Ordinal);

        // Renamed again: the first address goes straight to the newest one, and the second one follows too.
        var newestSlug = $"quays-{oldSlug}";
        using (var again = await RenameAsync(editor, id, name, newestSlug))
        {
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        }

        await AssertMovedAsync($"/section/{oldSlug}?page=2", $"/section/{newestSlug}?page=2");
        await AssertMovedAsync($"/section/{newSlug}/feed", $"/section/{newestSlug}/feed");
        Assert.Contains(name, Html.Parse(await Client.GetStringAsync("/")).QuerySelector("nav.sections")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(await App.WithDbAsync((db, _) => db.AuditEntries.Select(e => e.Subject).ToListAsync()),
            s => s.Contains($"/section/{newSlug} → /section/{newestSlug}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_section_merged_into_another_hands_over_its_articles_and_its_addresses_answer_301()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var from = await CreateSectionAsync(editor, Unique("Boats"));
        var into = await CreateSectionAsync(editor, Unique("Transport"));
        var published = await new ArticleBuilder().InSection(from.Slug).SaveAsync(App);
        var draft = await new ArticleBuilder().InSection(from.Slug).Status(Broadsheet.Articles.ArticleStatus.Draft).SaveAsync(App);

        using (var same = await editor.PostFormAsync("/newsroom/sections?handler=Merge", new() { ["MergeFromId"] = Id(from.Id), ["MergeIntoId"] = Id(from.Id) }))
        {
            Assert.Contains("Choose two different sections.", await same.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var merged = await editor.PostFormAsync("/newsroom/sections?handler=Merge", new() { ["MergeFromId"] = Id(from.Id), ["MergeIntoId"] = Id(into.Id) }))
        {
            Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        }

        var sections = await App.WithDbAsync((db, _) => db.Articles.Where(a => a.Id == published.Id || a.Id == draft.Id).Select(a => a.SectionId).ToListAsync());
        Assert.Equal([into.Id, into.Id], sections);
        Assert.False(await App.WithDbAsync((db, _) => db.Sections.AnyAsync(s => s.Id == from.Id)));

        await AssertMovedAsync($"/section/{from.Slug}", $"/section/{into.Slug}");
        await AssertMovedAsync($"/section/{from.Slug}/feed", $"/section/{into.Slug}/feed");
        await AssertMovedAsync($"/section/{from.Slug}/feed/atom?x=1", $"/section/{into.Slug}/feed/atom?x=1");
        Assert.Contains(published.Headline, await Client.GetStringAsync($"/section/{into.Slug}"), StringComparison.Ordinal);
        Assert.DoesNotContain($"/section/{from.Slug}\"", await Client.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.True(await App.WithDbAsync((db, _) => db.AuditEntries.AnyAsync(e => e.Action == "Merged sections")));
    }

    [Fact]
    public async Task A_section_with_articles_is_not_deleted_but_an_empty_one_is()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var full = await CreateSectionAsync(editor, Unique("Weather"));
        await new ArticleBuilder().InSection(full.Slug).SaveAsync(App);
        await new ArticleBuilder().InSection(full.Slug).Status(Broadsheet.Articles.ArticleStatus.Draft).SaveAsync(App);

        using (var refused = await editor.PostFormAsync($"/newsroom/sections?handler=Delete&id={Id(full.Id)}", new()))
        {
            var page = Html.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var message = page.QuerySelector(".nr-errors")!.TextContent;
            Assert.Contains("still has 2 articles", message, StringComparison.Ordinal);
            Assert.Contains("Merge it into another section", message, StringComparison.Ordinal);
        }

        Assert.True(await App.WithDbAsync((db, _) => db.Sections.AnyAsync(s => s.Id == full.Id)));

        var empty = await CreateSectionAsync(editor, Unique("Empty"));
        Assert.Contains($"/section/{empty.Slug}", await Client.GetStringAsync("/"), StringComparison.Ordinal);
        using (var deleted = await editor.PostFormAsync($"/newsroom/sections?handler=Delete&id={Id(empty.Id)}", new()))
        {
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        }

        Assert.False(await App.WithDbAsync((db, _) => db.Sections.AnyAsync(s => s.Id == empty.Id)));
        Assert.DoesNotContain($"/section/{empty.Slug}", await Client.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.True(await App.WithDbAsync((db, _) => db.AuditEntries.AnyAsync(e => e.Action == "Deleted section" && e.Subject.Contains(empty.Slug))));
    }

    [Fact]
    public async Task Moving_a_section_up_reorders_the_menu_on_cached_pages_at_once()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var first = await CreateSectionAsync(editor, Unique("Aardvarks"), 990);
        var second = await CreateSectionAsync(editor, Unique("Zebras"), 991);
        var witness = await new ArticleBuilder().SaveAsync(App);
        var renamed = await App.ProveServedFromCacheAsync(Client, witness.Id, "/");
        Assert.True(MenuIndex(await Client.GetStringAsync("/"), first.Slug) < MenuIndex(await Client.GetStringAsync("/"), second.Slug));

        using (var moved = await editor.PostFormAsync($"/newsroom/sections?handler=Move&id={Id(second.Id)}", new() { ["direction"] = "up" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        }

        var home = await Client.GetStringAsync("/");
        Assert.Contains(renamed, home, StringComparison.Ordinal);
        Assert.True(MenuIndex(home, second.Slug) < MenuIndex(home, first.Slug), "The section moved up comes first in the public menu.");
        var rows = Html.Parse(await editor.Http.GetStringAsync("/newsroom/sections")).QuerySelectorAll("tbody tr").Select(r => r.TextContent).ToList();
        Assert.True(rows.FindIndex(r => r.Contains(second.Slug, StringComparison.Ordinal)) < rows.FindIndex(r => r.Contains(first.Slug, StringComparison.Ordinal)));
    }

    private static int MenuIndex(string html, string slug)
    {
        var links = Html.Parse(html).QuerySelectorAll("nav.sections a").Select(a => a.GetAttribute("href")).ToList();
        var index = links.IndexOf($"/section/{slug}");
        Assert.True(index >= 0, $"/section/{slug} is not in the menu.");
        return index;
    }

    [Fact]
    public async Task A_taken_or_empty_slug_is_refused_with_the_typed_values_kept()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var taken = await CreateSectionAsync(editor, Unique("Taken"));
        var mine = await CreateSectionAsync(editor, Unique("Mine"));
        using var refused = await editor.PostFormAsync($"/newsroom/sections?edit={Id(mine.Id)}",
            new() { ["Input.Name"] = "Kept name", ["Input.Slug"] = taken.Slug.ToUpperInvariant(), ["Input.Description"] = "Kept description", ["Input.Position"] = "3" });
        var page = Html.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains($"Another section already uses the slug \u201c{taken.Slug}\u201d.", page.QuerySelector("[data-valmsg-for='Input.Slug']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Kept name", page.QuerySelector("#Input_Name")!.GetAttribute("value"));
        Assert.Equal("Kept description", page.QuerySelector("#Input_Description")!.TextContent.Trim());
        Assert.Equal(mine.Slug, await App.WithDbAsync((db, _) => db.Sections.Where(s => s.Id == mine.Id).Select(s => s.Slug).SingleAsync()));
    }

    [Fact]
    public async Task A_malformed_edit_id_answers_404_and_creates_no_section()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var name = Unique("Not New");
        using (var response = await editor.PostFormAsync("/newsroom/sections?edit=abc", new() { ["Input.Name"] = name, ["Input.Position"] = "500" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.False(await App.WithDbAsync((db, _) => db.Sections.AnyAsync(s => s.Name == name)));
        using var move = await editor.PostFormAsync("/newsroom/sections?handler=Move&id=abc", new() { ["direction"] = "up" });
        Assert.Equal(HttpStatusCode.NotFound, move.StatusCode);
        using var delete = await editor.PostFormAsync("/newsroom/sections?handler=Delete&id=abc", new());
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
    }

    [Fact]
    public async Task An_author_account_cannot_change_sections_or_authors()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var section = await CreateSectionAsync(editor, Unique("Guarded"));
        var other = await App.WithDbAsync((db, _) => db.Sections.Where(s => s.Id != section.Id).Select(s => s.Id).FirstAsync());
        var author = await App.WithDbAsync((db, _) => db.Authors.Select(a => a.Id).FirstAsync());
        using var writer = await App.SignInAsNewAsync(NewsroomRoles.Author);
        // The token of a form the writer may use: antiforgery tokens belong to the member, not the page.
        const string form = "/newsroom/articles/edit";
        var attempts = new (string Path, Dictionary<string, string> Fields)[]
        {
            ($"/newsroom/sections?edit={Id(section.Id)}", new() { ["Input.Name"] = "Taken over", ["Input.Slug"] = "taken-over" }),
            ($"/newsroom/sections?handler=Delete&id={Id(section.Id)}", new()),
            ($"/newsroom/sections?handler=Merge", new() { ["MergeFromId"] = Id(section.Id), ["MergeIntoId"] = Id(other) }),
            ($"/newsroom/sections?handler=Move&id={Id(section.Id)}", new() { ["direction"] = "up" }),
            ("/newsroom/authors?handler=Merge", new() { ["MergeFromId"] = Id(author), ["MergeIntoId"] = Id(author + 1) }),
            ($"/newsroom/authors/edit/{Id(author)}", new() { ["Input.Name"] = "Taken over" }),
            ("/newsroom/authors/edit", new() { ["Input.Name"] = "Unwanted author" }),
        };
        foreach (var (path, fields) in attempts)
        {
            using var response = await writer.PostFormAsync(path, fields, form);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"POST {path} as an Author answered {(int)response.StatusCode}, not 403.");
        }

        Assert.Equal(section.Slug, await App.WithDbAsync((db, _) => db.Sections.Where(s => s.Id == section.Id).Select(s => s.Slug).SingleAsync()));
        Assert.False(await App.WithDbAsync((db, _) => db.Authors.AnyAsync(a => a.Name == "Unwanted author" || a.Name == "Taken over")));
    }
}

public sealed class SqliteSectionLifecycleTests(NewsroomApp app) : SectionLifecycleTests<NewsroomApp>(app), IClassFixture<NewsroomApp>;

public sealed class PostgresSectionLifecycleTests(PostgresNewsroomApp app) : SectionLifecycleTests<PostgresNewsroomApp>(app), IClassFixture<PostgresNewsroomApp>;
