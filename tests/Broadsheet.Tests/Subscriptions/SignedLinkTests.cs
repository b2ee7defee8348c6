using System.Net;
using Broadsheet.Subscriptions;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Subscriptions;

public sealed class SignedLinkTests(SubscriptionApp app) : AppTest<SubscriptionApp>(app), IClassFixture<SubscriptionApp>
{
    private async Task<(SubscribeReader Reader, ReceivedMail Mail, string Email)> SubscribeAsync()
    {
        var email = $"link-{Guid.NewGuid():N}@example.org";
        var reader = new SubscribeReader(App);
        using var _ = await reader.SubscribeAsync(email);
        return (reader, Assert.Single(await App.ConfirmationsForAsync(email)), email);
    }

    [Fact]
    public async Task A_tampered_confirmation_link_says_it_is_not_valid_and_confirms_nothing()
    {
        var (reader, mail, email) = await SubscribeAsync();
        var link = SubscribeReader.Link(mail, "/subscribe/confirm?token=");
        var tampered = link[..^6] + (link[^6] == 'A' ? 'B' : 'A') + link[^5..];

        using var response = await reader.Http.GetAsync(tampered);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("This confirmation link is not valid.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(SubscriberStatus.Pending, (await App.SubscriberAsync(email))!.Status);
        reader.Dispose();
    }

    [Fact]
    public async Task An_expired_confirmation_link_says_so_and_offers_the_subscribe_form()
    {
        var (reader, mail, email) = await SubscribeAsync();
        var link = SubscribeReader.Link(mail, "/subscribe/confirm?token=");
        App.Clock.Advance(TimeSpan.FromHours(48) + TimeSpan.FromMinutes(1));

        using var response = await reader.Http.GetAsync(link);

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        var page = SubscribeReader.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("This confirmation link has expired.", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("main a[href='/subscribe']"));
        Assert.Null(page.QuerySelector("main form"));
        Assert.Equal(SubscriberStatus.Pending, (await App.SubscriberAsync(email))!.Status);
        reader.Dispose();
    }

    [Fact]
    public async Task A_confirmation_link_works_once_and_then_says_it_was_already_used()
    {
        var (reader, mail, email) = await SubscribeAsync();
        var link = SubscribeReader.Link(mail, "/subscribe/confirm?token=");
        var page = await reader.PageAsync(link);
        var form = page.QuerySelector("main form")!;
        using (var first = await reader.PostFormAsync(form))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }

        // Unsubscribing, then pressing the old button again, must not subscribe the address again.
        using (var unsubscribe = await reader.Http.PostAsync(SubscribeReader.Link(mail, "/subscription/unsubscribe?token="), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")])))
        {
            Assert.Equal(HttpStatusCode.OK, unsubscribe.StatusCode);
        }

        using var again = await reader.PostFormAsync(form);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("This confirmation link was already used", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("already used", (await reader.PageAsync(link)).Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(SubscriberStatus.Unsubscribed, (await App.SubscriberAsync(email))!.Status);
        reader.Dispose();
    }

    [Fact]
    public async Task Tampered_preferences_and_unsubscribe_links_are_refused()
    {
        var (reader, mail, email) = await SubscribeAsync();
        var preferences = SubscribeReader.Link(mail, "/subscription?token=");
        using var page = await reader.Http.GetAsync(preferences[..^4] + "AAAA");
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("This link is not valid", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var unsubscribe = SubscribeReader.Link(mail, "/subscription/unsubscribe?token=");
        using var oneClick = await reader.Http.PostAsync(unsubscribe[..^4] + "AAAA", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.BadRequest, oneClick.StatusCode);
        Assert.Contains("This unsubscribe link is not valid", await oneClick.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(SubscriberStatus.Pending, (await App.SubscriberAsync(email))!.Status);
        reader.Dispose();
    }
}
