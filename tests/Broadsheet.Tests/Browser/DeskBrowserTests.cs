using System.Text.RegularExpressions;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Broadsheet.Tests.Browser;

/// <summary>The Sections and Authors pages as an editor uses them, in Debian's Chromium.</summary>
[Collection(BrowserTests.Name)]
public sealed class DeskBrowserTests(NewsroomApp app, Chromium chromium) : AppTest<NewsroomApp>(app), IClassFixture<NewsroomApp>
{
    private static Task AssertNoViolationsAsync(IPage page) => Accessibility.AssertNoViolationsAsync(page, page.Url);

    [Theory]
    [InlineData(ColorScheme.Light, 1280)]
    [InlineData(ColorScheme.Dark, 390)]
    public async Task An_editor_orders_sections_and_creates_a_byline_only_author_on_pages_without_accessibility_violations(ColorScheme scheme, int width)
    {
        var (email, password) = await App.CreateUserAsync(NewsroomRoles.Editor);
        await using var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = App.BaseAddress.ToString(),
            ColorScheme = scheme,
            ViewportSize = new() { Width = width, Height = 900 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/newsroom/sections");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/newsroom/sections$"));
        await AssertNoViolationsAsync(page);

        // The last section moves up one place: the buttons work without script.
        var rows = page.Locator("tbody tr");
        var last = await rows.Last.Locator("td").First.InnerTextAsync();
        await rows.Last.GetByRole(AriaRole.Button, new() { Name = "Move up" }).ClickAsync();
        await Assertions.Expect(page.Locator(".nr-flash")).ToContainTextAsync("moved up");
        await Assertions.Expect(rows.Nth(await rows.CountAsync() - 2).Locator("td").First).ToHaveTextAsync(last);
        await AssertNoViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Authors", Exact = true }).Last.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/newsroom/authors$"));
        await AssertNoViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "New author" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("New author");
        await AssertNoViolationsAsync(page);
        var name = $"Coastal Wire {Guid.NewGuid().ToString("N")[..6]}";
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Website").FillAsync("https://wire.example.org/");
        await page.GetByLabel("Biography").FillAsync("News from along the coast.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create author" }).ClickAsync();
        await Assertions.Expect(page.Locator(".nr-flash")).ToContainTextAsync(name);
        await Assertions.Expect(page.Locator("tbody tr", new() { HasText = name })).ToContainTextAsync("Byline only");
        await AssertNoViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = $"Edit {name}" }).ClickAsync();
        await page.GetByLabel("Website").FillAsync("not an address");
        await page.GetByLabel("Website").EvaluateAsync("input => input.type = 'text'");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save author" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-valmsg-for='Input.WebsiteUrl']")).ToContainTextAsync("full address of the website");
        await Assertions.Expect(page.GetByLabel("Website")).ToHaveValueAsync("not an address");
        await AssertNoViolationsAsync(page);

        // The public author page, with the profile's link.
        await page.GetByRole(AriaRole.Link, new() { Name = "Author page" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(name);
        await Assertions.Expect(page.Locator(".author-links a")).ToHaveAttributeAsync("href", "https://wire.example.org/");
        await AssertNoViolationsAsync(page);
        if (Environment.GetEnvironmentVariable("BROADSHEET_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"author-{scheme}-{width}.png"), FullPage = true });
        }
    }
}
