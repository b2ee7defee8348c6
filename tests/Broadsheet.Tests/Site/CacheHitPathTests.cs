using System.Net;
using System.Net.Http.Headers;
using Broadsheet.Comments;
using Broadsheet.Site;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Site;

/// <summary>
/// Cached pages are served before routing and the rest of the pipeline: what a reader gets from the cache must be
/// what the page answered when it was rendered, and nothing for one person may be cached.
/// </summary>
public sealed class CacheHitPathTests(NewsroomApp app) : AppTest<NewsroomApp>(app), IClassFixture<NewsroomApp>
{
    /// <summary>Headers that differ between a rendered answer and its cached copy by nature.</summary>
    private static readonly HashSet<string> Transport = new(["Age", "Date", "Content-Length", "Transfer-Encoding"], StringComparer.OrdinalIgnoreCase);

    [Theory]
    [InlineData(null, false)]
    [InlineData("br", false)]
    [InlineData("gzip", true)]
    public async Task A_cached_page_carries_every_header_its_rendered_answer_carried(string? encoding, bool https)
    {
        var path = await NewArticlePathAsync();

        using var rendered = await GetAsync(path, encoding, https);
        using var cached = await GetAsync(path, encoding, https);

        Assert.False(rendered.Headers.Age.HasValue, "the first answer should be rendered");
        Assert.True(cached.Headers.Age.HasValue, "the second answer should come from the cache");
        var expected = HeadersOf(rendered);
        Assert.Contains("Content-Security-Policy", expected.Keys);
        Assert.Contains("X-Content-Type-Options", expected.Keys);
        Assert.Contains("Referrer-Policy", expected.Keys);
        Assert.Contains("Permissions-Policy", expected.Keys);
        Assert.Contains("X-Frame-Options", expected.Keys);
        Assert.Contains("ETag", expected.Keys);
        Assert.Equal(https, expected.ContainsKey("Strict-Transport-Security"));
        Assert.Equal(encoding is not null, expected.ContainsKey("Content-Encoding"));
        Assert.Equal(expected, HeadersOf(cached));
        Assert.Equal(await rendered.Content.ReadAsByteArrayAsync(), await cached.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/section/city")]
    [InlineData("/feed")]
    [InlineData("/sitemap.xml")]
    [InlineData("/robots.txt")]
    public async Task Pages_feeds_and_sitemaps_keep_their_headers_in_the_cache(string path)
    {
        // A fresh article evicts the front lists, so this request renders them whatever ran before.
        await NewArticlePathAsync();
        using var rendered = await GetAsync(path);
        using var cached = await GetAsync(path);

        Assert.True(cached.Headers.Age.HasValue, $"{path} was not served from the cache");
        Assert.Equal(HeadersOf(rendered), HeadersOf(cached));
    }

    [Fact]
    public async Task Each_page_of_a_list_and_each_encoding_has_its_own_copy()
    {
        await NewArticlePathAsync();
        var first = await GetBodyAsync("/");
        var second = await GetBodyAsync("/?page=2");
        var firstAgain = await GetBodyAsync("/");
        var secondAgain = await GetBodyAsync("/?page=2");

        Assert.NotEqual(first.Body, second.Body);
        Assert.True(firstAgain.Cached && secondAgain.Cached, "each page should be served from its own copy");
        Assert.Equal(first.Body, firstAgain.Body);
        Assert.Equal(second.Body, secondAgain.Body);

        using var plain = await GetAsync("/section/city");
        using var brotli = await GetAsync("/section/city", "br");
        using var brotliAgain = await GetAsync("/section/city", "br");
        using var gzip = await GetAsync("/section/city", "gzip");
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal("br", Assert.Single(brotliAgain.Content.Headers.ContentEncoding));
        Assert.True(brotliAgain.Headers.Age.HasValue);
        Assert.Equal("gzip", Assert.Single(gzip.Content.Headers.ContentEncoding));
    }

    [Fact]
    public async Task An_unknown_query_parameter_shares_the_page_copy_and_cannot_change_it()
    {
        var path = await NewArticlePathAsync();
        const string marker = "poisoned-by-a-query";

        var withJunk = await GetBodyAsync($"{path}?utm_source={marker}&<script>=1");
        var plain = await GetBodyAsync(path);

        Assert.True(plain.Cached, "the address without the parameter should be served the copy the first request made");
        Assert.Equal(withJunk.Body, plain.Body);
        Assert.DoesNotContain(marker, plain.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Head_is_answered_from_the_cache_without_changing_what_get_answers()
    {
        var path = await NewArticlePathAsync();
        using var firstHead = await SendAsync(HttpMethod.Head, path);
        using var secondHead = await SendAsync(HttpMethod.Head, path);
        var get = await GetBodyAsync(path);

        Assert.Equal(HttpStatusCode.OK, secondHead.StatusCode);
        Assert.True(secondHead.Headers.Age.HasValue);
        Assert.Empty(await secondHead.Content.ReadAsByteArrayAsync());
        Assert.Contains("Content-Security-Policy", HeadersOf(secondHead).Keys);
        Assert.Contains("<article", get.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cached_page_answers_its_etag_with_304()
    {
        var path = await NewArticlePathAsync();
        using var rendered = await GetAsync(path);
        var etag = rendered.Headers.ETag!;

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.IfNoneMatch.Add(etag);
        using var revalidated = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Newsroom_pages_of_a_signed_in_member_are_never_cached()
    {
        using var member = await App.SignInAsNewAsync("Editor");
        foreach (var path in new[] { "/newsroom", "/newsroom/articles" })
        {
            using var first = await member.Http.GetAsync(path);
            using var second = await member.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            Assert.False(second.Headers.Age.HasValue, $"{path} was served from the cache");
            Assert.True(second.Headers.CacheControl?.NoStore, $"{path}: {second.Headers.CacheControl}");
        }
    }

    [Fact]
    public async Task A_reader_comment_state_is_never_cached()
    {
        var articleId = (await new ArticleBuilder().InSection("city").SaveAsync(App)).Id;
        foreach (var cookie in new[] { "", $"{CommentCookies.HeldName}=not-a-real-one; {CommentCookies.HeldHintName}=1" })
        {
            using var first = await SendAsync(HttpMethod.Get, $"/comments/state?article={articleId}", cookie);
            using var second = await SendAsync(HttpMethod.Get, $"/comments/state?article={articleId}", cookie);
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            Assert.False(second.Headers.Age.HasValue, "the comment state was served from the cache");
            Assert.True(second.Headers.CacheControl is { Private: true, NoStore: true }, second.Headers.CacheControl?.ToString());
        }
    }

    [Fact]
    public async Task A_request_with_credentials_is_neither_answered_from_the_cache_nor_stored()
    {
        var path = await NewArticlePathAsync();
        using var withCredentials = await SendAsync(HttpMethod.Get, path, authorization: "Bearer someone");
        using var anonymous = await GetAsync(path);
        using var cachedForAnonymous = await GetAsync(path);
        using var withCredentialsAgain = await SendAsync(HttpMethod.Get, path, authorization: "Bearer someone");

        Assert.False(anonymous.Headers.Age.HasValue, "the answer to a request with credentials was stored");
        Assert.True(cachedForAnonymous.Headers.Age.HasValue);
        Assert.False(withCredentialsAgain.Headers.Age.HasValue, "a request with credentials was answered from the cache");
    }

    private async Task<string> NewArticlePathAsync()
    {
        var article = await new ArticleBuilder().InSection("city").SaveAsync(App);
        return App.Services.GetRequiredService<SiteCalendar>().ArticlePath(article.PublishedAt!.Value, article.Slug);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? encoding = null, bool https = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (encoding is not null)
        {
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        }

        if (https)
        {
            // As nginx on the node's own machine forwards it (loopback is always trusted).
            request.Headers.Add("X-Forwarded-Proto", "https");
        }

        var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string cookie = "", string? authorization = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (cookie.Length > 0)
        {
            request.Headers.Add("Cookie", cookie);
        }

        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await Client.SendAsync(request);
    }

    private sealed record Answer(string Body, bool Cached);

    private async Task<Answer> GetBodyAsync(string path)
    {
        using var response = await GetAsync(path);
        return new(await response.Content.ReadAsStringAsync(), response.Headers.Age.HasValue);
    }

    private static SortedDictionary<string, string> HeadersOf(HttpResponseMessage response) =>
        new(response.Headers.Concat(response.Content.Headers)
            .Where(h => !Transport.Contains(h.Key))
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
}
