using System.Text.RegularExpressions;
using Broadsheet.Subscriptions;
using Broadsheet.Tests.Infrastructure;
using Broadsheet.Tests.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Broadsheet.Tests.Browser;

/// <summary>The subscription app for a real browser: the comment form's minimum fill time is off (the test clock stands still while the reader types).</summary>
public sealed class BrowserSubscriptionApp : SubscriptionApp
{
    public BrowserSubscriptionApp() => Configure("Broadsheet:Comments:MinimumFillTime", "00:00:00");
}

[Collection(BrowserTests.Name)]
public sealed partial class SubscriptionBrowserTests : AppTest<BrowserSubscriptionApp>, IClassFixture<BrowserSubscriptionApp>, IAsyncDisposable
{
    private readonly ReaderContexts readers;

    public SubscriptionBrowserTests(BrowserSubscriptionApp app, Chromium chromium) : base(app) =>
        readers = new ReaderContexts(chromium, app.BaseAddress);

    /// <summary>Where the screenshots of the new pages go, to look at them.</summary>
    private static string Shots => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "broadsheet-screenshots")).FullName;

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}@example.org";

    [Fact]
    public async Task A_reader_with_JavaScript_subscribes_from_the_article_page_and_confirms_by_the_mailed_link()
    {
        var email = Unique("browser");
        var sections = await App.SectionsAsync();
        var article = await new ArticleBuilder().SaveAsync(App);
        var page = await readers.OpenAsync(App.PathOf(article));

        await page.Locator(".subscribe-cta").ScreenshotAsync(new() { Path = Path.Combine(Shots, "article-subscribe-link.png") });
        await page.Locator(".subscribe-cta").GetByRole(AriaRole.Link, new() { Name = "Subscribe" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/subscribe$"));
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel(sections[0].Name, new() { Exact = true }).UncheckAsync();
        await page.GetByLabel("Daily digest").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/subscribe/sent$"));
        await Expect(page.Locator("main")).ToContainTextAsync("Check your inbox: we sent you a link to confirm your subscription.");
        var mail = Assert.Single(await App.ConfirmationsForAsync(email));

        await page.GotoAsync(SubscribeReader.Link(mail, "/subscribe/confirm?token="));
        await Accessibility.AssertNoViolationsAsync(page, "the confirmation page");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "confirm-link-page.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my subscription" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Thank you: your subscription is confirmed.");
        await Accessibility.AssertNoViolationsAsync(page, "the preferences page");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "preferences-desktop.png"), FullPage = true });

        var subscriber = await App.SubscriberAsync(email);
        Assert.Equal(SubscriberStatus.Confirmed, subscriber!.Status);
        Assert.Equal(Frequency.Daily, subscriber.Frequency);
        Assert.Equal(sections.Skip(1).Select(s => s.Id).Order(), subscriber.Sections.Select(s => s.SectionId).Order());
        readers.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Without_JavaScript_the_form_asks_the_reader_to_confirm_on_a_second_page()
    {
        var email = Unique("noscript");
        var page = await readers.OpenAsync("/subscribe", javaScript: false);

        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Weekly digest").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync(new Regex("^Confirm your subscription to "));
        await Expect(page.Locator("main")).ToContainTextAsync(email);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "subscribe-confirming-step.png"), FullPage = true });
        Assert.Null(await App.SubscriberAsync(email));
        App.Clock.Advance(TimeSpan.FromSeconds(5));
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm", Exact = true }).ClickAsync();

        await Expect(page.Locator("main")).ToContainTextAsync("Check your inbox: we sent you a link to confirm your subscription.");
        var mail = Assert.Single(await App.ConfirmationsForAsync(email));
        Assert.Contains("a weekly digest", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_comment_form_boxes_make_the_commenter_follow_the_discussion_once_confirmed()
    {
        var email = Unique("follower");
        var article = await new ArticleBuilder().SaveAsync(App);
        var page = await readers.OpenAsync(App.PathOf(article));

        await page.GetByLabel("Comment", new() { Exact = true }).FillAsync("Will the new bridge have a cycle lane?");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Fran Follower");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Notify me of follow-up comments by email.").CheckAsync();
        await page.GetByLabel("Notify me of new replies to my comment.").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Post Comment" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"#comment-\d+$"));

        var follows = await App.FollowsAsync(email);
        Assert.Equal([FollowKind.AllComments, FollowKind.RepliesToComment], follows.Select(f => f.Kind).Order());
        var mail = Assert.Single(await App.ConfirmationsForAsync(email));
        await page.GotoAsync(SubscribeReader.Link(mail, "/subscribe/confirm?token="));
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my subscription" }).ClickAsync();
        await Expect(page.Locator(".follows")).ToContainTextAsync(article.Headline);
        Assert.Equal(SubscriberStatus.Confirmed, (await App.SubscriberAsync(email))!.Status);
        readers.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_subscribe_form_has_no_accessibility_violations_in_light_and_dark_and_fits_a_phone()
    {
        var page = await readers.OpenAsync("/subscribe");
        await page.GetByLabel("Email", new() { Exact = true }).ClickAsync();
        await Expect(page.Locator("[data-challenge]")).ToHaveAttributeAsync("data-state", "verified");
        await Accessibility.AssertNoViolationsAsync(page, "/subscribe");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await Accessibility.AssertNoViolationsAsync(page, "/subscribe in dark", Accessibility.ColourRules);

        readers.AssertNoConsoleErrors();

        // A form sent back with errors is a page of its own (answered 400, which the console reports).
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync("not an address");
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();
        await Expect(page.Locator("#subscribe-email-error")).ToHaveTextAsync(SubscribeInput.BadEmail);
        await Accessibility.AssertNoViolationsAsync(page, "/subscribe with an error");

        foreach (var (name, width, height) in new[] { ("phone", 390, 844), ("desktop", 1280, 900) })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.GotoAsync("/subscribe");
            var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 0, $"At {width}px the page scrolls sideways by {overflow}px.");
            await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, $"subscribe-{name}.png"), FullPage = true });
        }
    }

    [Fact]
    public async Task The_confirmation_email_has_no_accessibility_violations_in_light_and_dark()
    {
        var email = Unique("mailaxe");
        using var reader = new SubscribeReader(App);
        using var _ = await reader.SubscribeAsync(email);
        var mail = Assert.Single(await App.ConfirmationsForAsync(email));
        var page = await (await readers.NewAsync()).NewPageAsync();

        await page.SetContentAsync(mail.Html);
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "confirmation-email-phone.png"), FullPage = true });

        await Accessibility.AssertNoViolationsAsync(page, "the confirmation email");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await Accessibility.AssertNoViolationsAsync(page, "the confirmation email in dark", Accessibility.ColourRules);
    }

    [Fact]
    public async Task The_alert_digest_and_follow_up_emails_have_no_accessibility_violations_in_light_and_dark()
    {
        var subscriber = await App.AddConfirmedSubscriberAsync(Unique("mailings-axe"));
        var article = new MailArticle(1, "Council approves the harbour path \u201cat last\u201d", "A standfirst with <angle> brackets & an ampersand.",
            "council-approves-harbour-path", DateTime.UtcNow.AddHours(-2), 1, "City", "/media/example.webp", "The harbour path at dusk");
        var mails = await App.WithDbAsync((_, services) =>
        {
            var content = services.GetRequiredService<MailingContent>();
            var recipient = new Recipient(subscriber.Id, subscriber.Email, subscriber.LinkKey);
            return Task.FromResult(new Dictionary<string, string>
            {
                ["the alert"] = content.For(content.Alert(article), recipient, content.Reason(Broadsheet.Mail.MailJobKind.Alert)).Html,
                ["the daily digest"] = content.For(content.Digest(Broadsheet.Mail.MailJobKind.DailyDigest, DateTime.UtcNow, [article, article with { Id = 2, Standfirst = null }], 3), recipient,
                    content.Reason(Broadsheet.Mail.MailJobKind.DailyDigest)).Html,
                ["the follow-up"] = content.For(content.FollowUp(article, 7, "Ann", "Yes, on Sundays at least.\n\nSee https://example.org/timetable", isReply: true), recipient,
                    content.FollowReason(isReply: true)).Html,
            });
        });

        var page = await (await readers.NewAsync()).NewPageAsync();
        foreach (var (what, html) in mails)
        {
            Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
            await page.SetContentAsync(html);
            await Accessibility.AssertNoViolationsAsync(page, what);
            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
            await Accessibility.AssertNoViolationsAsync(page, what + " in dark", Accessibility.ColourRules);
        }
    }

    ValueTask IAsyncDisposable.DisposeAsync() => readers.DisposeAsync();
}
