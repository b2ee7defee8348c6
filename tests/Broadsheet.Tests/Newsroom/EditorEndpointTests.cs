using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;
using Broadsheet.Tests.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Newsroom;

/// <summary>The article editor's JSON helpers: the drag-and-drop upload and the search and social previews.</summary>
public sealed class EditorEndpointTests(NewsroomApp app) : AppTest<NewsroomApp>(app), IClassFixture<NewsroomApp>
{
    private static async Task<HttpResponseMessage> UploadAsync(NewsroomClient client, byte[] bytes, string fileName, bool withToken = true)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/newsroom/media/upload") { Content = form };
        if (withToken)
        {
            request.Headers.Add("RequestVerificationToken", await client.GetTokenAsync("/newsroom/articles/edit"));
        }

        return await client.Http.SendAsync(request);
    }

    [Fact]
    public async Task An_image_dropped_in_the_editor_joins_the_media_library_and_its_address_comes_back()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        using var response = await UploadAsync(author, TestImages.Png(1200, 600), "quay.png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var url = answer.RootElement.GetProperty("url").GetString()!;
        var item = await App.WithDbAsync((db, _) => db.MediaItems.SingleAsync(m => m.Id == answer.RootElement.GetProperty("id").GetInt32()));
        Assert.Equal(item.Url, url);
        Assert.Equal(("quay.png", 1200, 600), (item.OriginalName, item.Width, item.Height));
        using var image = await Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
    }

    [Fact]
    public async Task A_file_that_is_not_an_image_is_refused_with_a_message_the_writer_can_act_on()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        var before = await App.WithDbAsync((db, _) => db.MediaItems.CountAsync());
        using var response = await UploadAsync(author, "<html><script>alert(1)</script></html>"u8.ToArray(), "photo.jpg");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("This file is not a JPEG, PNG, WebP or GIF image. Upload one of those.", answer.RootElement.GetProperty("error").GetString());
        Assert.Equal(before, await App.WithDbAsync((db, _) => db.MediaItems.CountAsync()));
    }

    [Fact]
    public async Task An_upload_without_the_antiforgery_token_or_by_a_contributor_is_refused()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        using var forged = await UploadAsync(author, TestImages.Png(100, 100), "forged.png", withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        // Contributors write but do not upload: the same rule as the media library.
        using var contributor = await App.SignInAsNewAsync(NewsroomRoles.Contributor);
        using var refused = await UploadAsync(contributor, TestImages.Png(100, 100), "refused.png");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False(await App.WithDbAsync((db, _) => db.MediaItems.AnyAsync(m => m.OriginalName == "forged.png" || m.OriginalName == "refused.png")));
    }

    [Fact]
    public async Task The_alt_text_typed_after_a_drop_becomes_the_librarys_when_it_has_none_and_only_for_the_uploader()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        using var other = await App.SignInAsNewAsync(NewsroomRoles.Author);
        using var uploaded = await UploadAsync(author, TestImages.Png(600, 300), "slipway.png");
        using var answer = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync());
        var id = answer.RootElement.GetProperty("id").GetInt32();

        async Task<HttpStatusCode> SendAltAsync(NewsroomClient client, string alt)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/newsroom/media/upload?handler=Alt")
            {
                Content = new FormUrlEncodedContent([new("id", id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("alt", alt)]),
            };
            request.Headers.Add("RequestVerificationToken", await client.GetTokenAsync("/newsroom/articles/edit"));
            using var response = await client.Http.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Forbidden, await SendAltAsync(other, "Someone else's words"));
        Assert.Equal(HttpStatusCode.OK, await SendAltAsync(author, "  A boat on the slipway  "));
        Assert.Equal(HttpStatusCode.OK, await SendAltAsync(author, "A second description"));
        Assert.Equal("A boat on the slipway", await App.WithDbAsync((db, _) => db.MediaItems.Where(m => m.Id == id).Select(m => m.Alt).SingleAsync()));
    }

    [Fact]
    public async Task The_snippet_holds_what_the_reader_page_puts_in_its_title_and_description_tags()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        var token = await author.GetTokenAsync("/newsroom/articles/edit");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/newsroom/articles/snippet")
        {
            Content = new FormUrlEncodedContent([
                new("headline", "Tide tables reprinted"),
                new("standfirst", ""),
                new("body", "The harbour master\u2019s *new* tables are out.\n\nSecond paragraph."),
                new("publishAt", "2026-03-04T09:00"),
                new("image", ""),
            ]),
        };
        request.Headers.Add("RequestVerificationToken", token);
        using var response = await author.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var snippet = answer.RootElement;
        var site = await App.WithDbAsync((_, services) => Task.FromResult(services.GetRequiredService<Broadsheet.Site.SiteSettingsStore>().Title));
        Assert.Equal($"Tide tables reprinted – {site}", snippet.GetProperty("title").GetString());
        Assert.Equal("Tide tables reprinted", snippet.GetProperty("socialTitle").GetString());
        // No standfirst: the body's first paragraph, as plain text, like the reader page's description.
        Assert.Equal("The harbour master\u2019s new tables are out.", snippet.GetProperty("description").GetString());
        Assert.EndsWith("/2026/03/04/tide-tables-reprinted", snippet.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, snippet.GetProperty("image").ValueKind);
    }
}
