using Broadsheet.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Broadsheet.Tests.Browser;

[Collection(BrowserTests.Name)]
public sealed class ReaderBrowserTests(SqliteApp app, Chromium chromium) : AppTest<SqliteApp>(app), IClassFixture<SqliteApp>
{
    private async Task<IPage> OpenAsync(string path, bool javaScript = true, ColorScheme scheme = ColorScheme.Light, int width = 1280)
    {
        var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = App.BaseAddress.ToString(),
            JavaScriptEnabled = javaScript,
            ColorScheme = scheme,
            ViewportSize = new() { Width = width, Height = 900 },
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        var response = await page.GotoAsync(path);
        Assert.True(response!.Ok, $"{path} answered {response.Status}");
        pageErrors[page] = errors;
        return page;
    }

    private readonly Dictionary<IPage, List<string>> pageErrors = [];

    private void AssertNoConsoleErrors(IPage page) =>
        Assert.True(pageErrors[page].Count == 0, "Console errors: " + string.Join("; ", pageErrors[page]));

    private async Task<string> ArticleWithCommentsAsync()
    {
        var article = await new ArticleBuilder()
            .Headline("Browser test: the harbour wall is repaired")
            .Body("The work took six weeks.\n\n> \"It held [through the storm],\" said the engineer.")
            .WithImage()
            .WithComment("Ada", "Good news for the harbour.")
            .WithComment("Ben", "Agreed, Ada.", replyTo: 0)
            .SaveAsync(App);
        var date = article.PublishedAt!.Value;
        return FormattableString.Invariant($"/{date:yyyy}/{date:MM}/{date:dd}/{article.Slug}");
    }

    [Fact]
    public async Task Article_page_shows_date_line_headline_body_comments_and_more_articles()
    {
        var page = await OpenAsync(await ArticleWithCommentsAsync());

        await Assertions.Expect(page.Locator(".dateline time")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Browser test: the harbour wall is repaired");
        await Assertions.Expect(page.Locator(".body blockquote")).ToContainTextAsync("[through the storm]");
        await Assertions.Expect(page.Locator("#comments .comment")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#comments .thread .thread .comment-body")).ToHaveTextAsync("Agreed, Ada.");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "More Articles" })).ToBeVisibleAsync();
        Assert.True(await page.Locator("#more-articles .card").CountAsync() >= 6);
        AssertNoConsoleErrors(page);
    }

    [Fact]
    public async Task Load_more_appends_articles_in_place_with_javascript()
    {
        var path = await ArticleWithCommentsAsync();
        var page = await OpenAsync(path);
        var cards = page.Locator("#more-articles .card");
        var before = await cards.CountAsync();
        var firstLinks = await page.Locator("#more-articles .card h3 a").EvaluateAllAsync<string[]>("els => els.map(e => e.getAttribute('href'))");

        await page.GetByRole(AriaRole.Link, new() { Name = "Load more" }).ClickAsync();

        await Assertions.Expect(cards).ToHaveCountAsync(before * 2);
        Assert.EndsWith(path, new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        var allLinks = await page.Locator("#more-articles .card h3 a").EvaluateAllAsync<string[]>("els => els.map(e => e.getAttribute('href'))");
        Assert.Equal(allLinks.Length, allLinks.Distinct().Count());
        Assert.Equal(firstLinks, allLinks[..firstLinks.Length]);
        await Assertions.Expect(page.Locator("[data-load-more-status]")).ToHaveTextAsync($"{before} more articles loaded.");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Load more" })).ToHaveAttributeAsync("href", path + "/more?page=3");
        AssertNoConsoleErrors(page);
    }

    [Fact]
    public async Task Load_more_is_a_plain_link_to_the_next_page_without_javascript()
    {
        var path = await ArticleWithCommentsAsync();
        var page = await OpenAsync(path, javaScript: false);

        await page.GetByRole(AriaRole.Link, new() { Name = "Load more" }).ClickAsync();

        var next = new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(path + "/more?page=2") + "$");
        await Assertions.Expect(page).ToHaveURLAsync(next, new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("More Articles");
        Assert.True(await page.Locator("#more-articles .card").CountAsync() > 0);
    }

    [Theory]
    [InlineData("/", ColorScheme.Light)]
    [InlineData("/", ColorScheme.Dark)]
    [InlineData("/section/city", ColorScheme.Light)]
    [InlineData("/section/city", ColorScheme.Dark)]
    [InlineData("article", ColorScheme.Light)]
    [InlineData("article", ColorScheme.Dark)]
    public async Task Pages_have_no_accessibility_violations(string path, ColorScheme scheme)
    {
        var page = await OpenAsync(path == "article" ? await ArticleWithCommentsAsync() : path, scheme: scheme);

        await Accessibility.AssertNoViolationsAsync(page, $"{path}, {scheme}");
        AssertNoConsoleErrors(page);
    }

    [Fact]
    public async Task Article_page_is_readable_at_320_pixels_without_sideways_scrolling()
    {
        var page = await OpenAsync(await ArticleWithCommentsAsync(), width: 320);

        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");

        Assert.True(scrollWidth <= 320, $"page is {scrollWidth}px wide");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "broadsheet-article-320.png"), FullPage = false });
    }

    [Fact]
    public async Task Skip_link_moves_focus_to_the_main_content()
    {
        var page = await OpenAsync("/");

        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        Assert.Equal("main", await page.EvaluateAsync<string>("document.activeElement.id"));
    }
}
