using System.Net;
using Broadsheet.Hosting;
using Microsoft.AspNetCore.HttpOverrides;

namespace Broadsheet.Site;

/// <summary>
/// Which proxies may tell the app the client's address and scheme (X-Forwarded-For and X-Forwarded-Proto). Loopback is
/// always trusted (nginx on the node's own machine); a load balancer on another machine is trusted only when its address
/// or network is configured, so that no client can choose its own address for rate limits and the audit log.
/// </summary>
public static class TrustedProxies
{
    public const string ProxiesSetting = "Broadsheet:ForwardedHeaders:KnownProxies";
    public const string NetworksSetting = "Broadsheet:ForwardedHeaders:KnownNetworks";

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        // Read when the app is built, so a mistyped address stops the start with a message rather than trusting nobody.
        var proxies = Values(configuration, ProxiesSetting).Select(value => IPAddress.TryParse(value, out var address)
            ? address
            : throw new StartupProblemException($"{ProxiesSetting}: '{value}' is not an IP address (for example 10.0.0.5 or fd00::5).")).ToList();
        var networks = Values(configuration, NetworksSetting).Select(value => System.Net.IPNetwork.TryParse(value, out var network)
            ? network
            : throw new StartupProblemException($"{NetworksSetting}: '{value}' is not a network in CIDR form (for example 10.0.0.0/24 or fd00::/64).")).ToList();

        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(proxy);
            }

            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(network);
            }

            if (proxies.Count + networks.Count > 0)
            {
                // A balancer in front of a node's own nginx adds two entries. Each one is still taken only from a sender the
                // app trusts: the middleware stops at the first address that is not a known proxy.
                options.ForwardLimit = null;
            }
        });
        return services;
    }

    /// <summary>A list in configuration (<c>KnownProxies:0</c>, <c>KnownProxies:1</c>) or one value separated by commas or spaces, which suits an environment variable.</summary>
    private static IEnumerable<string> Values(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var items = section.GetChildren().Select(child => child.Value).Append(section.Value);
        return items
            .SelectMany(item => (item ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.OrdinalIgnoreCase);
    }
}
