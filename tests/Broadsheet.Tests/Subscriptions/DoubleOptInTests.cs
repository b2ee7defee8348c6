using System.Net;
using Broadsheet.Mail;
using Broadsheet.Subscriptions;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Subscriptions;

public sealed class DoubleOptInTests(SubscriptionApp app) : AppTest<SubscriptionApp>(app), IClassFixture<SubscriptionApp>
{
    private const string Answer = "Check your inbox: we sent you a link to confirm your subscription.";

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}@example.org";

    [Fact]
    public async Task Following_the_link_in_the_confirmation_mail_confirms_the_address_with_the_chosen_sections_and_frequency()
    {
        var email = Unique("ann");
        var section = (await App.SectionsAsync())[1];
        using var reader = new SubscribeReader(App);

        using var response = await reader.SubscribeAsync(email, "Daily", [section.Id]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/subscribe/sent", response.Headers.Location?.OriginalString);
        Assert.Contains(Answer, (await reader.PageAsync("/subscribe/sent")).Body!.TextContent, StringComparison.Ordinal);
        var pending = await App.SubscriberAsync(email);
        Assert.Equal(SubscriberStatus.Pending, pending!.Status);

        var mail = Assert.Single(await App.ConfirmationsForAsync(email));
        Assert.StartsWith("Confirm your subscription to ", mail.Message.Subject, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(mail.Html));
        Assert.Contains($"a daily digest of new articles in {section.Name}", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Confirm my subscription", mail.Html, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Header("List-Unsubscribe-Post"));
        Assert.Contains("/subscription/unsubscribe?token=", mail.Header("List-Unsubscribe"), StringComparison.Ordinal);

        // Opening the link confirms nothing (mail scanners open links); its button does.
        var confirmPage = await reader.PageAsync(SubscribeReader.Link(mail, "/subscribe/confirm?token="));
        Assert.Contains(email, confirmPage.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(SubscriberStatus.Pending, (await App.SubscriberAsync(email))!.Status);

        using var confirmed = await reader.ConfirmAsync(mail);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var preferences = await reader.PageAsync(confirmed.Headers.Location!.OriginalString);
        Assert.Contains("Thank you: your subscription is confirmed.", preferences.Body!.TextContent, StringComparison.Ordinal);

        var subscriber = await App.SubscriberAsync(email);
        Assert.Equal(SubscriberStatus.Confirmed, subscriber!.Status);
        Assert.Equal(Frequency.Daily, subscriber.Frequency);
        Assert.Equal([section.Id], subscriber.Sections.Select(s => s.SectionId));
        Assert.Equal(App.Clock.GetUtcNow().UtcDateTime, subscriber.ConsentedAt);
        Assert.Equal("confirmed link", subscriber.ConsentSource);
    }

    [Fact]
    public async Task Without_JavaScript_the_form_asks_to_confirm_on_a_second_page_and_then_sends_the_link()
    {
        var email = Unique("noscript");
        using var reader = new SubscribeReader(App);
        var page = await reader.PageAsync("/subscribe");
        using var first = await reader.Http.PostAsync("/subscribe", new FormUrlEncodedContent(SubscribeReader.Fields(page, email, "Weekly")));

        var step = SubscribeReader.Parse(await first.Content.ReadAsStringAsync());
        Assert.StartsWith("Confirm your subscription to ", step.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(email, step.Body!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(step.QuerySelector("input[name='Input.Trap']"));
        Assert.Null(await App.SubscriberAsync(email));

        App.Clock.Advance(TimeSpan.FromSeconds(5));
        using var second = await reader.PostFormAsync(step.QuerySelector("main form")!);
        Assert.Equal("/subscribe/sent", second.Headers.Location?.OriginalString);
        var mail = Assert.Single(await App.ConfirmationsForAsync(email));
        Assert.Contains("a weekly digest", mail.Text, StringComparison.Ordinal);
        using var confirmed = await reader.ConfirmAsync(mail);
        Assert.Equal(Frequency.Weekly, (await App.SubscriberAsync(email))!.Frequency);
    }

    [Fact]
    public async Task A_robot_that_fills_the_hidden_field_of_the_confirming_step_gets_the_usual_answer_and_nobody_gets_mail()
    {
        var email = Unique("robot");
        using var reader = new SubscribeReader(App);
        var page = await reader.PageAsync("/subscribe");
        using var first = await reader.Http.PostAsync("/subscribe", new FormUrlEncodedContent(SubscribeReader.Fields(page, email)));
        var step = SubscribeReader.Parse(await first.Content.ReadAsStringAsync());
        App.Clock.Advance(TimeSpan.FromSeconds(5));

        using var second = await reader.PostFormAsync(step.QuerySelector("main form")!, new KeyValuePair<string, string>("Input.Trap", "http://spam.example"));

        Assert.Equal("/subscribe/sent", second.Headers.Location?.OriginalString);
        Assert.Null(await App.SubscriberAsync(email));
        Assert.Empty(await App.ConfirmationsForAsync(email));
    }

    [Fact]
    public async Task The_answer_is_the_same_for_a_new_a_pending_and_a_confirmed_address()
    {
        var pending = Unique("pending");
        var confirmed = (await App.AddConfirmedSubscriberAsync(Unique("confirmed"))).Email;
        using (var earlier = new SubscribeReader(App))
        {
            using var _ = await earlier.SubscribeAsync(pending);
        }

        var answers = new List<(HttpStatusCode Status, string? Location, string Page)>();
        foreach (var email in new[] { Unique("new"), pending, confirmed })
        {
            using var reader = new SubscribeReader(App);
            using var response = await reader.SubscribeAsync(email);
            answers.Add((response.StatusCode, response.Headers.Location?.OriginalString, await reader.Http.GetStringAsync(response.Headers.Location)));
        }

        Assert.All(answers, a => Assert.Equal(answers[0], a));
        Assert.Equal(HttpStatusCode.Redirect, answers[0].Status);
        Assert.Contains(Answer, answers[0].Page, StringComparison.Ordinal);
        // The pending address had its confirmation within the hour: no second one.
        Assert.Single(await App.ConfirmationsForAsync(pending));
        // The confirmed address is told how to confirm its new choices; it stays confirmed meanwhile.
        Assert.Single(await App.ConfirmationsForAsync(confirmed));
        Assert.Equal(SubscriberStatus.Confirmed, (await App.SubscriberAsync(confirmed))!.Status);
    }

    [Fact]
    public async Task At_most_one_confirmation_goes_to_an_address_per_hour()
    {
        var email = Unique("hourly");
        using var reader = new SubscribeReader(App);
        for (var i = 0; i < 3; i++)
        {
            using var response = await reader.SubscribeAsync(email);
            Assert.Equal("/subscribe/sent", response.Headers.Location?.OriginalString);
        }

        Assert.Single(await App.ConfirmationsForAsync(email));

        App.Clock.Advance(TimeSpan.FromMinutes(59));
        using (var _ = await reader.SubscribeAsync(email))
        {
        }

        Assert.Single(await App.ConfirmationsForAsync(email));

        App.Clock.Advance(TimeSpan.FromMinutes(2));
        using (var _ = await reader.SubscribeAsync(email))
        {
        }

        Assert.Equal(2, (await App.ConfirmationsForAsync(email)).Count);
    }

    [Fact]
    public async Task Nothing_but_the_confirmation_goes_to_an_unconfirmed_address()
    {
        var email = Unique("unconfirmed");
        using var reader = new SubscribeReader(App);
        using var _ = await reader.SubscribeAsync(email);
        var subscriber = await App.SubscriberAsync(email);
        var alert = await App.QueueAsync(email, "Breaking news", subscriber!.Id);

        await App.DeliverMailAsync();

        var received = Assert.Single(App.Smtp.For(email));
        Assert.StartsWith("Confirm your subscription to ", received.Message.Subject, StringComparison.Ordinal);
        Assert.Equal(OutboxStatus.Cancelled, (await App.WithDbAsync((db, _) => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == alert))).Status);
    }

    [Theory]
    [InlineData("", null, SubscribeInput.BadEmail)]
    [InlineData("not an address", null, SubscribeInput.BadEmail)]
    [InlineData("ann@example.org", "none", SubscribeInput.NoSection)]
    [InlineData("ann@example.org", "bogus-frequency", SubscribeInput.BadFrequency)]
    public async Task Bad_input_is_refused_with_a_clear_message_and_what_was_typed_is_kept(string email, string? change, string message)
    {
        using var reader = new SubscribeReader(App);
        var page = await reader.PageAsync("/subscribe");
        var fields = SubscribeReader.Fields(page, email, frequency: change == "bogus-frequency" ? "Hourly" : "Daily");
        if (change == "none")
        {
            fields.RemoveAll(f => f.Key == "Input.Sections");
        }

        using var response = await reader.Http.PostAsync("/subscribe", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var answer = SubscribeReader.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, answer.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(email, answer.QuerySelector("input[name='Input.Email']")!.GetAttribute("value") ?? "");
        if (change != "bogus-frequency")
        {
            Assert.NotNull(answer.QuerySelector("input[name='Input.Frequency'][value=Daily][checked]"));
        }
    }

    [Fact]
    public async Task The_subscribe_pages_are_private_and_not_indexed_and_the_form_offers_every_section_ticked()
    {
        using var response = await Client.GetAsync("/subscribe");
        Assert.True(response.Headers.CacheControl is { Private: true, NoStore: true });
        Assert.Contains("noindex", response.Headers.GetValues("X-Robots-Tag").Single(), StringComparison.Ordinal);
        var page = SubscribeReader.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Email", page.QuerySelector("label[for=subscribe-email]")!.TextContent);
        Assert.Equal((await App.SectionsAsync()).Count, page.QuerySelectorAll("input[name='Input.Sections'][checked]").Length);
        Assert.Equal(
            ["As they are published", "Daily digest", "Weekly digest"],
            page.QuerySelectorAll("input[name='Input.Frequency']").Select(i => page.QuerySelector($"label[for={i.Id}]")!.TextContent));
        Assert.Equal("Subscribe", page.QuerySelector("main form button[type=submit]")!.TextContent);
    }

    [Fact]
    public async Task Every_article_page_links_to_the_subscribe_form_above_the_reply_form_and_stays_the_same_for_everyone()
    {
        var article = await new ArticleBuilder().SaveAsync(App);
        var path = App.PathOf(article);
        using var other = App.CreateHttpClient();
        using var _ = await other.GetAsync("/subscribe");

        var html = await Client.GetStringAsync(path);
        Assert.Equal(html, await other.GetStringAsync(path));
        var page = SubscribeReader.Parse(html);
        var link = page.QuerySelector(".subscribe-cta a[href='/subscribe']")!;
        Assert.Equal("› Subscribe", link.TextContent.Trim());
        Assert.True(page.OrderOf(".subscribe-cta") < page.OrderOf("#reply-title"));
        Assert.NotNull(page.QuerySelector("footer a[href='/subscribe']"));
    }
}

public sealed class SubscribeFormTests(SubscriptionApp app) : AppTest<SubscriptionApp>(app), IClassFixture<SubscriptionApp>
{
    [Fact]
    public async Task An_expired_check_comes_back_with_what_was_entered_and_a_fresh_check_and_sends_nothing()
    {
        var email = $"slow-{Guid.NewGuid():N}@example.org";
        using var reader = new SubscribeReader(App);
        var page = await reader.PageAsync("/subscribe");
        var fields = SubscribeReader.Fields(page, email, "Daily");
        var challenge = System.Text.Json.Nodes.JsonNode.Parse(page.QuerySelector("form[data-subscribe-form]")!.GetAttribute("data-challenge-json")!)!;
        fields.Add(new("Input.Altcha", Commenter.Solve(challenge)));
        App.Clock.Advance(TimeSpan.FromHours(1));

        using var response = await reader.Http.PostAsync("/subscribe", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var answer = SubscribeReader.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("The verification period has expired. Please press Subscribe again", answer.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(email, answer.QuerySelector("input[name='Input.Email']")!.GetAttribute("value"));
        Assert.NotNull(answer.QuerySelector("input[name='Input.Frequency'][value=Daily][checked]"));
        Assert.NotEqual(challenge.ToJsonString(), answer.QuerySelector("form[data-subscribe-form]")!.GetAttribute("data-challenge-json"));
        Assert.Null(await App.SubscriberAsync(email));
    }

    [Fact]
    public async Task A_form_without_a_valid_antiforgery_token_comes_back_with_what_was_entered_and_sends_nothing()
    {
        var email = $"lapsed-{Guid.NewGuid():N}@example.org";
        using var reader = new SubscribeReader(App);
        var page = await reader.PageAsync("/subscribe");
        var fields = SubscribeReader.Fields(page, email, "Weekly");
        fields.RemoveAll(f => f.Key == "__RequestVerificationToken");
        using var stranger = App.CreateHttpClient();

        using var response = await stranger.PostAsync("/subscribe", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = SubscribeReader.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("Please press Subscribe again: what you entered is still here.", answer.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(email, answer.QuerySelector("input[name='Input.Email']")!.GetAttribute("value"));
        Assert.Null(await App.SubscriberAsync(email));
    }

    [Fact]
    public async Task A_confirming_step_sent_back_at_once_is_shown_again_and_a_forged_one_sends_nothing()
    {
        var email = $"hasty-{Guid.NewGuid():N}@example.org";
        using var reader = new SubscribeReader(App);
        var page = await reader.PageAsync("/subscribe");
        using var first = await reader.Http.PostAsync("/subscribe", new FormUrlEncodedContent(SubscribeReader.Fields(page, email)));
        var step = SubscribeReader.Parse(await first.Content.ReadAsStringAsync());

        using var hasty = await reader.PostFormAsync(step.QuerySelector("main form")!);
        Assert.Equal(HttpStatusCode.OK, hasty.StatusCode);
        Assert.Contains("Please press Confirm to subscribe.", await hasty.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        App.Clock.Advance(TimeSpan.FromSeconds(5));
        // The stamp is signed for the address it was shown for: another address cannot use it.
        using var forged = await reader.PostFormAsync(step.QuerySelector("main form")!, new KeyValuePair<string, string>("Input.Email", "victim@example.org"));
        Assert.Contains("Please press Confirm to subscribe.", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await App.SubscriberAsync(email));
        Assert.Null(await App.SubscriberAsync("victim@example.org"));
    }
}
