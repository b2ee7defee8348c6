using System.Text.RegularExpressions;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;
using Broadsheet.Tests.Media;
using Microsoft.Playwright;

namespace Broadsheet.Tests.Browser;

/// <summary>The media library as an editor uses it, in Debian's Chromium.</summary>
[Collection(BrowserTests.Name)]
public sealed class MediaLibraryBrowserTests(NewsroomApp app, Chromium chromium) : AppTest<NewsroomApp>(app), IClassFixture<NewsroomApp>
{
    private readonly List<string> consoleErrors = [];

    [Fact]
    public async Task An_editor_finds_an_image_and_edits_its_text_with_no_accessibility_violations_on_a_desktop_and_a_dark_phone()
    {
        var (email, password) = await App.CreateUserAsync(NewsroomRoles.Editor);
        var page = await SignInAsync(email, password, ColorScheme.Light, 1280);
        var name = $"lighthouse-{Guid.NewGuid().ToString("N")[..6]}.png";
        await page.GetByLabel("Image file").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "image/png", Buffer = TestImages.Png(1600, 900) });
        await page.GetByLabel("Alt text (what the image shows)").FillAsync("The lighthouse");
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await Assertions.Expect(page.Locator(".nr-flash")).ToContainTextAsync($"Uploaded {name}");

        await page.GetByLabel("Search", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Type").SelectOptionAsync("PNG");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"\?q=.*&type=png"));
        await AssertNoViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await page.GetByLabel("Alt text (what the image shows)").FillAsync("The lighthouse on the north pier at dusk");
        await page.GetByLabel("Caption", new() { Exact = true }).FillAsync("The north pier light, lit for the last time.");
        await page.GetByLabel("Credit", new() { Exact = true }).FillAsync("Photo: Harbour Desk");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator(".nr-flash")).ToHaveTextAsync("Saved.");
        await Assertions.Expect(page.GetByLabel("Caption", new() { Exact = true })).ToHaveValueAsync("The north pier light, lit for the last time.");
        var editUrl = new Uri(page.Url).PathAndQuery;
        await AssertNoViolationsAsync(page);

        var phone = await SignInAsync(email, password, ColorScheme.Dark, 390);
        await phone.GotoAsync(editUrl);
        await Assertions.Expect(phone.GetByLabel("Credit", new() { Exact = true })).ToHaveValueAsync("Photo: Harbour Desk");
        await AssertFitsAsync(phone);
        await AssertNoViolationsAsync(phone);
        // A search that cannot be understood is explained, and the library still shows.
        await phone.GotoAsync("/newsroom/media?type=tiff&month=soon");
        await Assertions.Expect(phone.Locator(".nr-media-problems")).ToContainTextAsync("That image type is not one the library keeps");
        await Assertions.Expect(phone.GetByRole(AriaRole.Link, new() { Name = name })).ToBeVisibleAsync();
        await AssertFitsAsync(phone);
        await AssertNoViolationsAsync(phone);
        Assert.Empty(consoleErrors);
    }

    private async Task<IPage> SignInAsync(string email, string password, ColorScheme scheme, int width)
    {
        var page = await chromium.NewPageAsync(App.BaseAddress, scheme, width, consoleErrors);
        await page.GotoAsync("/newsroom/media");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/newsroom/signin"));
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/newsroom/media$"));
        return page;
    }

    private static async Task AssertFitsAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The page scrolls sideways.");

    private static Task AssertNoViolationsAsync(IPage page) => Accessibility.AssertNoViolationsAsync(page, page.Url);
}
