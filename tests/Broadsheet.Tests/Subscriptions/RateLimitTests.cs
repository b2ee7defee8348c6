using System.Net;
using Broadsheet.Subscriptions;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Subscriptions;

/// <summary>Each limit has its own app, so one test's attempts never count against another's.</summary>
public sealed class AddressRateLimitTests(AddressLimitedApp app) : AppTest<AddressLimitedApp>(app), IClassFixture<AddressLimitedApp>
{
    [Fact]
    public async Task Too_many_attempts_for_one_address_are_refused_with_a_clear_message_and_the_input_kept()
    {
        var email = $"limited-{Guid.NewGuid():N}@example.org";
        using var reader = new SubscribeReader(App);
        var refusal = await RateLimits.AttemptUntilRefusedAsync(() => reader.SubscribeAsync(email, "Weekly"), limit: 2);

        Assert.Contains(SubscriptionRateLimits.TooManyForAddress, refusal.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(email, refusal.QuerySelector("input[name='Input.Email']")!.GetAttribute("value"));
        Assert.NotNull(refusal.QuerySelector("input[name='Input.Frequency'][value=Weekly][checked]"));
        Assert.Single(await App.ConfirmationsForAsync(email));

        // Another address from the same reader is not held back.
        using var other = await reader.SubscribeAsync($"other-{Guid.NewGuid():N}@example.org");
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
    }
}

public sealed class ClientRateLimitTests(ClientLimitedApp app) : AppTest<ClientLimitedApp>(app), IClassFixture<ClientLimitedApp>
{
    [Fact]
    public async Task Too_many_attempts_from_one_client_are_refused_whatever_the_address()
    {
        using var reader = new SubscribeReader(App);
        var refusal = await RateLimits.AttemptUntilRefusedAsync(() => reader.SubscribeAsync($"many-{Guid.NewGuid():N}@example.org"), limit: 3);

        Assert.Contains(SubscriptionRateLimits.TooManyFromClient, refusal.Body!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("many-", refusal.QuerySelector("input[name='Input.Email']")!.GetAttribute("value"), StringComparison.Ordinal);
    }
}

internal static class RateLimits
{
    /// <summary>
    /// Sends attempts until one is refused with 429 and returns that page. The limits count in real minutes and
    /// hours (not the test clock), so one window boundary passing meanwhile is allowed for: it can only let more through.
    /// </summary>
    public static async Task<AngleSharp.Dom.IDocument> AttemptUntilRefusedAsync(Func<Task<HttpResponseMessage>> attempt, int limit)
    {
        var accepted = 0;
        for (var i = 0; i < 2 * limit + 1; i++)
        {
            using var response = await attempt();
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(accepted >= limit, $"Refused after {accepted} accepted attempts; the limit is {limit}.");
                return SubscribeReader.Parse(await response.Content.ReadAsStringAsync());
            }

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            accepted++;
        }

        throw new Xunit.Sdk.XunitException($"{accepted} attempts were all accepted; the limit is {limit}.");
    }
}
