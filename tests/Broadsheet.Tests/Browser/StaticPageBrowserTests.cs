using System.Text.RegularExpressions;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Broadsheet.Tests.Browser;

/// <summary>A static page as readers see it, and its newsroom editor, in Debian's Chromium at phone width.</summary>
[Collection(BrowserTests.Name)]
public sealed class StaticPageBrowserTests(NewsroomApp app, Chromium chromium) : AppTest<NewsroomApp>(app), IClassFixture<NewsroomApp>
{
    private const int PhoneWidth = 375;

    /// <summary>Where the screenshots go, to look at them.</summary>
    private static string Shots => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "broadsheet-screenshots")).FullName;

    private readonly List<string> consoleErrors = [];

    private async Task<IPage> NewPageAsync(ColorScheme scheme = ColorScheme.Light)
    {
        var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = App.BaseAddress.ToString(),
            ColorScheme = scheme,
            ViewportSize = new() { Width = PhoneWidth, Height = 800 },
        });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => consoleErrors.Add(error);
        return page;
    }

    private static async Task AssertAccessibleAsync(IPage page, string what)
    {
        await Accessibility.AssertNoViolationsAsync(page, what);
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > document.documentElement.clientWidth"), $"{what} scrolls sideways at {PhoneWidth} px.");
    }

    [Fact]
    public async Task A_static_page_and_the_pages_editor_have_no_accessibility_violations_on_a_phone()
    {
        var about = await new StaticPageBuilder().Titled("About the Valley Gazette").InFooter(1)
            .Markdown("We have covered the valley since 1901.\n\n## Contact the newsroom\n\n- Tips: [tips@example.org](mailto:tips@example.org)\n- Letters to the editor, by post\n\n> Independent, local, and read by everyone.")
            .SaveAsync(App);
        await new StaticPageBuilder().Titled("Privacy policy").InFooter(2).SaveAsync(App);

        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            var reader = await NewPageAsync(scheme);
            var response = await reader.GotoAsync($"/{about.Slug}");
            Assert.Equal(200, response!.Status);
            await Assertions.Expect(reader.Locator("main h1")).ToHaveTextAsync("About the Valley Gazette");
            await Assertions.Expect(reader.Locator("footer .footer-pages a").First).ToHaveTextAsync("About the Valley Gazette");
            await AssertAccessibleAsync(reader, $"The static page ({scheme})");
            await reader.ScreenshotAsync(new() { Path = Path.Combine(Shots, $"static-page-phone-{scheme.ToString().ToLowerInvariant()}.png"), FullPage = true });
        }

        var (email, password) = await App.CreateUserAsync(NewsroomRoles.Administrator);
        var newsroom = await NewPageAsync();
        await newsroom.GotoAsync("/newsroom/pages");
        await newsroom.GetByLabel("Email").FillAsync(email);
        await newsroom.GetByLabel("Password").FillAsync(password);
        await newsroom.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(newsroom).ToHaveURLAsync(new Regex("/newsroom/pages$"));
        await AssertAccessibleAsync(newsroom, "The pages list");

        await newsroom.GetByRole(AriaRole.Link, new() { Name = "About the Valley Gazette" }).ClickAsync();
        await Assertions.Expect(newsroom.Locator("h1")).ToHaveTextAsync("Edit page");
        await AssertAccessibleAsync(newsroom, "The page editor");

        await newsroom.GetByLabel("Body").FillAsync("We have covered the *whole* valley since 1901.");
        await newsroom.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Assertions.Expect(newsroom.Locator("#preview em")).ToHaveTextAsync("whole");
        await AssertAccessibleAsync(newsroom, "The page editor with its preview");
        await newsroom.ScreenshotAsync(new() { Path = Path.Combine(Shots, "static-page-editor-phone.png"), FullPage = true });

        await newsroom.GetByRole(AriaRole.Button, new() { Name = "Update" }).ClickAsync();
        await Assertions.Expect(newsroom.Locator(".nr-flash")).ToHaveTextAsync($"Page published at /{about.Slug}.");
        await newsroom.GetByRole(AriaRole.Link, new() { Name = "Revisions (1)" }).ClickAsync();
        await Assertions.Expect(newsroom.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Revisions");
        await AssertAccessibleAsync(newsroom, "The page's revisions");

        await newsroom.GotoAsync("/newsroom/settings#footer-menu");
        await AssertAccessibleAsync(newsroom, "The settings page with its footer menu");
        await newsroom.Locator("#footer-menu").ScreenshotAsync(new() { Path = Path.Combine(Shots, "footer-menu-settings-phone.png") });
        Assert.Empty(consoleErrors);
    }
}
