using System.Net;
using System.Text.Json;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Site;

/// <summary>
/// Feed readers, link checkers and crawlers ask <c>HEAD</c> to see whether a link is alive. Every address a reader or a
/// program follows answers it as it answers <c>GET</c>, without the body, before and after the page is cached.
/// </summary>
public sealed class HeadRequestsTests(CommentApp app) : AppTest<CommentApp>(app), IClassFixture<CommentApp>
{
    [Fact]
    public async Task Feeds_sitemaps_robots_the_apis_and_comment_links_answer_head_as_they_answer_get_without_the_body()
    {
        var article = await new ArticleBuilder().Headline($"Asked by HEAD {Guid.NewGuid():N}").InSection("city")
            .WithComment("Reader", "A reply.").SaveAsync(App);
        var path = App.PathOf(article);
        var commentId = await App.WithDbAsync((db, _) => db.Comments.Where(c => c.ArticleId == article.Id).Select(c => c.Id).SingleAsync());

        string[] paths =
        [
            "/feed", "/feed/atom", "/section/city/feed", "/sitemap.xml", "/news-sitemap.xml", "/robots.txt",
            $"{path}/feed", $"/comment/{commentId}", "/api/v1/articles", $"/api/v1/articles/{article.Id}", "/api",
            "/wp-json/wp/v2/posts", path, "/",
        ];
        // First HEAD before any GET (rendered), then after a GET and a HEAD (from the cache where the address is cached).
        foreach (var round in new[] { "before a GET", "after a GET", "a third time" })
        {
            foreach (var address in paths)
            {
                using var head = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, address));
                using var get = await Client.GetAsync(address);
                Assert.True(get.StatusCode is HttpStatusCode.OK or HttpStatusCode.MovedPermanently or HttpStatusCode.Found, $"GET {address}: {(int)get.StatusCode}");
                Assert.True(get.StatusCode == head.StatusCode, $"HEAD {address} {round}: {(int)head.StatusCode}, GET {(int)get.StatusCode}");
                Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
                Assert.Equal(get.Headers.Location, head.Headers.Location);
                Assert.Empty(await head.Content.ReadAsByteArrayAsync());
                // A length, when sent, is the one GET sends (RFC 9110: never another). Read as sent: HttpClient's own
                // ContentLength counts the empty body when the header is absent.
                var length = (await get.Content.ReadAsByteArrayAsync()).Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var sent = head.Content.Headers.NonValidated.TryGetValues("Content-Length", out var values) ? values.ToString() : null;
                Assert.True(sent is null || sent == length, $"HEAD {address} {round}: Content-Length {sent}, GET sent {length} bytes");
            }
        }

        // HEAD is no operation of its own in the API's description.
        using var document = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json"));
        var operations = document.RootElement.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()).Select(o => o.Name).ToList();
        Assert.Contains("get", operations);
        Assert.DoesNotContain("head", operations);
    }
}
