using System.Text.RegularExpressions;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Broadsheet.Tests.Browser;

/// <summary>The newsroom's trash as an editor uses it, in Debian's Chromium.</summary>
[Collection(BrowserTests.Name)]
public sealed class ArticleTrashBrowserTests(NewsroomApp app, Chromium chromium) : AppTest<NewsroomApp>(app), IClassFixture<NewsroomApp>
{
    private readonly List<string> consoleErrors = [];

    private async Task<IPage> SignInAsync(string email, string password, ColorScheme scheme, int width)
    {
        var page = await chromium.NewPageAsync(App.BaseAddress, scheme, width, consoleErrors);
        await page.GotoAsync("/newsroom/articles");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/newsroom/articles$"));
        return page;
    }

    [Fact]
    public async Task An_editor_moves_an_article_to_the_trash_finds_it_there_and_restores_it()
    {
        var headline = $"Pier lights switched off {Guid.NewGuid().ToString("N")[..6]}";
        var article = await new ArticleBuilder().Headline(headline).SaveAsync(App);
        var (email, password) = await App.CreateUserAsync(NewsroomRoles.Editor);

        var page = await SignInAsync(email, password, ColorScheme.Light, 1280);
        await page.GotoAsync($"/newsroom/articles/edit/{article.Id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Move to trash" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/newsroom/articles/trash$"));
        await Assertions.Expect(page.Locator(".nr-flash")).ToContainTextAsync("moved to the trash");
        await Assertions.Expect(page.Locator("tbody tr", new() { HasText = headline })).ToContainTextAsync("Published");
        await Accessibility.AssertNoViolationsAsync(page, "Trash at 1280 px, light");

        // The list leads to the trash, and no longer lists the article itself.
        await page.GotoAsync("/newsroom/articles");
        await Assertions.Expect(page.GetByText(headline)).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Trash (1)" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Trash");

        var phone = await SignInAsync(email, password, ColorScheme.Dark, 390);
        await phone.GotoAsync("/newsroom/articles/trash");
        await Assertions.Expect(phone.Locator("tbody tr", new() { HasText = headline })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(phone, "Trash at 390 px, dark");

        await phone.GetByRole(AriaRole.Button, new() { Name = $"Restore {headline}" }).ClickAsync();
        await Assertions.Expect(phone.Locator(".nr-flash")).ToContainTextAsync("published again");
        await Assertions.Expect(phone.GetByText("The trash is empty.")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(phone, "Empty trash at 390 px, dark");

        await phone.GotoAsync("/newsroom/articles");
        await Assertions.Expect(phone.GetByRole(AriaRole.Link, new() { Name = headline })).ToBeVisibleAsync();
        Assert.Empty(consoleErrors);
    }
}
