using System.Globalization;
using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Media;
using Broadsheet.Tests.Infrastructure;
using Broadsheet.Tests.Media;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Newsroom;

/// <summary>The media library after upload: editing an image's text, deleting it, and finding it again; on both databases.</summary>
public abstract class MediaLibraryTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : NewsroomApp
{
    [Fact]
    public async Task Edited_alt_text_caption_and_credit_reach_the_cached_pages_of_the_articles_that_use_the_image()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var suffix = Unique();
        var item = await UploadAsync(editor, $"pier-{suffix}.jpg", "The old pier");
        var form = await NewsroomArticles.FormAsync(App, $"Pier reopens {suffix}", "Publish");
        form["Input.Image"] = Id(item);
        form["Input.ImageAlt"] = "The old pier";
        form["Input.ImageCredit"] = "Photo: Test Desk";
        form["Input.Body"] = $"The pier reopened today.\n\n![The old pier]({item.Url})\n\nCrowds came.";
        var id = await NewsroomArticles.SaveAndGetIdAsync(editor, null, form);
        // A writer who described the picture in their own words for one article keeps them.
        var ownForm = await NewsroomArticles.FormAsync(App, $"Gulls return {suffix}", "Publish");
        ownForm["Input.Image"] = Id(item);
        ownForm["Input.ImageAlt"] = "Gulls over the pier at dawn";
        ownForm["Input.ImageCredit"] = "Photo: Our photographer";
        var ownId = await NewsroomArticles.SaveAndGetIdAsync(editor, null, ownForm);
        var path = await PathOfAsync(id);

        var renamed = await App.ProveServedFromCacheAsync(Client, id, path, "/");
        using (var saved = await editor.PostFormAsync($"/newsroom/media/{item.Id}",
            new() { ["Input.Alt"] = "The pier, rebuilt", ["Input.Caption"] = "The pier on its first morning open.", ["Input.Credit"] = "Photo: Harbour Desk" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            Assert.Equal($"/newsroom/media/{item.Id}", saved.Headers.Location!.OriginalString);
        }

        Assert.Contains("2 articles now show the new text.", await editor.Http.GetStringAsync($"/newsroom/media/{item.Id}"), StringComparison.Ordinal);
        var html = await Client.GetStringAsync(path);
        Assert.True(PageCacheProof.Shows(html, renamed), "The article's cached page was not evicted.");
        var page = Html.Parse(html);
        var images = page.QuerySelectorAll("article.story img").Where(i => i.GetAttribute("src") == item.Url).ToList();
        Assert.Equal(2, images.Count); // the featured image and the one in the text
        Assert.All(images, image => Assert.Equal("The pier, rebuilt", image.GetAttribute("alt")));
        var caption = page.QuerySelector("figure.featured figcaption")!.TextContent;
        Assert.Contains("The pier on its first morning open.", caption, StringComparison.Ordinal);
        Assert.Contains("Photo: Harbour Desk", caption, StringComparison.Ordinal);

        var home = await Client.GetStringAsync("/");
        Assert.True(PageCacheProof.Shows(home, renamed), "The home page, which shows the article's card, was not evicted.");
        Assert.Contains(Html.Parse(home).QuerySelectorAll("img"), i => i.GetAttribute("src") == item.Url && i.GetAttribute("alt") == "The pier, rebuilt");

        var own = Html.Parse(await Client.GetStringAsync(await PathOfAsync(ownId)));
        Assert.Equal("Gulls over the pier at dawn", own.QuerySelector("figure.featured img")!.GetAttribute("alt"));
        var ownCaption = own.QuerySelector("figure.featured figcaption")!.TextContent;
        Assert.Contains("Photo: Our photographer", ownCaption, StringComparison.Ordinal);
        Assert.Contains("The pier on its first morning open.", ownCaption, StringComparison.Ordinal); // it had none of its own
        Assert.True(await App.WithDbAsync((db, _) => db.AuditEntries.AnyAsync(e => e.Action == "Edited an image's alt text, caption or credit" && e.Subject == item.OriginalName)));
    }

    [Fact]
    public async Task Text_over_the_limits_is_refused_with_a_message_and_kept_in_the_form()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var item = await UploadAsync(editor, $"long-{Unique()}.jpg", "Short alt");
        var longAlt = new string('a', 501);
        using var refused = await editor.PostFormAsync($"/newsroom/media/{item.Id}",
            new() { ["Input.Alt"] = longAlt, ["Input.Caption"] = "A caption worth keeping", ["Input.Credit"] = new string('c', 301) });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = Html.Parse(await refused.Content.ReadAsStringAsync());
        var errors = string.Join(" ", page.QuerySelectorAll(".nr-error").Select(e => e.TextContent));
        Assert.Contains("Keep the alt text under 500 characters.", errors, StringComparison.Ordinal);
        Assert.Contains("Keep the credit under 300 characters.", errors, StringComparison.Ordinal);
        Assert.Equal(longAlt, page.QuerySelector("textarea[name='Input.Alt']")!.TextContent.Trim());
        Assert.Equal("A caption worth keeping", page.QuerySelector("textarea[name='Input.Caption']")!.TextContent.Trim());
        var stored = await App.WithDbAsync((db, _) => db.MediaItems.AsNoTracking().SingleAsync(m => m.Id == item.Id));
        Assert.Equal(("Short alt", (string?)null), (stored.Alt, stored.Caption));
    }

