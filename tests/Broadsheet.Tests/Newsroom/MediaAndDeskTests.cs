using System.Net;
using System.Net.Http.Headers;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;
using Broadsheet.Tests.Media;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Newsroom;

public sealed class MediaAndDeskTests(NewsroomApp app) : AppTest<NewsroomApp>(app), IClassFixture<NewsroomApp>
{
    [Fact]
    public async Task An_image_is_recognised_by_its_content_resized_once_and_served_for_a_year()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        // A PNG that calls itself a JPEG: the bytes decide.
        using var response = await MediaUploads.UploadAsync(author, TestImages.Png(2000, 1000), "harbour.jpg", "image/jpeg", "The harbour at dusk");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var item = await App.WithDbAsync((db, _) => db.MediaItems.OrderByDescending(m => m.Id).FirstAsync());
        Assert.Equal("image/png", item.ContentType);
        Assert.EndsWith(".png", item.Path, StringComparison.Ordinal);
        Assert.Equal("480,960,1600", item.Variants);
        Assert.Equal((2000, 1000), (item.Width, item.Height));
        Assert.DoesNotContain("harbour", item.Path, StringComparison.Ordinal); // a generated name, not the uploader's

        using var original = await Client.GetAsync(item.Url);
        Assert.Equal(HttpStatusCode.OK, original.StatusCode);
        Assert.Equal("public, max-age=31536000, immutable", original.Headers.CacheControl!.ToString());
        using var variant = await Client.GetAsync(item.Url[..item.Url.LastIndexOf('.')] + "-960.webp");
        Assert.Equal(HttpStatusCode.OK, variant.StatusCode);
        Assert.Equal("image/webp", variant.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Anything_that_is_not_an_image_is_refused_with_a_clear_message()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        var count = await App.WithDbAsync((db, _) => db.MediaItems.CountAsync());
        using var html = await MediaUploads.UploadAsync(author, "<html><script>alert(1)</script></html>"u8.ToArray(), "photo.jpg", "image/jpeg", "kept alt text");
        var page = await html.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Contains("This file is not a JPEG, PNG, WebP or GIF image.", page, StringComparison.Ordinal);
        Assert.Contains("kept alt text", page, StringComparison.Ordinal);

        using var broken = await MediaUploads.UploadAsync(author, TestImages.Jpeg(800, 600)[..400], "broken.jpg", "image/jpeg");
        Assert.Contains("could not be read", await broken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(count, await App.WithDbAsync((db, _) => db.MediaItems.CountAsync()));
    }

    [Fact]
    public async Task A_featured_image_from_the_library_is_published_with_srcset_width_and_height()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        await MediaUploads.UploadAsync(author, TestImages.Jpeg(1800, 1200), "market.jpg", "image/jpeg", "Stalls at the market");
        var item = await App.WithDbAsync((db, _) => db.MediaItems.OrderByDescending(m => m.Id).FirstAsync());

        var form = await NewsroomArticles.FormAsync(App, $"Market day {Guid.NewGuid():N}", "Publish");
        form["Input.Image"] = item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using (var noAlt = await NewsroomArticles.SaveAsync(author, null, form))
        {
            Assert.Contains("Describe the image for readers who cannot see it", await noAlt.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        form["Input.ImageAlt"] = "Stalls at the market";
        form["Input.ImageCaption"] = "Saturday morning on the square.";
        form["Input.ImageCredit"] = "Photo: Test Desk";
        var id = await NewsroomArticles.SaveAndGetIdAsync(author, null, form);
        var article = await NewsroomArticles.LoadAsync(App, id);
        var page = Html.Parse(await Client.GetStringAsync($"/{article.PublishedAt:yyyy}/{article.PublishedAt:MM}/{article.PublishedAt:dd}/{article.Slug}"));
        var image = page.QuerySelector("figure.featured img")!;
        var stem = item.Url[..item.Url.LastIndexOf('.')];
        Assert.Equal(item.Url, image.GetAttribute("src"));
        Assert.Equal($"{stem}-480.webp 480w, {stem}-960.webp 960w, {stem}-1600.webp 1600w, {item.Url} 1800w", image.GetAttribute("srcset"));
        Assert.NotNull(image.GetAttribute("sizes"));
        Assert.Equal(("1800", "1200"), (image.GetAttribute("width"), image.GetAttribute("height")));
        Assert.Equal("Stalls at the market", image.GetAttribute("alt"));
        Assert.Contains("Photo: Test Desk", page.QuerySelector("figure.featured figcaption")!.TextContent, StringComparison.Ordinal);

        var home = Html.Parse(await Client.GetStringAsync("/"));
        Assert.Contains(home.QuerySelectorAll("img[srcset]"), img => img.GetAttribute("src") == item.Url);
    }

    [Fact]
    public async Task A_new_section_appears_in_every_cached_pages_menu_at_once()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var witness = await NewsroomArticles.SaveAndGetIdAsync(editor, null, await NewsroomArticles.FormAsync(App, $"Menu witness {Guid.NewGuid():N}", "Publish"));
        var witnessPath = await PathOfAsync(witness);
        var renamed = await App.ProveServedFromCacheAsync(Client, witness, "/", witnessPath);
        var name = $"Gardens {Guid.NewGuid().ToString("N")[..5]}";
        using var invalid = await editor.PostFormAsync("/newsroom/sections", new() { ["Input.Name"] = "", ["Input.Description"] = "kept description", ["Input.Position"] = "9" });
        var invalidHtml = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("Enter the section&#x27;s name.", invalidHtml, StringComparison.Ordinal);
        Assert.Contains("kept description", invalidHtml, StringComparison.Ordinal);

        using var created = await editor.PostFormAsync("/newsroom/sections", new() { ["Input.Name"] = name, ["Input.Position"] = "9" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        foreach (var path in new[] { "/", witnessPath })
        {
            var page = await Client.GetStringAsync(path);
            Assert.Contains(name, Html.Parse(page).QuerySelector("nav.sections")!.TextContent, StringComparison.Ordinal);
            Assert.Contains(renamed, page, StringComparison.Ordinal);
        }
    }

    private Task<string> PathOfAsync(int articleId) => App.WithDbAsync(async (db, _) =>
    {
        var article = await db.Articles.SingleAsync(a => a.Id == articleId);
        return $"/{article.PublishedAt:yyyy}/{article.PublishedAt:MM}/{article.PublishedAt:dd}/{article.Slug}";
    });

    [Fact]
    public async Task Tags_can_be_renamed_and_merged_and_the_cached_public_pages_follow_at_once()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var first = (await new ArticleBuilder().Headline($"Tagged story {suffix}").Tagged($"Ferry {suffix}", $"Ferries {suffix}").SaveAsync(App)).Id;
        await new ArticleBuilder().Headline($"Second tagged story {suffix}").Tagged($"Ferries {suffix}").SaveAsync(App);
        var ids = await App.WithDbAsync((db, _) => db.Tags.Where(t => t.Slug.EndsWith(suffix)).ToDictionaryAsync(t => t.Name, t => t.Id));

        var witnessHeadline = await App.ProveServedFromCacheAsync(Client, first, $"/tag/ferry-{suffix}");
        Assert.DoesNotContain($"Second tagged story {suffix}", await Client.GetStringAsync($"/tag/ferry-{suffix}"), StringComparison.Ordinal);
        using var merged = await editor.PostFormAsync("/newsroom/tags?handler=Merge",
            new() { ["MergeFromId"] = ids[$"Ferries {suffix}"].ToString(System.Globalization.CultureInfo.InvariantCulture), ["MergeIntoId"] = ids[$"Ferry {suffix}"].ToString(System.Globalization.CultureInfo.InvariantCulture) },
            "/newsroom/tags");
        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        var tagPage = await Client.GetStringAsync($"/tag/ferry-{suffix}");
        Assert.Contains($"Second tagged story {suffix}", tagPage, StringComparison.Ordinal);
        Assert.Contains(witnessHeadline, tagPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/tag/ferries-{suffix}")).StatusCode);

        using var renamed = await editor.PostFormAsync("/newsroom/tags?handler=Rename",
            new() { ["RenameId"] = ids[$"Ferry {suffix}"].ToString(System.Globalization.CultureInfo.InvariantCulture), ["NewName"] = $"Harbour ferry {suffix}" }, "/newsroom/tags");
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        Assert.Contains(witnessHeadline, await Client.GetStringAsync($"/tag/harbour-ferry-{suffix}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Site_settings_change_the_title_and_date_line_everywhere_and_bad_values_are_explained()
    {
        using var admin = await App.SignInAsNewAsync(NewsroomRoles.Administrator);
        var witness = await NewsroomArticles.SaveAndGetIdAsync(admin, null, await NewsroomArticles.FormAsync(App, $"Settings witness {Guid.NewGuid():N}", "Publish"));
        var renamed = await App.ProveServedFromCacheAsync(Client, witness, "/");
        var fields = new Dictionary<string, string>
        {
            ["Input.Title"] = "The Valley Gazette",
            ["Input.Tagline"] = "Our tagline",
            ["Input.TimeZone"] = "Mars/Olympus",
            ["Input.Culture"] = "fr-FR",
            ["Input.DateFormat"] = "D",
            ["Input.CommentsOpenByDefault"] = "false",
        };
        using (var invalid = await admin.PostFormAsync("/newsroom/settings", fields))
        {
            var html = await invalid.Content.ReadAsStringAsync();
            Assert.Contains("Enter a time zone such as Europe/London", html, StringComparison.Ordinal);
            Assert.Contains("The Valley Gazette", html, StringComparison.Ordinal);
        }

        fields["Input.TimeZone"] = "Europe/Paris";
        try
        {
            using var saved = await admin.PostFormAsync("/newsroom/settings", fields);
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            var home = Html.Parse(await Client.GetStringAsync("/"));
            Assert.Equal("The Valley Gazette", home.QuerySelector(".site-title")!.TextContent);
            Assert.Equal("fr-FR", home.DocumentElement.GetAttribute("lang"));
            Assert.Contains(renamed, home.Body!.TextContent, StringComparison.Ordinal);
        }
        finally
        {
            fields["Input.Title"] = "The Harbourton Broadsheet";
            fields["Input.TimeZone"] = "UTC";
            fields["Input.Culture"] = "en-US";
            fields["Input.CommentsOpenByDefault"] = "true";
            await admin.PostFormAsync("/newsroom/settings", fields);
        }
    }
}

/// <summary>A site configured for small uploads (Broadsheet:Media:MaxUploadBytes).</summary>
public sealed class SmallUploadsApp : NewsroomApp
{
    public SmallUploadsApp() => Configure("Broadsheet:Media:MaxUploadBytes", "5000");
}

public sealed class UploadLimitTests(SmallUploadsApp app) : AppTest<SmallUploadsApp>(app), IClassFixture<SmallUploadsApp>
{
    [Fact]
    public async Task An_image_over_the_configured_size_is_refused_with_the_limit_in_the_message()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        var token = await author.GetTokenAsync("/newsroom/media");
        using var form = new MultipartFormDataContent();
        var big = TestImages.Png(1500, 1500);
        Assert.True(big.Length > 5_000);
        form.Add(new ByteArrayContent(big), "Upload", "big.png");
        form.Add(new StringContent(token), "__RequestVerificationToken");
        using var response = await author.Http.PostAsync("/newsroom/media", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The file is larger than 4.9 KB. Upload an image up to 4.9 KB.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await App.WithDbAsync((db, _) => db.MediaItems.CountAsync()));
    }
}

public sealed class BadInputTests(NewsroomApp app) : AppTest<NewsroomApp>(app), IClassFixture<NewsroomApp>
{
    [Theory]
    [InlineData("/newsroom/articles?status=Bogus&section=x&author=-1&page=abc&q=%00")]
    [InlineData("/newsroom/articles?page=999999999999")]
    [InlineData("/newsroom/articles/edit/999999")]
    [InlineData("/newsroom/articles/1/revisions?from=abc&to=999999")]
    [InlineData("/newsroom/sections?edit=abc")]
    [InlineData("/newsroom/sections?edit=999999")]
    [InlineData("/newsroom/audit?page=-5")]
    [InlineData("/newsroom/reset-password?user=nobody&code=%%%")]
    [InlineData("/newsroom/signin?ReturnUrl=%0d%0a")]
    public async Task Bad_values_in_a_newsroom_address_never_cause_a_server_error(string path)
    {
        using var admin = await App.SignInAsNewAsync(Broadsheet.Accounts.NewsroomRoles.Administrator);
        using var response = await admin.Http.GetAsync(path);
        Assert.True((int)response.StatusCode < 500, $"{path} answered {(int)response.StatusCode}");
    }

    [Theory]
    [InlineData("/newsroom/users?handler=Role", "role=King")]
    [InlineData("/newsroom/users?handler=Disable", "disable=maybe")]
    [InlineData("/newsroom/tags?handler=Merge", "MergeFromId=abc&MergeIntoId=-1")]
    [InlineData("/newsroom/tags?handler=Rename", "RenameId=999999&NewName=%00")]
    [InlineData("/newsroom/articles/edit", "Input.SectionId=abc&Input.AuthorIds=x&Input.PublishAt=tomorrow&action=Fly")]
    [InlineData("/newsroom/articles/edit/999999?handler=Correction", "kind=Apology&text=x")]
    [InlineData("/newsroom/articles/1/revisions?handler=Restore", "revision=abc")]
    [InlineData("/newsroom/settings", "Input.TimeZone=%00&Input.Culture=xx-XX-XX&Input.DateFormat=%25")]
    [InlineData("/newsroom/sections", "Input.Position=abc")]
    [InlineData("/newsroom/media", "Alt=only")]
    public async Task Bad_values_in_a_newsroom_form_never_cause_a_server_error(string path, string body)
    {
        using var admin = await App.SignInAsNewAsync(Broadsheet.Accounts.NewsroomRoles.Administrator);
        var fields = body.Split('&').Select(pair => pair.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1]));
        using var response = await admin.PostFormAsync(path, fields, "/newsroom/articles/edit");
        Assert.True((int)response.StatusCode < 500, $"POST {path} answered {(int)response.StatusCode}");
    }
}
