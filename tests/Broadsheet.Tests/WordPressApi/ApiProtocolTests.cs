using System.Net;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.WordPressApi;

/// <summary>Discovery, refusals and bad input: what a WordPress client relies on beyond the data itself.</summary>
public sealed class ApiProtocolTests(WordPressApiApp app) : AppTest<WordPressApiApp>(app), IClassFixture<WordPressApiApp>
{
    [Theory]
    [InlineData("/wp-json/wp/v2/posts?per_page=abc", "per_page")]
    [InlineData("/wp-json/wp/v2/posts?per_page=0", "per_page")]
    [InlineData("/wp-json/wp/v2/posts?per_page=101", "per_page")]
    [InlineData("/wp-json/wp/v2/posts?per_page=99999999999999999999", "per_page")]
    [InlineData("/wp-json/wp/v2/posts?page=0", "page")]
    [InlineData("/wp-json/wp/v2/posts?page=-3", "page")]
    [InlineData("/wp-json/wp/v2/posts?page=two", "page")]
    [InlineData("/wp-json/wp/v2/posts?categories=news", "categories")]
    [InlineData("/wp-json/wp/v2/posts?tags[]=1&tags[]=x", "tags")]
    [InlineData("/wp-json/wp/v2/posts?include=1,-2", "include")]
    [InlineData("/wp-json/wp/v2/posts?sticky=perhaps", "sticky")]
    [InlineData("/wp-json/wp/v2/categories?per_page=1000", "per_page")]
    [InlineData("/wp-json/wp/v2/tags?hide_empty=maybe", "hide_empty")]
    [InlineData("/wp-json/wp/v2/users?include=me", "include")]
    [InlineData("/wp-json/wp/v2/comments?post=abc", "post")]
    [InlineData("/wp-json/wp/v2/media?offset=-1", "offset")]
    [InlineData("/wp-json/wp/v2/pages?order=up", "order")]
    public async Task A_bad_parameter_is_named_in_a_WordPress_error(string path, string parameter)
    {
        var answer = await Client.WpAsync(path);
        answer.AssertError(HttpStatusCode.BadRequest, "rest_invalid_param");
        Assert.True(answer.Json.GetProperty("data").GetProperty("params").TryGetProperty(parameter, out _), answer.Body);
    }

    [Theory]
    [InlineData("/wp-json/wp/v2/posts/99999999999", "rest_post_invalid_id")]
    [InlineData("/wp-json/wp/v2/posts/2147483647", "rest_post_invalid_id")]
    [InlineData("/wp-json/wp/v2/pages/2147483647", "rest_post_invalid_id")]
    [InlineData("/wp-json/wp/v2/categories/99999999999", "rest_term_invalid")]
    [InlineData("/wp-json/wp/v2/tags/0", "rest_term_invalid")]
    [InlineData("/wp-json/wp/v2/users/424242", "rest_user_invalid_id")]
    [InlineData("/wp-json/wp/v2/comments/424242", "rest_comment_invalid_id")]
    [InlineData("/wp-json/wp/v2/media/424242", "rest_post_invalid_id")]
    [InlineData("/wp-json/wp/v2/posts/abc", "rest_post_invalid_id")]
    [InlineData("/wp-json/wp/v2/widgets", "rest_no_route")]
    [InlineData("/wp-json/wp/v3/posts", "rest_no_route")]
    public async Task An_unknown_item_or_route_is_a_404_in_WordPress_form(string path, string code) =>
        (await Client.WpAsync(path)).AssertError(HttpStatusCode.NotFound, code);

    [Theory]
    [InlineData("POST", "/wp-json/wp/v2/posts", "rest_cannot_create")]
    [InlineData("POST", "/wp-json/wp/v2/comments", "rest_cannot_create")]
    [InlineData("POST", "/wp-json/wp/v2/media", "rest_cannot_create")]
    [InlineData("PUT", "/wp-json/wp/v2/posts/1", "rest_cannot_edit")]
    [InlineData("PATCH", "/wp-json/wp/v2/pages/1", "rest_cannot_edit")]
    [InlineData("POST", "/wp-json/wp/v2/categories/1", "rest_cannot_edit")]
    [InlineData("DELETE", "/wp-json/wp/v2/posts/1", "rest_cannot_delete")]
    [InlineData("DELETE", "/wp-json/wp/v2/users/1", "rest_cannot_delete")]
    public async Task Writes_are_refused_as_for_a_visitor_who_is_not_signed_in(string method, string path, string code)
    {
        var before = await Client.WpOkAsync("/wp-json/wp/v2/posts?per_page=100");
        (await Client.WpAsync(path, new HttpMethod(method))).AssertError(HttpStatusCode.Unauthorized, code);
        Assert.Equal(before.Body, (await Client.WpOkAsync("/wp-json/wp/v2/posts?per_page=100")).Body);
    }

