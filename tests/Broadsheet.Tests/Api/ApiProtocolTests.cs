using System.Net;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Api;

/// <summary>What every API answer shares: problem details for errors, CORS, and the HTML status pages left alone elsewhere.</summary>
public sealed class ApiProtocolTests(ContentApiApp app) : AppTest<ContentApiApp>(app), IClassFixture<ContentApiApp>
{
    [Fact]
    public async Task Errors_under_api_are_problem_details_whatever_the_client_accepts()
    {
        foreach (var accept in new[] { "application/json", "text/html", "*/*" })
        {
            void Accept(HttpRequestMessage r) => r.Headers.TryAddWithoutValidation("Accept", accept);
            (await Client.ApiAsync("/api/v1/no-such-thing", prepare: Accept)).AssertProblem(HttpStatusCode.NotFound);
            (await Client.ApiAsync("/api/nothing/here/at/all", prepare: Accept)).AssertProblem(HttpStatusCode.NotFound);
            (await Client.ApiAsync("/api/v1/articles/not-a-number", prepare: Accept)).AssertProblem(HttpStatusCode.NotFound);
            var wrongMethod = await Client.ApiAsync("/api/v1/articles", HttpMethod.Post, Accept);
            wrongMethod.AssertProblem(HttpStatusCode.MethodNotAllowed);
            (await Client.ApiAsync("/api/v1/sections", HttpMethod.Delete, Accept)).AssertProblem(HttpStatusCode.MethodNotAllowed);
            (await Client.ApiAsync("/api/v1/articles?per_page=abc", prepare: Accept)).AssertProblem(HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task The_site_keeps_its_HTML_status_pages_outside_the_api()
    {
        using var response = await Client.GetAsync("/no-such-page/at-all");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Any_origin_may_read_the_public_api_and_a_preflight_is_answered()
    {
        var answer = await Client.ApiAsync("/api/v1/sections", prepare: r => r.Headers.Add("Origin", "https://app.example"));
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("*", answer.Header("Access-Control-Allow-Origin"));
        Assert.Contains("ETag", answer.Header("Access-Control-Expose-Headers"), StringComparison.Ordinal);

        // Served from the cache for a request that had no Origin, the answer still carries the header.
        var cached = await Client.ApiAsync("/api/v1/sections", prepare: r => r.Headers.Add("Origin", "https://other.example"));
        Assert.Equal("*", cached.Header("Access-Control-Allow-Origin"));
        Assert.Equal("*", (await Client.ApiAsync("/api/v1/articles/999999", prepare: r => r.Headers.Add("Origin", "https://app.example"))).Header("Access-Control-Allow-Origin"));

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/articles?tag=x");
        preflight.Headers.Add("Origin", "https://app.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "if-none-match");
        using var response = await Client.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("GET", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
        Assert.Contains("if-none-match", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.Ordinal);
    }
}

/// <summary>A site that lets only one other origin read its API, and allows three requests a minute per client.</summary>
public sealed class TightApiApp : BroadsheetApp
{
    public TightApiApp()
    {
        Configure("Broadsheet:Api:CorsOrigins:0", "https://app.example");
        Configure("Broadsheet:Api:PermitLimit", "3");
        Configure("Broadsheet:Api:WindowSeconds", "60");
    }

    public override string ProviderName => "Sqlite";
}

public sealed class TightApiTests(TightApiApp app) : AppTest<TightApiApp>(app), IClassFixture<TightApiApp>
{
    [Fact]
    public async Task Configured_origins_are_the_only_ones_allowed_and_a_client_over_its_limit_gets_429_problem_details_with_Retry_After()
    {
        var allowed = await Client.ApiAsync("/api/v1/sections", prepare: r => r.Headers.Add("Origin", "https://app.example"));
        Assert.Equal("https://app.example", allowed.Header("Access-Control-Allow-Origin"));
        var refused = await Client.ApiAsync("/api/v1/sections", prepare: r => r.Headers.Add("Origin", "https://evil.example"));
        Assert.Null(refused.Header("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.OK, (await Client.ApiAsync("/api/v1/tags")).Status);

        var limited = await Client.ApiAsync("/api/v1/sections");
        var problem = limited.AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.Contains("try again", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(int.TryParse(limited.Header("Retry-After"), out var seconds) && seconds is > 0 and <= 60, limited.Header("Retry-After"));

        // Reader pages are not limited by the API's budget.
        using var home = await Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }
}
