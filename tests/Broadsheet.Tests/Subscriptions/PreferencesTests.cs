using System.Net;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using Broadsheet.Mail;
using Broadsheet.Subscriptions;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Subscriptions;

public sealed class PreferencesTests(SubscriptionApp app) : AppTest<SubscriptionApp>(app), IClassFixture<SubscriptionApp>
{
    private async Task<(Subscriber Subscriber, string Url, SubscribeReader Reader)> ConfirmedAsync(params int[] sections)
    {
        var subscriber = await App.AddConfirmedSubscriberAsync($"prefs-{Guid.NewGuid():N}@example.org", Frequency.AsPublished, sections);
        var url = App.Services.GetRequiredService<SubscriptionLinks>().PreferencesPath(subscriber);
        return (subscriber, url, new SubscribeReader(App));
    }

    private static IElement Form(IDocument page, string handler) =>
        page.QuerySelectorAll("main form").Single(f => f.GetAttribute("action")!.EndsWith("handler=" + handler, StringComparison.Ordinal)
            || f.GetAttribute("action")!.Contains("handler=" + handler + "&", StringComparison.Ordinal));

    [Fact]
    public async Task A_subscriber_changes_sections_and_frequency_on_the_page_their_link_opens()
    {
        var sections = await App.SectionsAsync();
        var (subscriber, url, reader) = await ConfirmedAsync(sections[0].Id);
        using var _ = reader;
        var page = await reader.PageAsync(url);
        using (var headers = await reader.Http.GetAsync(url))
        {
            Assert.True(headers.Headers.CacheControl is { Private: true, NoStore: true });
            Assert.Contains("noindex", headers.Headers.GetValues("X-Robots-Tag").Single(), StringComparison.Ordinal);
        }

        Assert.NotNull(page.QuerySelector($"input[name='Input.Sections'][value='{sections[0].Id}'][checked]"));

        var form = Form(page, "save");
        using var response = await reader.Http.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!),
            new("Input.Frequency", "Weekly"),
            new("Input.Sections", sections[1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Input.Sections", sections[2].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Your preferences are saved.", (await reader.PageAsync(response.Headers.Location!.OriginalString)).Body!.TextContent, StringComparison.Ordinal);
        var after = await App.SubscriberAsync(subscriber.Email);
        Assert.Equal(Frequency.Weekly, after!.Frequency);
        Assert.Equal(new[] { sections[1].Id, sections[2].Id }.Order(), after.Sections.Select(s => s.SectionId).Order());
    }

