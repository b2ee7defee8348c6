using System.Net;
using Broadsheet.Subscriptions;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Subscriptions;

/// <summary>The double opt-in on PostgreSQL: the single-use link, the hourly claim and the deletion use provider SQL.</summary>
public sealed class PostgresSubscriptionTests(PostgresSubscriptionApp app) : AppTest<PostgresSubscriptionApp>(app), IClassFixture<PostgresSubscriptionApp>
{
    [Fact]
    public async Task The_whole_double_opt_in_works_once_per_link_and_one_confirmation_an_hour_on_PostgreSQL()
    {
        var email = $"pg-{Guid.NewGuid():N}@example.org";
        using var reader = new SubscribeReader(App);
        using (var first = await reader.SubscribeAsync(email, "Weekly"))
        using (var second = await reader.SubscribeAsync(email, "Weekly"))
        {
            Assert.Equal(first.Headers.Location, second.Headers.Location);
        }

        var mail = Assert.Single(await App.ConfirmationsForAsync(email));
        var page = await reader.PageAsync(SubscribeReader.Link(mail, "/subscribe/confirm?token="));
        using (var confirmed = await reader.PostFormAsync(page.QuerySelector("main form")!))
        {
            Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        }

        using var reused = await reader.PostFormAsync(page.QuerySelector("main form")!);
        Assert.Contains("already used", await reused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var subscriber = await App.SubscriberAsync(email);
        Assert.Equal(SubscriberStatus.Confirmed, subscriber!.Status);
        Assert.Equal(Frequency.Weekly, subscriber.Frequency);

        var preferences = await reader.PageAsync(SubscribeReader.Link(mail, "/subscription?token="));
        using var deleted = await reader.PostFormAsync(preferences.QuerySelectorAll("main form").Single(f => f.GetAttribute("action")!.EndsWith("handler=delete", StringComparison.Ordinal)));
        Assert.Equal("/subscription/deleted", deleted.Headers.Location?.OriginalString);
        Assert.Null(await App.SubscriberAsync(email));
    }
}
