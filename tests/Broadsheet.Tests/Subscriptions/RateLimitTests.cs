using System.Net;
using Broadsheet.Subscriptions;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Subscriptions;

/// <summary>
/// The limits count in real minutes and hours (not the test clock), so each test sends attempts until refused and
/// allows for one window boundary passing meanwhile.
/// </summary>
public sealed class RateLimitTests(RateLimitedApp app) : AppTest<RateLimitedApp>(app), IClassFixture<RateLimitedApp>
{
    [Fact]
    public async Task Too_many_attempts_for_one_address_are_refused_with_a_clear_message_and_the_input_kept()
    {
        var email = $"limited-{Guid.NewGuid():N}@example.org";
        using var reader = new SubscribeReader(App);
        var refusal = await AttemptUntilRefusedAsync(() => reader.SubscribeAsync(email, "Weekly"), limit: 2);

        Assert.Contains(SubscriptionRateLimits.TooManyForAddress, refusal.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(email, refusal.QuerySelector("input[name='Input.Email']")!.GetAttribute("value"));
        Assert.NotNull(refusal.QuerySelector("input[name='Input.Frequency'][value=Weekly][checked]"));
        Assert.Single(await App.ConfirmationsForAsync(email));
    }

    [Fact]
    public async Task Too_many_attempts_from_one_client_are_refused_whatever_the_address()
    {
        using var reader = new SubscribeReader(App);
        var refusal = await AttemptUntilRefusedAsync(() => reader.SubscribeAsync($"many-{Guid.NewGuid():N}@example.org"), limit: 3, perClient: true);

        Assert.Contains(SubscriptionRateLimits.TooManyFromClient, refusal.Body!.TextContent, StringComparison.Ordinal);
    }

    private static async Task<AngleSharp.Dom.IDocument> AttemptUntilRefusedAsync(Func<Task<HttpResponseMessage>> attempt, int limit, bool perClient = false)
    {
        var accepted = 0;
        for (var i = 0; i < 2 * limit + 1; i++)
        {
            using var response = await attempt();
            if (response.StatusCode == (HttpStatusCode)429)
            {
                Assert.True(accepted >= limit || perClient, $"Refused after {accepted} accepted attempts; the limit is {limit}.");
                return SubscribeReader.Parse(await response.Content.ReadAsStringAsync());
            }

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            accepted++;
        }

        throw new Xunit.Sdk.XunitException($"{accepted} attempts were all accepted; the limit is {limit}.");
    }
}
