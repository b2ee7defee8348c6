using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Broadsheet.Nodes;
using Microsoft.Extensions.Options;

namespace Broadsheet.Api;

/// <summary>
/// A fixed window per client address (after X-Forwarded-For from a local proxy), so one busy client slows itself
/// and nobody else. Cached answers count too: the limit protects the connection slots as well as the database.
/// </summary>
internal sealed class ApiRateLimit(IOptions<ApiOptions> options, SharedRateLimits shared) : IRateLimiterPolicy<string>
{
    public const string PolicyName = "api";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (rejected, _) =>
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
            : context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.WindowSeconds;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await ApiProblems.WriteAsync(context, StatusCodes.Status429TooManyRequests,
            $"Too many requests from this client; try again in {retryAfter} seconds.");
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var settings = options.Value;
        return shared.Partition(PolicyName, httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            settings.PermitLimit, TimeSpan.FromSeconds(settings.WindowSeconds));
    }
}