    [Fact]
    public async Task An_image_in_use_is_not_deleted_and_the_page_links_what_uses_it_then_once_unused_its_files_go()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var suffix = Unique();
        var item = await UploadAsync(editor, $"ferry-{suffix}.jpg", "The ferry");
        var form = await NewsroomArticles.FormAsync(App, $"Ferry timetable {suffix}", "Publish");
        form["Input.Image"] = Id(item);
        form["Input.ImageAlt"] = "The ferry";
        var featured = await NewsroomArticles.SaveAndGetIdAsync(editor, null, form);
        // Only a resized copy, in the text of a draft.
        var inText = (await new ArticleBuilder().Headline($"Ferry draft {suffix}").Status(Broadsheet.Articles.ArticleStatus.Draft)
            .Body($"Draft.\n\n![]({item.Url[..item.Url.LastIndexOf('.')]}-480.webp)").SaveAsync(App)).Id;
        var staticPage = await new StaticPageBuilder().Titled($"Getting here {suffix}").Markdown($"Take the ferry.\n\n![The ferry]({item.Url})").SaveAsync(App);
        var authorId = await App.WithDbAsync(async (db, _) =>
        {
            var author = new Broadsheet.Articles.Author { Name = $"Ferry Writer {suffix}", Slug = $"ferry-writer-{suffix}", PhotoMediaId = item.Id };
            db.Authors.Add(author);
            await db.SaveChangesAsync();
            return author.Id;
        });

