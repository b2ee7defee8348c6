using System.Text.RegularExpressions;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Broadsheet.Tests.Browser;

/// <summary>A discussion of thousands of comments in a real browser: the next page as a plain link, and appended in place.</summary>
[Collection(BrowserTests.Name)]
public sealed class CommentPagingBrowserTests : AppTest<BrowserCommentApp>, IClassFixture<BrowserCommentApp>, IAsyncDisposable
{
    private readonly ReaderContexts readers;

    public CommentPagingBrowserTests(BrowserCommentApp app, Chromium chromium) : base(app) =>
        readers = new ReaderContexts(chromium, app.BaseAddress);

    private async Task<(string Path, LongDiscussion Discussion)> DiscussionAsync()
    {
        await App.SetDiscussionAsync(p =>
        {
            p.CommentsPerPage = 50;
            p.NewestCommentsFirst = false;
            p.HoldFirstComment = false;
        });
        var article = await new ArticleBuilder().SaveAsync(App);
        return (App.PathOf(article), await LongDiscussion.WriteAsync(App, article.Id, 2000));
    }

    private static ILocator Threads(IPage page) => page.Locator("#comments > ol > li");

    [Fact]
    public async Task Without_javascript_newer_comments_is_a_plain_link_to_the_next_page()
    {
        var (path, discussion) = await DiscussionAsync();
        var page = await readers.OpenAsync(path, javaScript: false);
        await Expect(Threads(page)).ToHaveCountAsync(50);

        await page.GetByRole(AriaRole.Link, new() { Name = "Newer comments" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape($"{path}?cpage=2#comments") + "$"));
        await Expect(Threads(page)).ToHaveCountAsync(50);
        await Expect(Threads(page).First).ToHaveIdAsync($"comment-{discussion.Threads[50]}");
        // The way back is both above the threads (for a reader who landed here) and in the pager below them.
        var back = page.GetByRole(AriaRole.Link, new() { Name = "Older comments" });
        await Expect(back).ToHaveCountAsync(2);
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Comment pages" }).GetByRole(AriaRole.Link, new() { Name = "Older comments" }))
            .ToHaveAttributeAsync("href", $"{path}#comments");
        await Expect(back.First).ToHaveAttributeAsync("href", $"{path}#comments");
        await Expect(page.Locator("#comments")).ToBeInViewportAsync();
    }

    [Fact]
    public async Task With_javascript_the_next_threads_are_appended_in_place_and_can_be_answered()
    {
        var (path, discussion) = await DiscussionAsync();
        var page = await readers.OpenAsync(path);
        var newer = page.GetByRole(AriaRole.Link, new() { Name = "Newer comments" });

        await newer.ClickAsync();

        await Expect(Threads(page)).ToHaveCountAsync(100);
        Assert.EndsWith(path, new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        Assert.Equal("", new Uri(page.Url).Query);
        var ids = await Threads(page).EvaluateAllAsync<string[]>("items => items.map(i => i.id)");
        Assert.Equal(discussion.Threads.Take(100).Select(id => $"comment-{id}"), ids);
        await Expect(page.Locator("#comments [data-load-more-status]")).ToHaveTextAsync("50 more comment threads loaded.");
        await Expect(page.Locator($"#comment-{discussion.Threads[50]} .comment-date a").First).ToBeFocusedAsync();
        await Expect(newer).ToHaveAttributeAsync("href", $"{path}?cpage=3#comments");

        // The appended threads are live: replying moves the form under the comment.
        await page.GetByRole(AriaRole.Link, new() { Name = "Reply to Reader 60", Exact = true }).ClickAsync();
        await Expect(page.Locator($"#comment-{discussion.Threads[60]} [data-comment-form]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-replying-to-name]")).ToHaveTextAsync("Replying to Reader 60");
        readers.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_second_page_of_comments_has_no_accessibility_violations_in_light_and_dark()
    {
        var (path, _) = await DiscussionAsync();
        var page = await readers.OpenAsync($"{path}?cpage=2");

        await Accessibility.AssertNoViolationsLightAndDarkAsync(page, "page 2 of the discussion");

        readers.AssertNoConsoleErrors();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => readers.DisposeAsync();
}
