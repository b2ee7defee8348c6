using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Broadsheet.Subscriptions;

/// <summary>
/// Limits on subscribe attempts per client address (a minute) and per email address (an hour, whoever makes them),
/// so the form cannot be used to flood someone's inbox or to probe many addresses. Checked in the handlers, not by
/// the rate limiting middleware, because a refused attempt comes back as the form with what the reader typed.
/// </summary>
public sealed class SubscriptionRateLimits(IOptions<SubscriptionOptions> options) : IDisposable
{
    public PartitionedRateLimiter<string> PerClient { get; } = Create(options.Value.AttemptsPerMinute, TimeSpan.FromMinutes(1));
    public PartitionedRateLimiter<string> PerAddress { get; } = Create(options.Value.AttemptsPerAddressPerHour, TimeSpan.FromHours(1));

    public const string TooManyFromClient = "Too many attempts to subscribe from your connection. Please wait a minute, then press Subscribe again: what you entered is still here.";
    public const string TooManyForAddress = "Too many attempts to subscribe this email address. Please try again in an hour: what you entered is still here.";

    /// <summary>Takes one attempt for the client and the address; the message to show when either is used up.</summary>
    public string? TryAttempt(string client, string? normalizedEmail)
    {
        using var clientLease = PerClient.AttemptAcquire(client);
        if (!clientLease.IsAcquired)
        {
            return TooManyFromClient;
        }

        if (normalizedEmail is null)
        {
            return null;
        }

        using var addressLease = PerAddress.AttemptAcquire(normalizedEmail);
        return addressLease.IsAcquired ? null : TooManyForAddress;
    }

    private static PartitionedRateLimiter<string> Create(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = window,
            QueueLimit = 0,
        }));

    public void Dispose()
    {
        PerClient.Dispose();
        PerAddress.Dispose();
    }
}
