using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Broadsheet.Comments;

/// <summary>
/// Per-client limits on posting and reporting. Checked inside the handlers rather than by the rate limiting
/// middleware, because a refused comment must come back as the form with the reader's text in it.
/// </summary>
public sealed class CommentRateLimits(IOptions<CommentOptions> options) : IDisposable
{
    public PartitionedRateLimiter<string> Posts { get; } = PerClient(options.Value.PostsPerMinute);
    public PartitionedRateLimiter<string> Reports { get; } = PerClient(options.Value.ReportsPerMinute);

    public const string TooMany = "You're posting faster than we can take comments. Please wait a minute, then press Post Comment again: your comment is still here.";

    /// <summary>The client's address as blocklists write it: an IPv4 client on a dual-stack listener as plain IPv4.</summary>
    public static string? ClientAddress(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        return (address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address)?.ToString();
    }

    public static string ClientKey(HttpContext context) => ClientAddress(context) ?? "unknown";

    private static PartitionedRateLimiter<string> PerClient(int perMinute) =>
        PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, perMinute),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public void Dispose()
    {
        Posts.Dispose();
        Reports.Dispose();
    }
}