        using (var refused = await editor.PostFormAsync($"/newsroom/media/{item.Id}?handler=Delete", new()))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            var page = Html.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Contains("still used by the 4 places below", page.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
            var links = page.QuerySelectorAll(".nr-media-uses a").ToDictionary(a => a.GetAttribute("href")!, a => a.TextContent);
            Assert.Equal($"Ferry timetable {suffix}", links[$"/newsroom/articles/edit/{featured}"]);
            Assert.Equal($"Ferry draft {suffix}", links[$"/newsroom/articles/edit/{inText}"]);
            Assert.Equal($"Getting here {suffix}", links[$"/newsroom/pages/edit/{staticPage.Id}"]);
            Assert.Equal($"Ferry Writer {suffix}", links[$"/newsroom/authors/edit/{authorId}"]);
        }

        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(item.Url)).StatusCode);
        await App.WithDbAsync(async (db, _) =>
        {
            await db.Articles.Where(a => a.Id == featured).ExecuteUpdateAsync(s => s.SetProperty(a => a.MediaItemId, (int?)null).SetProperty(a => a.ImageUrl, (string?)null));
            await db.Articles.Where(a => a.Id == inText).ExecuteUpdateAsync(s => s.SetProperty(a => a.Body, "Draft."));
            await db.Authors.Where(a => a.Id == authorId).ExecuteUpdateAsync(s => s.SetProperty(a => a.PhotoMediaId, (int?)null));
            return await db.StaticPages.Where(p => p.Id == staticPage.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Body, "Walk."));
        });

        using (var deleted = await editor.PostFormAsync($"/newsroom/media/{item.Id}?handler=Delete", new()))
        {
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
            Assert.Equal("/newsroom/media", deleted.Headers.Location!.OriginalString);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(item.Url)).StatusCode);
        foreach (var file in item.FilePaths())
        {
            Assert.False(File.Exists(Path.Combine(App.DataDir, "media", file)), $"{file} is still in the media folder.");
            Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/media/{file}")).StatusCode);
        }

        Assert.Contains($"Deleted ferry-{suffix}.jpg.", await editor.Http.GetStringAsync("/newsroom/media"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.Http.GetAsync($"/newsroom/media/{item.Id}")).StatusCode);
        Assert.True(await App.WithDbAsync((db, _) => db.AuditEntries.AnyAsync(e => e.Action == "Deleted an image" && e.Subject == item.OriginalName)));
    }

    [Fact]
    public async Task Authors_change_and_delete_only_their_own_uploads_and_contributors_cannot_open_the_library()
    {
        using var owner = await App.SignInAsNewAsync(NewsroomRoles.Author);
        using var other = await App.SignInAsNewAsync(NewsroomRoles.Author);
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        using var contributor = await App.SignInAsNewAsync(NewsroomRoles.Contributor);
        var item = await UploadAsync(owner, $"owned-{Unique()}.jpg", "Owner's alt");
        var page = $"/newsroom/media/{item.Id}";

        var seen = await other.Http.GetDocumentAsync(page);
        Assert.Null(seen.QuerySelector("textarea[name='Input.Alt']"));
        Assert.Null(seen.QuerySelector("form[action*='handler=Delete']"));
        var token = await other.GetTokenAsync("/newsroom/media");
        foreach (var path in new[] { page, $"{page}?handler=Delete" })
        {
            using var refused = await other.Http.PostAsync(path, new FormUrlEncodedContent([new("Input.Alt", "Changed by someone else"), new("__RequestVerificationToken", token)]));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await contributor.Http.GetAsync(page)).StatusCode);
        Assert.Equal("Owner's alt", await AltAsync(item.Id));

        Assert.Equal(HttpStatusCode.Redirect, (await editor.PostFormAsync(page, new() { ["Input.Alt"] = "Set by the editor" })).StatusCode);
        Assert.Equal("Set by the editor", await AltAsync(item.Id));
        Assert.Equal(HttpStatusCode.Redirect, (await owner.PostFormAsync(page, new() { ["Input.Alt"] = "Set by the owner" })).StatusCode);
        Assert.Equal("Set by the owner", await AltAsync(item.Id));
        Assert.Equal(HttpStatusCode.Redirect, (await owner.PostFormAsync($"{page}?handler=Delete", new())).StatusCode);
        Assert.False(await App.WithDbAsync((db, _) => db.MediaItems.AnyAsync(m => m.Id == item.Id)));
    }

    [Fact]
    public async Task The_library_is_searched_by_name_and_text_and_filtered_by_type_and_upload_date_and_bad_values_are_explained()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var suffix = Unique();
        await AddItemsAsync(
            Item($"quay-{suffix}.png", "image/png", new DateTime(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc), alt: "Quayside at dusk"),
            Item("market.jpg", "image/jpeg", new DateTime(2024, 3, 15, 12, 0, 0, DateTimeKind.Utc), caption: $"Stalls in the square {suffix}"),
            Item("tram.webp", "image/webp", new DateTime(2024, 4, 2, 12, 0, 0, DateTimeKind.Utc), credit: $"Photo: \u202EDesk {suffix}"));

        Assert.Equal(["quay-" + suffix + ".png", "tram.webp", "market.jpg"], await NamesAsync(editor, $"?q={suffix.ToUpperInvariant()}"));
        Assert.Equal(["quay-" + suffix + ".png"], await NamesAsync(editor, $"?q={suffix}&type=png"));
        Assert.Equal(["market.jpg"], await NamesAsync(editor, $"?q={suffix}&month=2024-03"));
        Assert.Equal(["tram.webp"], await NamesAsync(editor, $"?q={suffix}&from=2024-03-20&to=2024-04-30"));

        using var bad = await editor.Http.GetAsync($"/newsroom/media?q={suffix}&type=tiff&month=March&from=2024-13-45&page=two");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var page = Html.Parse(await bad.Content.ReadAsStringAsync());
        var notice = page.QuerySelector(".nr-media-problems")!.TextContent;
        Assert.Contains("That image type is not one the library keeps", notice, StringComparison.Ordinal);
        Assert.Contains("The month was not a month", notice, StringComparison.Ordinal);
        Assert.Contains("The “from” date was not a date", notice, StringComparison.Ordinal);
        Assert.Contains("The page number was not a number", notice, StringComparison.Ordinal);
        Assert.Equal(3, page.QuerySelectorAll(".nr-media-list li").Length);
        Assert.Equal(suffix, page.QuerySelector("input[name=q]")!.GetAttribute("value"));
        // A right-to-left override in a credit cannot reorder the rest of the list.
        Assert.Contains(page.QuerySelectorAll(".nr-media-list bdi"), b => b.TextContent == $"Photo: \u202EDesk {suffix}");
    }

    [Fact]
    public async Task The_library_is_paged_and_the_next_page_keeps_the_search()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        var suffix = Unique();
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await AddItemsAsync([.. Enumerable.Range(0, 26).Select(i => Item($"pager-{suffix}-{i:00}.gif", "image/gif", start.AddHours(i)))]);

        var first = await author.Http.GetDocumentAsync($"/newsroom/media?q=pager-{suffix}&type=gif");
        Assert.Equal(24, first.QuerySelectorAll(".nr-media-list li").Length);
        Assert.Equal($"pager-{suffix}-25.gif", first.QuerySelector(".nr-media-list li a")!.TextContent);
        var next = first.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        Assert.Equal($"/newsroom/media?q=pager-{suffix}&type=gif&page=2", next);

        var second = await author.Http.GetDocumentAsync(next);
        Assert.Equal([$"pager-{suffix}-01.gif", $"pager-{suffix}-00.gif"], second.QuerySelectorAll(".nr-media-list li a").Select(a => a.TextContent));
        Assert.NotNull(second.QuerySelector("a[rel=prev]"));
    }

    [Fact]
    public async Task An_author_changing_their_upload_reaches_only_their_own_articles_and_sees_others_only_as_a_count()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var suffix = Unique();
        var item = await UploadAsync(author, $"harbour-{suffix}.jpg", "The harbour");
        var ownForm = await NewsroomArticles.FormAsync(App, $"My harbour story {suffix}", "Publish");
        ownForm["Input.Image"] = Id(item);
        ownForm["Input.ImageAlt"] = "The harbour";
        var own = await NewsroomArticles.SaveAndGetIdAsync(author, null, ownForm);
        var editorsForm = await NewsroomArticles.FormAsync(App, $"Editor's harbour story {suffix}", "Publish");
        editorsForm["Input.Image"] = Id(item);
        editorsForm["Input.ImageAlt"] = "The harbour";
        editorsForm["Input.Body"] = $"Boats.\n\n![The harbour]({item.Url})";
        var editors = await NewsroomArticles.SaveAndGetIdAsync(editor, null, editorsForm);
        var draftForm = await NewsroomArticles.FormAsync(App, $"Secret harbour draft {suffix}");
        draftForm["Input.Body"] = $"Soon.\n\n![The harbour]({item.Url})";
        var editorsDraft = await NewsroomArticles.SaveAndGetIdAsync(editor, null, draftForm);
        var staticPage = await new StaticPageBuilder().Titled($"Harbour guide {suffix}").Markdown($"![The harbour]({item.Url})").SaveAsync(App);

        var seen = await author.Http.GetDocumentAsync($"/newsroom/media/{item.Id}");
        var links = seen.QuerySelectorAll(".nr-media-uses a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains($"/newsroom/articles/edit/{own}", links);
        Assert.DoesNotContain($"/newsroom/articles/edit/{editors}", links);
        Assert.DoesNotContain($"/newsroom/articles/edit/{editorsDraft}", links);
        Assert.DoesNotContain($"Secret harbour draft {suffix}", seen.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal("And 2 articles by other writers", seen.QuerySelector(".nr-media-others")!.TextContent.Trim());

        using (var saved = await author.PostFormAsync($"/newsroom/media/{item.Id}",
            new() { ["Input.Alt"] = "The harbour at night", ["Input.Caption"] = "Lights on the water.", ["Input.Credit"] = "" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        var articles = await App.WithDbAsync((db, _) => db.Articles.AsNoTracking().Where(a => a.Id == own || a.Id == editors || a.Id == editorsDraft).ToDictionaryAsync(a => a.Id));
        Assert.Equal(("The harbour at night", "Lights on the water."), (articles[own].ImageAlt, articles[own].ImageCaption));
        Assert.Equal(("The harbour", (string?)null), (articles[editors].ImageAlt, articles[editors].ImageCaption));
        Assert.Contains("![The harbour](", articles[editors].Body, StringComparison.Ordinal);
        Assert.Contains("![The harbour](", articles[editorsDraft].Body, StringComparison.Ordinal);
        Assert.Contains("![The harbour](", await App.WithDbAsync((db, _) => db.StaticPages.Where(p => p.Id == staticPage.Id).Select(p => p.Body).SingleAsync()), StringComparison.Ordinal);
        var editorsPage = Html.Parse(await Client.GetStringAsync(await PathOfAsync(editors)));
        Assert.Null(editorsPage.QuerySelector("figure.featured figcaption"));
        Assert.Equal("The harbour at night", await AltAsync(item.Id));
    }

    [Fact]
    public async Task A_new_alt_text_for_an_author_photo_reaches_the_cached_author_page()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var suffix = Unique();
        var item = await UploadAsync(editor, $"portrait-{suffix}.jpg", "A portrait");
        var name = $"Portrait Writer {suffix}";
        var witness = (await new ArticleBuilder().Headline($"Portrait story {suffix}").By(name).SaveAsync(App)).Id;
        var slug = await App.WithDbAsync(async (db, _) =>
        {
            var author = await db.Authors.SingleAsync(a => a.Name == name);
            author.PhotoMediaId = item.Id;
            await db.SaveChangesAsync();
            return author.Slug;
        });
        var path = $"/author/{slug}";
        Assert.Equal("A portrait", Html.Parse(await Client.GetStringAsync(path)).QuerySelectorAll("img").Single(i => i.GetAttribute("src")!.Contains(item.Stem, StringComparison.Ordinal)).GetAttribute("alt"));

        var renamed = await App.ProveServedFromCacheAsync(Client, witness, path);
        Assert.Equal(HttpStatusCode.Redirect, (await editor.PostFormAsync($"/newsroom/media/{item.Id}", new() { ["Input.Alt"] = "The writer at her desk" })).StatusCode);

        var html = await Client.GetStringAsync(path);
        Assert.True(PageCacheProof.Shows(html, renamed), "The author page was not evicted.");
        Assert.Equal("The writer at her desk", Html.Parse(html).QuerySelectorAll("img").Single(i => i.GetAttribute("src")!.Contains(item.Stem, StringComparison.Ordinal)).GetAttribute("alt"));
    }

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    private static string Id(MediaItem item) => item.Id.ToString(CultureInfo.InvariantCulture);

    private async Task<MediaItem> UploadAsync(NewsroomClient client, string name, string alt)
    {
        using var response = await MediaUploads.UploadAsync(client, TestImages.Jpeg(1200, 800), name, "image/jpeg", alt);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await App.WithDbAsync((db, _) => db.MediaItems.AsNoTracking().SingleAsync(m => m.OriginalName == name));
    }

    private Task<string?> AltAsync(int id) => App.WithDbAsync((db, _) => db.MediaItems.Where(m => m.Id == id).Select(m => m.Alt).SingleAsync());

    private static MediaItem Item(string name, string contentType, DateTime uploadedAt, string? alt = null, string? caption = null, string? credit = null) => new()
    {
        Path = $"{uploadedAt:yyyy}/{uploadedAt:MM}/{Guid.NewGuid():N}.{name[(name.LastIndexOf('.') + 1)..]}",
        OriginalName = name,
        ContentType = contentType,
        Width = 40,
        Height = 30,
        Length = 2048,
        UploadedAt = uploadedAt,
        Alt = alt,
        Caption = caption,
        Credit = credit,
    };

    private Task<int> AddItemsAsync(params MediaItem[] items) => App.WithDbAsync((db, _) =>
    {
        db.MediaItems.AddRange(items);
        return db.SaveChangesAsync();
    });

    private static async Task<List<string>> NamesAsync(NewsroomClient client, string query) =>
        [.. (await client.Http.GetDocumentAsync($"/newsroom/media{query}")).QuerySelectorAll(".nr-media-list li a").Select(a => a.TextContent)];

    private Task<string> PathOfAsync(int articleId) => App.WithDbAsync(async (db, _) =>
    {
        var article = await db.Articles.SingleAsync(a => a.Id == articleId);
        return $"/{article.PublishedAt:yyyy}/{article.PublishedAt:MM}/{article.PublishedAt:dd}/{article.Slug}";
    });
}

public sealed class SqliteMediaLibraryTests(NewsroomApp app) : MediaLibraryTests<NewsroomApp>(app), IClassFixture<NewsroomApp>;

public sealed class PostgresMediaLibraryTests(PostgresNewsroomApp app) : MediaLibraryTests<PostgresNewsroomApp>(app), IClassFixture<PostgresNewsroomApp>;

/// <summary>Deleting from the database store (<c>Broadsheet:Media:Store=Database</c>) takes the rows of the image and its copies.</summary>
public sealed class DatabaseMediaDeletionTests(DatabaseMediaApp app) : AppTest<DatabaseMediaApp>(app), IClassFixture<DatabaseMediaApp>
{
    [Fact]
    public async Task An_unused_image_deleted_from_the_database_store_takes_its_files_with_it()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var name = $"stored-{Guid.NewGuid():N}.png";
        using (var uploaded = await MediaUploads.UploadAsync(editor, TestImages.Png(1200, 800), name, "image/png", "Stored"))
        {
            Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        }

        var item = await App.WithDbAsync((db, _) => db.MediaItems.AsNoTracking().SingleAsync(m => m.OriginalName == name));
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(item.Url)).StatusCode);

        using var deleted = await editor.PostFormAsync($"/newsroom/media/{item.Id}?handler=Delete", new());
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(item.Url)).StatusCode);
        var paths = item.FilePaths().ToList();
        Assert.Equal(0, await App.WithDbAsync((db, _) => db.MediaFiles.CountAsync(f => paths.Contains(f.Path))));
    }
}
