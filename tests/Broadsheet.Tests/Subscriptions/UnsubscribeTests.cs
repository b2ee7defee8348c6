using System.Net;
using Broadsheet.Mail;
using Broadsheet.Subscriptions;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Subscriptions;

public sealed class UnsubscribeTests(SubscriptionApp app) : AppTest<SubscriptionApp>(app), IClassFixture<SubscriptionApp>
{
    private async Task<(Subscriber Subscriber, string UnsubscribeUrl)> ConfirmedAsync()
    {
        var subscriber = await App.AddConfirmedSubscriberAsync($"leaving-{Guid.NewGuid():N}@example.org");
        var links = App.Services.GetRequiredService<SubscriptionLinks>();
        return (subscriber, new Uri(App.BaseAddress, links.UnsubscribePath(subscriber)).ToString());
    }

    [Fact]
    public async Task A_one_click_POST_unsubscribes_without_a_page_or_sign_in_and_nothing_more_is_sent()
    {
        var (subscriber, url) = await ConfirmedAsync();
        // Due in an hour, so the sender in the background cannot deliver it before the reader leaves.
        var queued = await App.QueueAsync(subscriber.Email, "Queued before leaving", subscriber.Id, notBefore: App.Clock.GetUtcNow().UtcDateTime.AddHours(1));
        // A mail program's request: no cookies, no antiforgery token, just the RFC 8058 body.
        using var http = new HttpClient();

        using var response = await http.PostAsync(url, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await App.SubscriberAsync(subscriber.Email);
        Assert.Equal(SubscriberStatus.Unsubscribed, after!.Status);
        Assert.Equal(App.Clock.GetUtcNow().UtcDateTime, after.UnsubscribedAt);
        Assert.Equal(OutboxStatus.Cancelled, (await App.WithDbAsync((db, _) => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == queued))).Status);

        await App.QueueAsync(subscriber.Email, "Queued after leaving", subscriber.Id);
        App.Clock.Advance(TimeSpan.FromHours(2));
        await App.DeliverMailAsync();
        Assert.Empty(App.Smtp.For(subscriber.Email));
    }

    [Fact]
    public async Task Opening_the_unsubscribe_link_only_shows_a_button_and_the_button_unsubscribes()
    {
        var (subscriber, url) = await ConfirmedAsync();
        using var reader = new SubscribeReader(App);

        var page = await reader.PageAsync(url);

        Assert.Equal(SubscriberStatus.Confirmed, (await App.SubscriberAsync(subscriber.Email))!.Status);
        var button = page.QuerySelector("main form button")!;
        Assert.Equal("Unsubscribe", button.TextContent);
        using var response = await reader.PostFormAsync(page.QuerySelector("main form")!);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("will get no more email", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(SubscriberStatus.Unsubscribed, (await App.SubscriberAsync(subscriber.Email))!.Status);
    }

    [Fact]
    public async Task An_unsubscribed_address_gets_no_follow_up_even_for_discussions_it_followed()
    {
        var (subscriber, url) = await ConfirmedAsync();
        var article = await new ArticleBuilder().SaveAsync(App);
        await App.WithDbAsync(async (db, _) =>
        {
            db.DiscussionFollows.Add(new DiscussionFollow { SubscriberId = subscriber.Id, ArticleId = article.Id, Kind = FollowKind.AllComments });
            return await db.SaveChangesAsync();
        });
        using var http = new HttpClient();

        using var _ = await http.PostAsync(url, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Empty(await App.FollowsAsync(subscriber.Email));
    }
}
