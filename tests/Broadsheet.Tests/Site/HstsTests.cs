using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Site;

/// <summary>A site that keeps browsers to HTTPS for ten minutes, subdomains included.</summary>
public sealed class ShortHstsApp : BroadsheetApp
{
    public ShortHstsApp()
    {
        Configure("Broadsheet:Security:HstsMaxAge", "600");
        Configure("Broadsheet:Security:HstsIncludeSubDomains", "true");
    }

    public override string ProviderName => "Sqlite";
}

/// <summary>A site whose operator switched the header off.</summary>
public sealed class NoHstsApp : BroadsheetApp
{
    public NoHstsApp() => Configure("Broadsheet:Security:HstsMaxAge", "0");

    public override string ProviderName => "Sqlite";
}

internal static class Hsts
{
    /// <summary>A GET as nginx on the node's own machine forwards it (from loopback, which is always trusted).</summary>
    public static async Task<string?> HeaderAsync(HttpClient client, string path, bool https, string? host = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (https)
        {
            request.Headers.Add("X-Forwarded-Proto", "https");
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        using var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}");
        return response.Headers.TryGetValues("Strict-Transport-Security", out var values) ? string.Join(",", values) : null;
    }
}

public sealed class HstsTests(SqliteApp app) : AppTest<SqliteApp>(app), IClassFixture<SqliteApp>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/section/city")]
    [InlineData("/feed")]
    [InlineData("/newsroom/signin")]
    public async Task Over_https_behind_the_local_proxy_browsers_are_told_to_keep_to_https_for_a_year(string path)
    {
        Assert.Equal("max-age=31536000", await Hsts.HeaderAsync(Client, path, https: true));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/newsroom/signin")]
    public async Task Plain_http_never_carries_the_header(string path)
    {
        Assert.Null(await Hsts.HeaderAsync(Client, path, https: false));
    }

    [Fact]
    public async Task A_page_cached_over_http_does_not_lose_the_header_over_https_nor_give_it_to_http()
    {
        var path = "/section/culture";
        Assert.Null(await Hsts.HeaderAsync(Client, path, https: false));
        Assert.Equal("max-age=31536000", await Hsts.HeaderAsync(Client, path, https: true));
        Assert.Null(await Hsts.HeaderAsync(Client, path, https: false));
        Assert.Equal("max-age=31536000", await Hsts.HeaderAsync(Client, path, https: true));
    }

    [Fact]
    public async Task A_page_cached_over_https_does_not_give_the_header_to_http()
    {
        var path = "/section/science";
        Assert.Equal("max-age=31536000", await Hsts.HeaderAsync(Client, path, https: true));
        Assert.Null(await Hsts.HeaderAsync(Client, path, https: false));
        Assert.Equal("max-age=31536000", await Hsts.HeaderAsync(Client, path, https: true));
        Assert.Null(await Hsts.HeaderAsync(Client, path, https: false));
    }

    [Fact]
    public async Task A_developer_s_localhost_is_not_held_to_https()
    {
        Assert.Null(await Hsts.HeaderAsync(Client, "/", https: true, host: "localhost"));
    }
}

public sealed class ShortHstsTests(ShortHstsApp app) : AppTest<ShortHstsApp>(app), IClassFixture<ShortHstsApp>
{
    [Fact]
    public async Task The_configured_max_age_and_subdomains_are_sent_over_https_only()
    {
        Assert.Equal("max-age=600; includeSubDomains", await Hsts.HeaderAsync(Client, "/", https: true));
        Assert.Null(await Hsts.HeaderAsync(Client, "/", https: false));
    }
}

public sealed class NoHstsTests(NoHstsApp app) : AppTest<NoHstsApp>(app), IClassFixture<NoHstsApp>
{
    [Fact]
    public async Task A_max_age_of_zero_sends_no_header_even_over_https()
    {
        Assert.Null(await Hsts.HeaderAsync(Client, "/", https: true));
        Assert.Null(await Hsts.HeaderAsync(Client, "/section/city", https: true));
    }
}
