using System.Text.RegularExpressions;
using Broadsheet.Tests.Browser;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Broadsheet.Tests.Search;

/// <summary>The search box and the results page in Debian's Chromium: with and without JavaScript, at phone and desktop widths.</summary>
[Collection(BrowserTests.Name)]
public sealed class SearchBrowserTests(SearchApp app, Chromium chromium) : AppTest<SearchApp>(app), IClassFixture<SearchApp>
{
    private async Task<IPage> NewPageAsync(int width, bool javaScript = true, ColorScheme scheme = ColorScheme.Light)
    {
        var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = App.BaseAddress.ToString(),
            ViewportSize = new() { Width = width, Height = 800 },
            JavaScriptEnabled = javaScript,
            ColorScheme = scheme,
        });
        return await context.NewPageAsync();
    }

    private static async Task AssertAccessibleAsync(IPage page, string what)
    {
        await Accessibility.AssertNoViolationsAsync(page, what);
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > document.documentElement.clientWidth"), $"{what} scrolls sideways.");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_header_search_box_finds_an_article_with_or_without_JavaScript(bool javaScript)
    {
        var word = "zq" + Guid.NewGuid().ToString("N")[..10];
        await new ArticleBuilder().Headline($"Lighthouse keeper {word} retires").Body($"After forty years the keeper {word} hands over the lamp.").SaveAsync(App);
        var page = await NewPageAsync(390, javaScript);

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search the site" }).FillAsync(word);
        await page.GetByRole(AriaRole.Search, new() { Name = "Site" }).GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/search\\?q={word}$"));
        await Assertions.Expect(page.Locator(".search-results h3 mark")).ToHaveTextAsync(word);
        await page.Locator(".search-results h3 a").ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync($"Lighthouse keeper {word} retires");
    }

    [Theory]
    [InlineData(390, ColorScheme.Light)]
    [InlineData(390, ColorScheme.Dark)]
    [InlineData(1280, ColorScheme.Light)]
    public async Task Results_no_results_and_the_empty_search_page_have_no_accessibility_violations(int width, ColorScheme scheme)
    {
        var word = "zq" + Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < BroadsheetApp.PageSize + 1; i++)
        {
            await new ArticleBuilder().Headline($"Ferry timetable {word} change {i}")
                .Body($"The ferry {word} timetable changes on Monday; a very long word follows: {new string('x', 120)}.").Tagged("Transport").SaveAsync(App);
        }

        var page = await NewPageAsync(width, scheme: scheme);
        foreach (var path in new[] { $"/search?q={word}", $"/search?q={word}&page=2", "/search?q=nothing+matches+zqzqzqzq", "/search", $"/search?q={word}&from=soon&section=city" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(200, response!.Status);
            await AssertAccessibleAsync(page, $"{path} at {width} px ({scheme})");
        }
    }
}
