using System.Threading.RateLimiting;
using Broadsheet.Nodes;
using Microsoft.Extensions.Options;

namespace Broadsheet.Subscriptions;

/// <summary>
/// Limits on subscribe attempts per client address (a minute) and per email address (an hour, whoever makes them),
/// so the form cannot be used to flood someone's inbox or to probe many addresses. Checked in the handlers, not by
/// the rate limiting middleware, because a refused attempt comes back as the form with what the reader typed.
/// Counted across nodes when Redis is configured (see <see cref="SharedRateLimits"/>).
/// </summary>
public sealed class SubscriptionRateLimits(IOptions<SubscriptionOptions> options, SharedRateLimits shared) : IDisposable
{
    public PartitionedRateLimiter<string> PerClient { get; } = shared.PerKey("subscribe-client", options.Value.AttemptsPerMinute, TimeSpan.FromMinutes(1));
    public PartitionedRateLimiter<string> PerAddress { get; } = shared.PerKey("subscribe-address", options.Value.AttemptsPerAddressPerHour, TimeSpan.FromHours(1));

    public const string TooManyFromClient = "Too many attempts to subscribe from your connection. Please wait a minute, then press Subscribe again: what you entered is still here.";
    public const string TooManyForAddress = "Too many attempts to subscribe this email address. Please try again in an hour: what you entered is still here.";

    /// <summary>Takes one attempt for the client and the address; the message to show when either is used up.</summary>
    public async Task<string?> TryAttemptAsync(string client, string? normalizedEmail, CancellationToken cancellationToken)
    {
        using var clientLease = await PerClient.AcquireAsync(client, 1, cancellationToken);
        if (!clientLease.IsAcquired)
        {
            return TooManyFromClient;
        }

        if (normalizedEmail is null)
        {
            return null;
        }

        using var addressLease = await PerAddress.AcquireAsync(normalizedEmail, 1, cancellationToken);
        return addressLease.IsAcquired ? null : TooManyForAddress;
    }

    public void Dispose()
    {
        PerClient.Dispose();
        PerAddress.Dispose();
    }
}