    [Fact]
    public async Task The_index_describes_the_site_and_the_routes_it_serves()
    {
        var index = (await Client.WpOkAsync("/wp-json/")).Json;
        Assert.Equal("The Harbourton Broadsheet", index.GetProperty("name").GetString());
        Assert.Equal("News from the city and the valley", index.GetProperty("description").GetString());
        Assert.Equal(App.BaseAddress.ToString().TrimEnd('/'), index.GetProperty("url").GetString());
        Assert.Equal(App.BaseAddress.ToString().TrimEnd('/'), index.GetProperty("home").GetString());
        Assert.Equal(["wp/v2"], index.GetProperty("namespaces").EnumerateArray().Select(n => n.GetString()));
        var routes = index.GetProperty("routes");
        foreach (var route in new[] { "/wp/v2/posts", "/wp/v2/posts/(?P<id>[\\d]+)", "/wp/v2/pages", "/wp/v2/categories", "/wp/v2/tags", "/wp/v2/users", "/wp/v2/comments", "/wp/v2/media" })
        {
            Assert.True(routes.TryGetProperty(route, out var described), $"The index does not list {route}.");
            Assert.Equal(["GET"], described.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        }

        Assert.Equal(index.GetProperty("name").GetString(), (await Client.WpOkAsync("/wp-json")).Json.GetProperty("name").GetString());
        Assert.Equal("wp/v2", (await Client.WpOkAsync("/wp-json/wp/v2")).Json.GetProperty("namespace").GetString());
    }

    [Fact]
    public async Task Pages_announce_the_API_in_a_header_and_in_their_head()
    {
        var api = new Uri(App.BaseAddress, "/wp-json/").ToString();
        using var home = await Client.GetAsync("/");
        Assert.Contains($"<{api}>; rel=\"https://api.w.org/\"", home.Headers.GetValues("Link"));
        var document = Html.Parse(await home.Content.ReadAsStringAsync());
        Assert.Equal(api, document.QuerySelector("link[rel='https://api.w.org/']")?.GetAttribute("href"));

        // The second request is served from the output cache and still announces it.
        using var again = await Client.GetAsync("/");
        Assert.Contains($"<{api}>; rel=\"https://api.w.org/\"", again.Headers.GetValues("Link"));
    }

    [Fact]
    public async Task Rest_route_reaches_the_API_without_pretty_links()
    {
        var pretty = await Client.WpOkAsync("/wp-json/wp/v2/posts?per_page=3");
        var plain = await Client.WpOkAsync("/?rest_route=/wp/v2/posts&per_page=3");
        Assert.Equal(pretty.Ids, plain.Ids);
        Assert.Equal(pretty.Total, plain.Total);
        Assert.Equal("wp/v2", (await Client.WpOkAsync("/?rest_route=/")).Json.GetProperty("namespaces")[0].GetString());
    }

    [Fact]
    public async Task A_HEAD_request_answers_the_paging_headers_alone()
    {
        var full = await Client.WpOkAsync("/wp-json/wp/v2/posts?per_page=2");
        var head = await Client.WpAsync("/wp-json/wp/v2/posts?per_page=2", HttpMethod.Head);
        Assert.Equal(HttpStatusCode.OK, head.Status);
        Assert.Equal((full.Total, full.TotalPages, full.Header("Link")), (head.Total, head.TotalPages, head.Header("Link")));
        Assert.Empty(head.Body);
    }

    [Fact]
    public async Task Any_site_may_read_the_API_from_a_browser()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/wp-json/wp/v2/posts");
        request.Headers.Add("Origin", "https://app.example");
        using var response = await Client.SendAsync(request);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("X-WP-Total", response.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.Ordinal);

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/wp-json/wp/v2/posts");
        preflight.Headers.Add("Origin", "https://app.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var answer = await Client.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("GET", answer.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Equal("*", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}
