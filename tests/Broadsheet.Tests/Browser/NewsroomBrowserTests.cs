using System.Text.RegularExpressions;
using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Tests.Infrastructure;
using Broadsheet.Tests.Media;
using Microsoft.Playwright;

namespace Broadsheet.Tests.Browser;

/// <summary>The newsroom as a writer uses it, in Debian's Chromium.</summary>
[Collection(BrowserTests.Name)]
public sealed partial class NewsroomBrowserTests(NewsroomApp app, Chromium chromium) : AppTest<NewsroomApp>(app), IClassFixture<NewsroomApp>
{
    private readonly List<string> consoleErrors = [];

    private async Task<IPage> SignInAsync(string role, ColorScheme scheme = ColorScheme.Light, int width = 1280)
    {
        var (email, password) = await App.CreateUserAsync(role);
        var page = await NewPageAsync(scheme, width);
        await page.GotoAsync("/newsroom/articles");
        await SignInOnPageAsync(page, email, password);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/newsroom/articles$"));
        return page;
    }

    private static async Task SignInOnPageAsync(IPage page, string email, string password)
    {
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/newsroom/signin"));
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    private async Task<IPage> NewPageAsync(ColorScheme scheme = ColorScheme.Light, int width = 1280)
    {
        var page = await chromium.NewPageAsync(App.BaseAddress, scheme, width, consoleErrors);
        return page;
    }

    [Fact]
    public async Task A_writer_signs_in_writes_with_a_featured_image_previews_publishes_and_finds_it_on_the_home_page_and_in_the_feed()
    {
        var page = await SignInAsync(NewsroomRoles.Author);
        await page.GetByRole(AriaRole.Link, new() { Name = "Media", Exact = true }).ClickAsync();
        await page.GetByLabel("Image file").SetInputFilesAsync(new FilePayload { Name = "lighthouse.png", MimeType = "image/png", Buffer = TestImages.Png(1600, 900) });
        await page.GetByLabel("Alt text (what the image shows)").FillAsync("The lighthouse on the north pier");
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await Assertions.Expect(page.Locator(".nr-flash")).ToContainTextAsync("Uploaded lighthouse.png");

        await page.GotoAsync("/newsroom/articles");
        await page.GetByRole(AriaRole.Link, new() { Name = "New article" }).ClickAsync();
        var headline = $"Lighthouse keeper retires after forty years {Guid.NewGuid().ToString("N")[..6]}";
        await page.GetByLabel("Headline").FillAsync(headline);
        await page.GetByLabel("Standfirst").FillAsync("The last keeper of the north pier light hands over the keys.");
        await page.GetByLabel("Body", new() { Exact = true }).FillAsync("The light has burned every night since 1902.\n\n> \"It was the best job in town,\" she said.");
        await Assertions.Expect(page.Locator("#preview blockquote")).ToContainTextAsync("\u201cIt was the best job in town,\u201d she said.");

        await page.Locator(".nr-media-option", new() { HasText = "lighthouse.png" }).Locator("input").CheckAsync();
        await Assertions.Expect(page.GetByLabel("Alt text", new() { Exact = true })).ToHaveValueAsync("The lighthouse on the north pier");
        await page.GetByLabel("Caption").FillAsync("The north pier light at dusk.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Assertions.Expect(page.Locator(".nr-flash")).ToHaveTextAsync("Article published.");

        await page.GotoAsync("/");
        var story = page.Locator("article", new() { HasText = headline }).First;
        await Assertions.Expect(story).ToBeVisibleAsync();
        await Assertions.Expect(story.Locator("img[srcset]")).ToHaveAttributeAsync("alt", "The lighthouse on the north pier");
        var feed = await page.APIRequest.GetAsync("/feed");
        Assert.Contains(headline, await feed.TextAsync(), StringComparison.Ordinal);
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task Text_typed_into_a_new_article_survives_a_reload()
    {
        var page = await SignInAsync(NewsroomRoles.Contributor);
        await page.GotoAsync("/newsroom/articles/edit");
        await page.GetByLabel("Headline").FillAsync("A draft I must not lose");
        await page.GetByLabel("Body", new() { Exact = true }).PressSequentiallyAsync("Every word of this paragraph matters.");
        await Assertions.Expect(page.Locator("#autosave-status")).ToContainTextAsync("Saved automatically");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/newsroom/articles/edit/\d+$"));

        await page.GetByLabel("Body", new() { Exact = true }).PressSequentiallyAsync(" And this one too.");
        await Assertions.Expect(page.Locator("#autosave-status")).ToContainTextAsync("Saved automatically");
        await page.WaitForTimeoutAsync(100);
        await Assertions.Expect(page.Locator("#autosave-status")).Not.ToContainTextAsync("Unsaved");
        await page.ReloadAsync();

        await Assertions.Expect(page.GetByLabel("Headline")).ToHaveValueAsync("A draft I must not lose");
        await Assertions.Expect(page.GetByLabel("Body", new() { Exact = true })).ToHaveValueAsync("Every word of this paragraph matters. And this one too.");
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task Tag_suggestions_follow_the_tag_being_typed_after_a_comma()
    {
        var page = await SignInAsync(NewsroomRoles.Author);
        await page.GotoAsync("/newsroom/articles/edit");
        await page.GetByLabel("Tags (separated by commas)").PressSequentiallyAsync("Harbour works, Astr");
        var options = await page.Locator("#tag-suggestions option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        Assert.Contains("Harbour works, Astronomy", options);
        Assert.All(options, option => Assert.StartsWith("Harbour works, Astr", option, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Text_typed_while_an_autosave_is_under_way_is_not_reported_saved_and_stays_kept_in_the_browser()
    {
        var page = await SignInAsync(NewsroomRoles.Author);
        await page.GotoAsync("/newsroom/articles/edit");
        // The first save waits until the test lets it go; the second waits until the end.
        var first = new TaskCompletionSource();
        var second = new TaskCompletionSource();
        var sent = 0;
        await page.RouteAsync(url => url.Contains("handler=Autosave", StringComparison.Ordinal), async route =>
        {
            await (Interlocked.Increment(ref sent) == 1 ? first.Task : second.Task);
            await route.ContinueAsync();
        });
        var body = page.GetByLabel("Body", new() { Exact = true });
        var status = page.Locator("#autosave-status");
        try
        {
            await page.GetByLabel("Headline").FillAsync("A save under way");
            await body.FillAsync("First part.");
            Assert.True(await Eventually.TrueAsync(() => Volatile.Read(ref sent) == 1, TimeSpan.FromSeconds(15)), "the autosave was not sent");
            await body.PressSequentiallyAsync(" Second part.");

            // The first save comes back once the second part is typed: the page must not call the text saved, and
            // the browser must keep its copy. The second save is sent only once the first's answer has been handled.
            first.SetResult();
            Assert.True(await Eventually.TrueAsync(() => Volatile.Read(ref sent) == 2, TimeSpan.FromSeconds(15)), "the autosave was not sent");
            await Assertions.Expect(status).ToContainTextAsync("Unsaved changes");
            var kept = await page.EvaluateAsync<string?>("() => Object.entries(localStorage).filter(([k]) => k.startsWith('broadsheet-draft:')).map(([, v]) => JSON.parse(v).Body).join('|')");
            Assert.Equal("First part. Second part.", kept);
        }
        finally
        {
            first.TrySetResult();
            second.TrySetResult();
        }

        await Assertions.Expect(status).ToContainTextAsync("Saved automatically");
        await page.ReloadAsync();
        await Assertions.Expect(body).ToHaveValueAsync("First part. Second part.");
    }

    [Fact]
    public async Task Text_typed_after_the_session_ended_is_kept_in_the_browser_and_offered_back()
    {
        var (email, password) = await App.CreateUserAsync(NewsroomRoles.Author);
        var page = await NewPageAsync();
        await page.GotoAsync("/newsroom/articles/edit");
        await SignInOnPageAsync(page, email, password);
        await page.GotoAsync("/newsroom/articles/edit");
        await page.GetByLabel("Headline").FillAsync("Signed out mid-sentence");
        await page.GetByLabel("Body", new() { Exact = true }).PressSequentiallyAsync("Saved part.");
        await Assertions.Expect(page.Locator("#autosave-status")).ToContainTextAsync("Saved automatically");
        var editUrl = page.Url;

        await page.Context.ClearCookiesAsync(); // the session ends
        await page.GetByLabel("Body", new() { Exact = true }).PressSequentiallyAsync(" Unsaved part.");
        await Assertions.Expect(page.Locator("#autosave-status")).ToContainTextAsync("You have been signed out");

        await page.GotoAsync(editUrl);
        await SignInOnPageAsync(page, email, password);
        await Assertions.Expect(page).ToHaveURLAsync(editUrl);
        await Assertions.Expect(page.GetByLabel("Body", new() { Exact = true })).ToHaveValueAsync("Saved part.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore the text kept in this browser" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Body", new() { Exact = true })).ToHaveValueAsync("Saved part. Unsaved part.");
        await Assertions.Expect(page.Locator("#autosave-status")).ToContainTextAsync("Saved automatically");
    }

    [Fact]
    public async Task A_contributor_cannot_publish_and_submits_for_review_instead()
    {
        var page = await SignInAsync(NewsroomRoles.Contributor);
        await page.GotoAsync("/newsroom/articles/edit");
        await page.GetByLabel("Headline").FillAsync("Allotment prize winners announced");
        await page.GetByLabel("Body", new() { Exact = true }).FillAsync("The marrow weighed nine kilograms.");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Publish" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit for review" }).ClickAsync();
        await Assertions.Expect(page.Locator(".nr-flash")).ToHaveTextAsync("Article submitted for review.");
        await Assertions.Expect(page.Locator("[data-testid=status]")).ToHaveTextAsync("Pending review");
    }

    [Fact]
    public async Task Told_that_someone_saved_meanwhile_the_writer_keeps_the_wide_editor_with_the_message_above_it()
    {
        var page = await SignInAsync(NewsroomRoles.Editor);
        var article = await new ArticleBuilder().Headline("Ferry timetable changes for winter").SaveAsync(App);
        await page.GotoAsync($"/newsroom/articles/edit/{article.Id}");
        // The form as it was opened before another editor's save: an older version.
        await page.EvalOnSelectorAsync("input[name=Version]", "input => input.value = '1'");
        await page.GetByLabel("Headline").FillAsync("Ferry timetable changes for the winter months");
        await page.GetByRole(AriaRole.Button, new() { Name = "Update" }).ClickAsync();

        var message = page.Locator(".nr-errors");
        await Assertions.Expect(message).ToContainTextAsync("saved this article at");
        await Assertions.Expect(page.GetByLabel("Headline")).ToHaveValueAsync("Ferry timetable changes for the winter months");
        // The message spans the page above the editor, which keeps its wide column (the side column is 20rem).
        var box = (await message.BoundingBoxAsync())!;
        var headline = (await page.GetByLabel("Headline").BoundingBoxAsync())!;
        Assert.True(box.Height < 150, $"The message box is {box.Height}px tall.");
        Assert.True(headline.Width > 500, $"The headline field is {headline.Width}px wide.");
        Assert.True(headline.Y > box.Y + box.Height, "The headline field is not below the message.");
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task A_scheduled_article_appears_on_the_home_page_after_its_time()
    {
        var page = await SignInAsync(NewsroomRoles.Editor);
        await page.GotoAsync("/newsroom/articles/edit");
        var headline = $"Night market opens at dawn {Guid.NewGuid().ToString("N")[..6]}";
        await page.GetByLabel("Headline").FillAsync(headline);
        await page.GetByLabel("Body", new() { Exact = true }).FillAsync("Stalls open at six.");
        var at = App.Clock.GetUtcNow().UtcDateTime.AddHours(1);
        await page.GetByLabel("Publish time").FillAsync(at.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Assertions.Expect(page.Locator(".nr-flash")).ToContainTextAsync("Article scheduled for");
        var id = int.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByText(headline)).ToHaveCountAsync(0);
        App.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(10));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((await NewsroomArticles.LoadAsync(App, id)).Status != ArticleStatus.Published && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        // The watcher evicts the cached home page just after it marks the article published.
        do
        {
            await page.ReloadAsync();
        }
        while (await page.GetByText(headline).CountAsync() == 0 && DateTime.UtcNow < deadline);

        await Assertions.Expect(page.GetByText(headline).First).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("/newsroom/articles", "Articles", ColorScheme.Light)]
    [InlineData("/newsroom/articles", "Articles", ColorScheme.Dark)]
    [InlineData("/newsroom/articles/edit", "New article", ColorScheme.Light)]
    [InlineData("/newsroom/articles/edit", "New article", ColorScheme.Dark)]
    [InlineData("edit-existing", "Edit article", ColorScheme.Light)]
    public async Task Article_list_and_editor_have_no_accessibility_violations(string path, string heading, ColorScheme scheme)
    {
        var page = await SignInAsync(NewsroomRoles.Editor, scheme);
        if (path == "edit-existing")
        {
            var id = await App.WithDbAsync((db, _) => Task.FromResult(db.Articles.OrderBy(a => a.Id).Select(a => a.Id).First()));
            path = $"/newsroom/articles/edit/{id}";
        }

        await GoToAsync(page, path, heading);
        await Accessibility.AssertNoViolationsAsync(page, path);
        Assert.Empty(consoleErrors);
    }

    /// <summary>Opens the page and checks it is the page meant: axe finds nothing wrong with a 404 or a sign-in redirect.</summary>
    private static async Task GoToAsync(IPage page, string path, string heading)
    {
        var response = await page.GotoAsync(path);
        Assert.Equal(200, response!.Status);
        Assert.Equal(path, new Uri(page.Url).PathAndQuery); // not redirected elsewhere
        Assert.StartsWith(heading, (await page.Locator("h1").TextContentAsync())!.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sign_in_page_has_no_accessibility_violations()
    {
        var context = await chromium.Browser.NewContextAsync(new() { BaseURL = App.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await GoToAsync(page, "/newsroom/signin", "Sign in");
        await Accessibility.AssertNoViolationsAsync(page, "/newsroom/signin");
    }

    [Fact]
    public async Task The_editor_works_on_a_phone_with_its_buttons_in_reach_and_nothing_scrolls_sideways()
    {
        var page = await SignInAsync(NewsroomRoles.Author, width: 360);
        await page.GotoAsync("/newsroom/articles/edit");
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > document.documentElement.clientWidth");
        Assert.False(overflow, "The editor scrolls sideways at 360 px.");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Publish" })).ToBeInViewportAsync();

        foreach (var path in new[] { "/newsroom/account", "/newsroom/articles", "/newsroom/media" })
        {
            await page.GotoAsync(path);
            Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > document.documentElement.clientWidth"), $"{path} scrolls sideways at 360 px.");
        }
    }
}
