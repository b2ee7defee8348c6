using System.Threading.RateLimiting;
using Broadsheet.Nodes;
using Microsoft.Extensions.Options;

namespace Broadsheet.Comments;

/// <summary>
/// Per-client limits on posting and reporting. Checked inside the handlers rather than by the rate limiting
/// middleware, because a refused comment must come back as the form with the reader's text in it. Counted across
/// nodes when Redis is configured (see <see cref="SharedRateLimits"/>): ask with <c>AcquireAsync</c>.
/// </summary>
public sealed class CommentRateLimits(IOptions<CommentOptions> options, SharedRateLimits shared) : IDisposable
{
    public PartitionedRateLimiter<string> Posts { get; } = shared.PerKey("comment-posts", options.Value.PostsPerMinute, TimeSpan.FromMinutes(1));
    public PartitionedRateLimiter<string> Reports { get; } = shared.PerKey("comment-reports", options.Value.ReportsPerMinute, TimeSpan.FromMinutes(1));

    public const string TooMany = "You're posting faster than we can take comments. Please wait a minute, then press Post Comment again: your comment is still here.";

    /// <summary>The client's address as blocklists write it: an IPv4 client on a dual-stack listener as plain IPv4.</summary>
    public static string? ClientAddress(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        return (address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address)?.ToString();
    }

    public static string ClientKey(HttpContext context) => ClientAddress(context) ?? "unknown";

    public void Dispose()
    {
        Posts.Dispose();
        Reports.Dispose();
    }
}
