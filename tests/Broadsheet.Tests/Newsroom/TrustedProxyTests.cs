using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Site;
using Broadsheet.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Newsroom;

/// <summary>A newsroom behind a load balancer on another machine, whose address is configured as trusted.</summary>
public sealed class BalancedNewsroomApp : NewsroomApp
{
    public BalancedNewsroomApp()
    {
        Configure($"{TrustedProxies.ProxiesSetting}", "10.0.0.5");
        Configure($"{TrustedProxies.NetworksSetting}:0", "192.168.40.0/24");
    }

    /// <summary>A client whose requests reach the app as if from <paramref name="remote"/> (the test server listens on loopback, which is always trusted).</summary>
    public HttpClient CreateClientFrom(string remote)
    {
        var client = CreateHttpClient();
        client.DefaultRequestHeaders.Add(RemoteAddress.Header, remote);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, RemoteAddress>());
    }

    // Runs before the app's own pipeline, so the forwarded-headers middleware sees the connection as coming from the test's address.
    private sealed class RemoteAddress : IStartupFilter
    {
        public const string Header = "X-Test-Remote-Address";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(Header, out var remote))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(remote.ToString());
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

public sealed class TrustedProxyTests(BalancedNewsroomApp app) : AppTest<BalancedNewsroomApp>(app), IClassFixture<BalancedNewsroomApp>
{
    [Theory]
    [InlineData("10.0.0.5")] // a configured proxy
    [InlineData("192.168.40.17")] // an address in a configured network
    public async Task A_configured_balancer_s_https_makes_the_sign_in_cookie_secure(string balancer)
    {
        var cookie = await SignInCookieAsync(balancer);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Any_other_sender_s_forwarded_headers_are_ignored()
    {
        var cookie = await SignInCookieAsync("10.0.0.6");
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(TrustedProxies.ProxiesSetting, "10.0.0.300", "is not an IP address")]
    [InlineData(TrustedProxies.NetworksSetting, "10.0.0.0/40", "is not a network in CIDR form")]
    public async Task A_mistyped_address_stops_the_program_with_a_message_naming_the_setting(string setting, string value, string message)
    {
        var result = await ProgramProcess.RunAsync(["migrate", "--list", $"--{setting}", value, "--Broadsheet:DataDir", App.DataDir + "-bad"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"Broadsheet cannot start: {setting}: '{value}' {message}", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    private async Task<string> SignInCookieAsync(string remote)
    {
        var (email, password) = await App.CreateUserAsync(NewsroomRoles.Editor);
        using var client = new NewsroomClient(App.CreateClientFrom(remote));
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");
        using var response = await client.PostFormAsync("/newsroom/signin", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("broadsheet-newsroom=", StringComparison.Ordinal));
    }
}
