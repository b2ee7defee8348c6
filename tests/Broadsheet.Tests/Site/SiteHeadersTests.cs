using System.Net;
using System.Net.Http.Headers;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Site;

public sealed class SiteHeadersTests(SqliteApp app) : AppTest<SqliteApp>(app), IClassFixture<SqliteApp>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/section/city")]
    [InlineData("/no-such-page")]
    [InlineData("/feed")]
    [InlineData("/__test/throw")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var response = await Client.GetAsync(path);

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var permissions = response.Headers.GetValues("Permissions-Policy").Single();
        Assert.All(["camera=()", "microphone=()", "geolocation=()", "payment=()"], feature => Assert.Contains(feature, permissions, StringComparison.Ordinal));
        App.Errors.Clear(); // the injected failure is logged, as it should be
    }

    [Theory]
    [InlineData("OPTIONS")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Reader_pages_refuse_other_methods_with_405(string method)
    {
        var home = await Client.GetDocumentAsync("/");
        var articlePath = home.QuerySelector(".lead h2 a")!.GetAttribute("href")!;

        using var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), articlePath));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Pages_answer_if_modified_since_with_304_only_until_they_change()
    {
        await new ArticleBuilder().InSection("culture").SaveAsync(App);
        using var first = await Client.GetAsync("/section/culture");
        var lastModified = first.Content.Headers.LastModified;
        Assert.NotNull(lastModified);

        using var unchanged = new HttpRequestMessage(HttpMethod.Get, "/section/culture");
        unchanged.Headers.IfModifiedSince = lastModified;
        Assert.Equal(HttpStatusCode.NotModified, (await Client.SendAsync(unchanged)).StatusCode);

        await Task.Delay(1100); // HTTP dates have whole seconds
        await new ArticleBuilder().InSection("culture").SaveAsync(App);
        using var changed = new HttpRequestMessage(HttpMethod.Get, "/section/culture");
        changed.Headers.IfModifiedSince = lastModified;
        using var response = await Client.SendAsync(changed);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Pages_have_no_inline_or_outside_scripts()
    {
        var home = await Client.GetDocumentAsync("/");
        var articlePath = home.QuerySelector(".lead h2 a")!.GetAttribute("href")!;
        var article = await Client.GetDocumentAsync(articlePath);

        foreach (var script in home.Scripts.Concat(article.Scripts))
        {
            if (script.Type == "application/ld+json")
            {
                continue;
            }

            Assert.StartsWith("/", script.Source, StringComparison.Ordinal);
            Assert.False(script.Source!.StartsWith("//", StringComparison.Ordinal));
            Assert.True(string.IsNullOrWhiteSpace(script.Text), "inline script found");
        }
    }

    [Fact]
    public async Task Pages_answer_conditional_requests_with_304()
    {
        using var first = await Client.GetAsync("/section/weather");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.Contains("no-cache", first.Headers.CacheControl!.ToString(), StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/section/weather");
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Article_pages_carry_last_modified()
    {
        var article = await new ArticleBuilder().SaveAsync(App);
        var date = article.PublishedAt!.Value;
        using var response = await Client.GetAsync(FormattableString.Invariant($"/{date:yyyy}/{date:MM}/{date:dd}/{article.Slug}"));

        Assert.NotNull(response.Content.Headers.LastModified);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Pages_are_compressed_when_the_client_accepts_it(string encoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(encoding, response.Content.Headers.ContentEncoding.Single());
    }

    [Fact]
    public async Task The_article_page_own_css_and_javascript_stay_under_30_KB_and_are_cached_for_a_year()
    {
        var home = await Client.GetDocumentAsync("/");
        var article = await Client.GetDocumentAsync(home.QuerySelector(".lead h2 a")!.GetAttribute("href")!);
        var assets = article.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!)
            .Concat(article.Scripts.Where(s => s.Source is not null).Select(s => s.Source!))
            .ToList();

        long total = 0;
        foreach (var asset in assets)
        {
            using var response = await Client.GetAsync(asset);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            total += (await response.Content.ReadAsByteArrayAsync()).Length;
        }

        // site.css, more.js ("Load more") and comments.js (the comment form's script, which loads its worker only when used).
        Assert.Equal(3, assets.Count);
        foreach (var asset in assets)
        {
            using var response = await Client.GetAsync(asset);
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl!.ToString());
        }

        Assert.True(total < 30 * 1024, $"CSS+JS is {total} bytes");
    }
}
