using System.Text.RegularExpressions;
using Broadsheet.Accounts;
using Broadsheet.Tests.Browser;
using Broadsheet.Tests.Infrastructure;
using Broadsheet.Webhooks;
using Microsoft.Playwright;

namespace Broadsheet.Tests.Webhooks;

/// <summary>The webhook pages as an administrator uses them, in Debian's Chromium, on a desktop and on a phone.</summary>
[Collection(BrowserTests.Name)]
public sealed class WebhookPagesBrowserTests(WebhookApp app, Chromium chromium) : AppTest<WebhookApp>(app), IClassFixture<WebhookApp>
{
    private async Task<IPage> SignInAsync(ColorScheme scheme, int width)
    {
        var (email, password) = await App.CreateUserAsync(NewsroomRoles.Administrator);
        var context = await chromium.Browser.NewContextAsync(new() { BaseURL = App.BaseAddress.ToString(), ColorScheme = scheme, ViewportSize = new() { Width = width, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/newsroom/webhooks");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/newsroom/webhooks$"));
        return page;
    }

    private static async Task AssertReadableAsync(IPage page)
    {
        await Accessibility.AssertNoViolationsAsync(page, page.Url);
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the page scrolls sideways by {overflow} px at {page.ViewportSize!.Width} px");
    }

    [Theory]
    [InlineData(ColorScheme.Light, 1280)]
    [InlineData(ColorScheme.Dark, 390)]
    public async Task An_administrator_adds_an_endpoint_sees_its_secret_once_and_reads_its_delivery_log_without_accessibility_violations(ColorScheme scheme, int width)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answers.Enqueue(500);
        var page = await SignInAsync(scheme, width);
        await AssertReadableAsync(page);

        // A refused address (only http and https are sent to) comes back with the message and what was typed.
        await page.GetByLabel("Endpoint URL").FillAsync("ftp://hooks.example.org/broadsheet");
        await page.GetByLabel("Description (optional)").FillAsync("Newsletter tool");
        await page.Locator("#event-article-published").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add endpoint" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Description (optional)")).ToHaveValueAsync("Newsletter tool");
        await Assertions.Expect(page.Locator(".nr-error").First).Not.ToBeEmptyAsync();
        await AssertReadableAsync(page);

        await page.GetByLabel("Endpoint URL").FillAsync(receiver.Url());
        await page.GetByRole(AriaRole.Button, new() { Name = "Add endpoint" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Signing secret" })).ToHaveValueAsync(new Regex("^whsec_"));
        await AssertReadableAsync(page);

        // A delivery that failed once and then went through, as the log shows it.
        await page.GetByRole(AriaRole.Link, new() { Name = receiver.Url() }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send test event" }).ClickAsync();
        // The post answers with a redirect back to this page: reloading before it has arrived races that navigation.
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Test event queued");
        await App.DeliverWebhooksAsync();
        App.Clock.Advance(TimeSpan.FromSeconds(6));
        await App.DeliverWebhooksAsync();
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("500");
        await AssertReadableAsync(page);
        Assert.Equal(2, receiver.Requests.Count);
    }
}