    [Fact]
    public async Task A_form_without_its_antiforgery_token_changes_nothing()
    {
        var (subscriber, url, reader) = await ConfirmedAsync();
        using var _ = reader;
        var page = await reader.PageAsync(url);

        using var response = await reader.Http.PostAsync(Form(page, "unsubscribe").GetAttribute("action"), new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(SubscriberStatus.Confirmed, (await App.SubscriberAsync(subscriber.Email))!.Status);
    }

    [Fact]
    public async Task A_subscriber_pauses_and_resumes_and_stops_following_a_discussion()
    {
        var (subscriber, url, reader) = await ConfirmedAsync();
        using var _ = reader;
        var article = await new ArticleBuilder().Headline("The tram line opens").SaveAsync(App);
        await App.WithDbAsync(async (db, _) =>
        {
            db.DiscussionFollows.Add(new DiscussionFollow { SubscriberId = subscriber.Id, ArticleId = article.Id, Kind = FollowKind.AllComments });
            return await db.SaveChangesAsync();
        });

        using (var paused = await reader.PostFormAsync(Form(await reader.PageAsync(url), "pause")))
        {
            Assert.Contains("paused", (await reader.PageAsync(paused.Headers.Location!.OriginalString)).Body!.TextContent, StringComparison.Ordinal);
        }

        Assert.True((await App.SubscriberAsync(subscriber.Email))!.Paused);
        using (var _r = await reader.PostFormAsync(Form(await reader.PageAsync(url), "resume")))
        {
        }

        Assert.False((await App.SubscriberAsync(subscriber.Email))!.Paused);

        var page = await reader.PageAsync(url);
        Assert.Contains("New comments on “The tram line opens”", page.QuerySelector(".follows")!.TextContent, StringComparison.Ordinal);
        using (var _s = await reader.PostFormAsync(Form(page, "stop")))
        {
        }

        Assert.Empty(await App.FollowsAsync(subscriber.Email));
        Assert.Contains("You follow no discussions.", (await reader.PageAsync(url)).Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subscriber_downloads_everything_held_about_their_address_as_JSON()
    {
        var sections = await App.SectionsAsync();
        var (subscriber, url, reader) = await ConfirmedAsync(sections[0].Id);
        using var _ = reader;
        var article = await new ArticleBuilder().Headline("Council votes on budget").SaveAsync(App);
        await App.WithDbAsync(async (db, _) =>
        {
            db.DiscussionFollows.Add(new DiscussionFollow { SubscriberId = subscriber.Id, ArticleId = article.Id, Kind = FollowKind.AllComments });
            return await db.SaveChangesAsync();
        });
        await App.QueueAsync(subscriber.Email, "An alert we sent", subscriber.Id);
        await App.DeliverMailAsync();

        using var response = await reader.PostFormAsync(Form(await reader.PageAsync(url), "download"));

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("subscription-data.json", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(subscriber.Email, (string)json["subscriber"]!["email"]!);
        Assert.Equal("Confirmed", (string)json["subscriber"]!["status"]!);
        Assert.Equal(sections[0].Name, (string)json["sections"]![0]!["name"]!);
        Assert.Equal("Council votes on budget", (string)json["follows"]![0]!["headline"]!);
        Assert.Equal("An alert we sent", (string)json["messages"]![0]!["subject"]!);
        Assert.Equal("Sent", (string)json["messages"]![0]!["status"]!);
    }

    [Fact]
    public async Task Deleting_removes_the_subscriber_their_follows_and_their_mail_and_the_link_stops_working()
    {
        var (subscriber, url, reader) = await ConfirmedAsync();
        using var _ = reader;
        var article = await new ArticleBuilder().SaveAsync(App);
        await App.WithDbAsync(async (db, _) =>
        {
            db.DiscussionFollows.Add(new DiscussionFollow { SubscriberId = subscriber.Id, ArticleId = article.Id, Kind = FollowKind.AllComments });
            return await db.SaveChangesAsync();
        });
        // Due in an hour, so the sender in the background cannot deliver it before the reader deletes their data.
        await App.QueueAsync(subscriber.Email, "Still queued", subscriber.Id, notBefore: App.Clock.GetUtcNow().UtcDateTime.AddHours(1));

        using var response = await reader.PostFormAsync(Form(await reader.PageAsync(url), "delete"));

        Assert.Equal("/subscription/deleted", response.Headers.Location?.OriginalString);
        Assert.Contains("We deleted your address and everything we held about it.", (await reader.PageAsync("/subscription/deleted")).Body!.TextContent, StringComparison.Ordinal);
        Assert.Null(await App.SubscriberAsync(subscriber.Email));
        Assert.Equal(0, await App.WithDbAsync((db, _) => db.DiscussionFollows.CountAsync(f => f.SubscriberId == subscriber.Id)));
        Assert.Equal(0, await App.WithDbAsync((db, _) => db.Outbox.CountAsync(m => m.SubscriberId == subscriber.Id)));
        using var gone = await reader.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, gone.StatusCode);
        App.Clock.Advance(TimeSpan.FromHours(2));
        await App.DeliverMailAsync();
        Assert.Empty(App.Smtp.For(subscriber.Email));
        Assert.DoesNotContain(await App.WithDbAsync((db, _) => db.Outbox.Select(m => m.Status).ToListAsync()), s => s == OutboxStatus.Failed);
    }
}
