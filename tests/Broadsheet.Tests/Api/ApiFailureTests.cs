using System.Net;
using Broadsheet.Api.Content;
using Broadsheet.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Api;

/// <summary>A site whose Content API fails inside every endpoint, as a broken database would make it.</summary>
public sealed class FailingApiApp : BroadsheetApp
{
    public const string Secret = "Injected API failure XYZZY-43";

    public override string ProviderName => "Sqlite";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddScoped<ContentSite>(_ => throw new InvalidOperationException(Secret)));
    }
}

public sealed class ApiFailureTests(FailingApiApp app) : AppTest<FailingApiApp>(app), IClassFixture<FailingApiApp>
{
    [Fact]
    public async Task A_failure_in_the_api_is_a_500_problem_that_shows_no_internals_and_is_logged()
    {
        var answer = await Client.ApiAsync("/api/v1/sections", prepare: r => r.Headers.TryAddWithoutValidation("Accept", "text/html"));

        answer.AssertProblem(HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("XYZZY", answer.Body, StringComparison.Ordinal);
        Assert.Contains(App.Errors.Entries, e => e.Contains("failed to answer GET /api/v1/sections", StringComparison.Ordinal));
        // The error was expected: the shared check after each test looks for unexpected ones.
        App.Errors.Clear();

        using var page = await Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }
}
