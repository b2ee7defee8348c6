using System.Globalization;
using System.Text.RegularExpressions;
using Broadsheet.Comments;
using Broadsheet.Spam;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Broadsheet.Tests.Browser;

/// <summary>
/// The comment app for a real browser. The form's signed time comes from the test clock, which stands still
/// while the reader types, so the minimum fill time is off: otherwise every comment would be held as too fast.
/// </summary>
public sealed class BrowserCommentApp : CommentApp
{
    public BrowserCommentApp() => Configure("Broadsheet:Comments:MinimumFillTime", "00:00:00");
}

[Collection(BrowserTests.Name)]
public sealed partial class CommentBrowserTests : AppTest<BrowserCommentApp>, IClassFixture<BrowserCommentApp>, IAsyncDisposable
{
    private const string Awaiting = "Your comment is awaiting moderation.";
    private const string Verified = "Verified: you can post your comment.";

    private readonly ReaderContexts readers;

    public CommentBrowserTests(BrowserCommentApp app, Chromium chromium) : base(app) =>
        readers = new ReaderContexts(chromium, app.BaseAddress);

    [Fact]
    public async Task A_reader_solves_the_check_in_the_page_and_lands_on_their_posted_comment()
    {
        await App.SetDiscussionAsync(p => p.HoldFirstComment = false);
        var article = await new ArticleBuilder().SaveAsync(App);
        var path = App.PathOf(article);
        var context = await readers.NewAsync();
        var stateRequests = 0;
        context.Request += (_, request) =>
        {
            if (request.Url.Contains("/comments/state", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref stateRequests);
            }
        };
        var page = await readers.OpenAsync(context, path);
        await Expect(page.Locator("[data-challenge-status]")).ToContainTextAsync("when you start writing");
        Assert.Equal(0, stateRequests);

        await FillAsync(page, "The new ferry timetable suits early workers.", "Grace Hopper", "grace@example.org");
        await ExpectVerifiedAsync(page);
        var id = await PostAsync(page, path);

        var comment = page.Locator($"#comment-{id}");
        await Expect(comment.Locator(".comment-body")).ToHaveTextAsync("The new ferry timetable suits early workers.");
        await Expect(comment.Locator(".comment-author")).ToHaveTextAsync("Grace Hopper");
        await Expect(comment).ToBeInViewportAsync();
        var stored = await App.CommentAsync(id);
        Assert.Equal(CommentStatus.Approved, stored.Status);
        Assert.Null(stored.ModerationReason);
        readers.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Client_validation_shows_the_exact_messages_keeps_the_typed_text_and_posts_nothing()
    {
        var article = await new ArticleBuilder().SaveAsync(App);
        var path = App.PathOf(article);
        var page = await readers.OpenAsync(path);
        var posts = 0;
        page.Request += (_, request) =>
        {
            if (request.Method == "POST")
            {
                Interlocked.Increment(ref posts);
            }
        };

        await PostButton(page).ClickAsync();

        await Expect(page.Locator("#comment-text-error")).ToHaveTextAsync(CommentInput.EmptyComment);
        await Expect(page.Locator("#comment-name-error")).ToHaveTextAsync(CommentInput.EmptyName);
        await Expect(page.Locator("#comment-email-error")).ToHaveTextAsync(CommentInput.BadEmail);
        await Expect(CommentField(page)).ToBeFocusedAsync();
        await Expect(CommentField(page)).ToHaveAttributeAsync("aria-invalid", "true");

        await CommentField(page).FillAsync("Half a thought about the harbour,\nand a second line.");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync("not-an-address");
        await PostButton(page).ClickAsync();

        await Expect(page.Locator("#comment-text-error")).ToBeEmptyAsync();
        await Expect(CommentField(page)).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#comment-name-error")).ToHaveTextAsync(CommentInput.EmptyName);
        await Expect(page.Locator("#comment-email-error")).ToHaveTextAsync(CommentInput.BadEmail);
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToBeFocusedAsync();
        // Every field with an error is outlined, inputs as well as the comment box; a corrected one is not.
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveCSSAsync("border-top-width", "2px");
        await Expect(page.GetByLabel("Email", new() { Exact = true })).ToHaveCSSAsync("border-top-width", "2px");
        await Expect(CommentField(page)).ToHaveCSSAsync("border-top-width", "1px");
        await Expect(CommentField(page)).ToHaveValueAsync("Half a thought about the harbour,\nand a second line.");
        await Expect(page.GetByLabel("Email", new() { Exact = true })).ToHaveValueAsync("not-an-address");
        Assert.Equal(new Uri(App.BaseAddress, path).ToString(), page.Url);
        Assert.Equal(0, posts);
        Assert.Empty(await App.CommentsOnAsync(article.Id));
        readers.AssertNoConsoleErrors();
    }

    /// <remarks>
    /// The challenge lifetime cannot be made a few seconds (the settings refuse less than 30 s), and waiting out
    /// even that would dominate the suite. Instead the reader's clock and the server's move on together, past
    /// the lifetime: the page's own timer fires and the server would refuse the old solution, as in real time.
    /// </remarks>
    [Fact]
    public async Task Expired_check_keeps_the_typed_comment_and_a_new_check_posts_it_without_a_reload()
    {
        await App.SetDiscussionAsync(p => p.HoldFirstComment = false);
        var article = await new ArticleBuilder().SaveAsync(App);
        var path = App.PathOf(article);
        var context = await readers.NewAsync();
        await context.Clock.InstallAsync(new() { TimeDate = App.Clock.GetUtcNow().UtcDateTime });
        var page = await readers.OpenAsync(context, path);
        const string text = "I started writing this before lunch.\n\nAnd finished it after.";
        await FillAsync(page, text, "Slow Writer", "slow@example.org");
        await ExpectVerifiedAsync(page);

        var pastExpiry = App.Services.GetRequiredService<IOptions<SpamOptions>>().Value.ChallengeLifetime + TimeSpan.FromMinutes(1);
        App.Clock.Advance(pastExpiry);
        await page.Clock.FastForwardAsync((long)pastExpiry.TotalMilliseconds);

        var challenge = page.Locator("[data-challenge]");
        await Expect(challenge).ToHaveAttributeAsync("data-state", "expired");
        await Expect(page.Locator("[data-challenge-status]")).ToHaveTextAsync(CommentInput.Expired);
        var retry = page.GetByRole(AriaRole.Button, new() { Name = "Get a new check" });
        await Expect(retry).ToBeVisibleAsync();

        // Posting now stays on the page, says why, and points at the way out.
        await PostButton(page).ClickAsync();
        await Expect(page.Locator("[data-form-message]")).ToHaveTextAsync(CommentInput.Expired);
        await Expect(retry).ToBeFocusedAsync();
        await Expect(CommentField(page)).ToHaveValueAsync(text);

        await retry.ClickAsync();
        await ExpectVerifiedAsync(page);
        await Expect(retry).ToBeHiddenAsync();
        await Expect(CommentField(page)).ToHaveValueAsync(text);
        var id = await PostAsync(page, path);

        var stored = await App.CommentAsync(id);
        // A browser sends a textarea's line breaks as CRLF.
        Assert.Equal(text, stored.Body.ReplaceLineEndings("\n"));
        Assert.True(stored.Status == CommentStatus.Approved, $"Held: {stored.ModerationReason}");
        await Expect(page.Locator($"#comment-{id} .comment-body")).ToContainTextAsync("And finished it after.");
        readers.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Without_javascript_a_comment_is_confirmed_with_its_text_kept_then_held_for_a_moderator()
    {
        var article = await new ArticleBuilder().SaveAsync(App);
        var page = await readers.OpenAsync(App.PathOf(article), javaScript: false);
        const string text = "No scripts here.\nJust a plain old form.";

        await FillAsync(page, text, "Plain Reader", "plain@example.org");
        await PostButton(page).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/comments/reply$"));
        await Expect(page.Locator("[data-form-message]")).ToHaveTextAsync("Please check your comment and press Post Comment to send it.");
        await Expect(CommentField(page)).ToHaveValueAsync(text);
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Plain Reader");
        await Expect(page.GetByLabel("Email", new() { Exact = true })).ToHaveValueAsync("plain@example.org");
        Assert.Empty(await App.CommentsOnAsync(article.Id));

        await PostButton(page).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($@"/comments/reply\?article={article.Id}&held=\d+#held$"));
        var held = page.Locator("#held li.comment.held");
        await Expect(held.Locator(".awaiting")).ToHaveTextAsync(Awaiting);
        await Expect(held.Locator(".comment-body")).ToHaveTextAsync(text, new() { UseInnerText = true });
        var stored = Assert.Single(await App.CommentsOnAsync(article.Id));
        Assert.Equal(CommentStatus.Pending, stored.Status);
        Assert.Equal(text, stored.Body.ReplaceLineEndings("\n"));
        Assert.Contains("anti-spam check", stored.ModerationReason, StringComparison.Ordinal);
        Assert.Equal($"comment-{stored.Id}", await held.GetAttributeAsync("id"));
    }

    [Fact]
    public async Task A_reply_moves_the_form_under_its_comment_and_lands_nested_under_it()
    {
        await App.SetDiscussionAsync(p => p.HoldFirstComment = false);
        var article = await new ArticleBuilder().SaveAsync(App);
        var path = App.PathOf(article);
        using var commenter = new Commenter(App);
        var parentId = await commenter.PostAndGetIdAsync(article, "The bridge reopens on Monday.", "Ada Byron", "ada@example.org");
        var page = await readers.OpenAsync(path);

        await page.GetByRole(AriaRole.Link, new() { Name = "Reply to Ada Byron" }).ClickAsync();

        await ExpectVerifiedAsync(page);
        await Expect(page.Locator($"#comment-{parentId} > #respond")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-replying-to-name]")).ToHaveTextAsync("Replying to Ada Byron");
        await Expect(CommentField(page)).ToBeFocusedAsync();
        await FillAsync(page, "Only for cars, or for bicycles too?", "Ben Rider", "ben@example.org");
        var id = await PostAsync(page, path);

        await Expect(page.Locator($"#comment-{parentId} > ol.replies > li#comment-{id}")).ToBeVisibleAsync();
        await Expect(page.Locator($"#comment-{id} .comment-body")).ToHaveTextAsync("Only for cars, or for bicycles too?");
        Assert.Equal(parentId, (await App.CommentAsync(id)).ParentId);
        readers.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Cancel_reply_moves_the_form_back_below_the_comments()
    {
        await App.SetDiscussionAsync(p => p.HoldFirstComment = false);
        var article = await new ArticleBuilder().SaveAsync(App);
        using var commenter = new Commenter(App);
        var parentId = await commenter.PostAndGetIdAsync(article, "Parking will be free on Sundays.", "Cy Driver", "cy@example.org");
        var page = await readers.OpenAsync(App.PathOf(article));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Cancel reply" })).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Reply to Cy Driver" }).ClickAsync();
        await Expect(page.Locator($"#comment-{parentId} > #respond")).ToBeVisibleAsync();
        await CommentField(page).FillAsync("Kept while the form moves.");

        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel reply" }).ClickAsync();

        await Expect(page.Locator("#comments > #respond")).ToBeVisibleAsync();
        await Expect(page.Locator("li.comment #respond")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-replying-to]")).ToBeHiddenAsync();
        await Expect(page.Locator("[data-parent-id]")).ToHaveValueAsync("");
        await Expect(CommentField(page)).ToHaveValueAsync("Kept while the form moves.");
        await Expect(CommentField(page)).ToBeFocusedAsync();
        readers.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_held_comment_is_shown_awaiting_moderation_to_its_author_only()
    {
        await App.SetDiscussionAsync(p => p.HoldFirstComment = true);
        var article = await new ArticleBuilder().SaveAsync(App);
        var path = App.PathOf(article);
        var page = await readers.OpenAsync(path);
        const string text = "My very first comment here.";
        var email = $"first-{Guid.NewGuid():N}@example.org";

        await FillAsync(page, text, "New Reader", email);
        await ExpectVerifiedAsync(page);
        var id = await PostAsync(page, path);

        var held = page.Locator($"#comment-{id}");
        await Expect(held.Locator(".awaiting")).ToHaveTextAsync(Awaiting);
        await Expect(held.Locator(".comment-body")).ToHaveTextAsync(text);
        await Expect(held.Locator(".comment-author")).ToHaveTextAsync("New Reader");
        var stored = await App.CommentAsync(id);
        Assert.Equal(CommentStatus.Pending, stored.Status);

        // Another reader who starts writing gets their own state: it holds no one else's comments.
        var other = await readers.OpenAsync(path);
        await StartWritingAsync(other);
        await Expect(other.Locator($"#comment-{id}")).ToHaveCountAsync(0);
        await Expect(other.GetByText(text)).ToHaveCountAsync(0);
        await Expect(other.GetByText(Awaiting)).ToHaveCountAsync(0);
        readers.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Remember_me_fills_in_the_form_next_time_in_the_same_browser_only()
    {
        await App.SetDiscussionAsync(p => p.HoldFirstComment = false);
        var article = await new ArticleBuilder().SaveAsync(App);
        var path = App.PathOf(article);
        var context = await readers.NewAsync();
        var page = await readers.OpenAsync(context, path);
        await FillAsync(page, "Please keep my details.", "Rita Member", "rita@example.org");
        await page.GetByLabel("Website (optional)").FillAsync("https://rita.example.org/");
        await page.GetByLabel("Save my name, email, and website").CheckAsync();
        await ExpectVerifiedAsync(page);
        await PostAsync(page, path);

        // The cached page is the same for everyone: the details come with the reader's state, when they start writing.
        var again = await readers.OpenAsync(context, path);
        await StartWritingAsync(again);
        await Expect(again.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Rita Member");
        await Expect(again.GetByLabel("Email", new() { Exact = true })).ToHaveValueAsync("rita@example.org");
        await Expect(again.GetByLabel("Website (optional)")).ToHaveValueAsync("https://rita.example.org/");
        await Expect(again.GetByLabel("Save my name, email, and website")).ToBeCheckedAsync();
        await Expect(CommentField(again)).ToHaveValueAsync("");

        var stranger = await readers.OpenAsync(path);
        await StartWritingAsync(stranger);
        await Expect(stranger.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("");
        await Expect(stranger.GetByLabel("Email", new() { Exact = true })).ToHaveValueAsync("");
        await Expect(stranger.GetByLabel("Website (optional)")).ToHaveValueAsync("");
        await Expect(stranger.GetByLabel("Save my name, email, and website")).Not.ToBeCheckedAsync();
        readers.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_form_and_its_worker_run_under_the_sites_content_security_policy_without_console_errors()
    {
        await App.SetDiscussionAsync(p => p.HoldFirstComment = false);
        var article = await new ArticleBuilder().SaveAsync(App);
        using var commenter = new Commenter(App);
        await commenter.PostAndGetIdAsync(article, "A comment so that Reply and Report links show.", "Dee Reader", "dee@example.org");
        var context = await readers.NewAsync();
        await context.AddInitScriptAsync(
            "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));");
        var page = await readers.OpenAsync(context, App.PathOf(article));

        await StartWritingAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Reply to Dee Reader" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel reply" }).ClickAsync();

        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__csp"));
        readers.AssertNoConsoleErrors();
    }

    [Theory]
    [InlineData("article")]
    [InlineData("reply")]
    public async Task Pages_with_the_comment_form_have_no_accessibility_violations_in_light_and_dark(string which)
    {
        await App.SetDiscussionAsync(p => p.HoldFirstComment = false);
        var article = await new ArticleBuilder().SaveAsync(App);
        using var commenter = new Commenter(App);
        var first = await commenter.PostAndGetIdAsync(article, "The library keeps longer hours from May.", "Eve Reader", "eve@example.org");
        await commenter.PostAndGetIdAsync(article, "Good: I can go after work.", "Fay Reader", "fay@example.org", parentId: first);
        var path = which == "article"
            ? App.PathOf(article)
            : string.Create(CultureInfo.InvariantCulture, $"/comments/reply?article={article.Id}");
        var page = await readers.OpenAsync(path);
        await StartWritingAsync(page);

        await Accessibility.AssertNoViolationsLightAndDarkAsync(page, "the comment form, writing");

        readers.AssertNoConsoleErrors();
    }

    private static ILocator CommentField(IPage page) => page.GetByLabel("Comment", new() { Exact = true });

    private static ILocator PostButton(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Post Comment" });

    private static async Task ExpectVerifiedAsync(IPage page)
    {
        await Expect(page.Locator("[data-challenge]")).ToHaveAttributeAsync("data-state", "verified");
        await Expect(page.Locator("[data-challenge-status]")).ToHaveTextAsync(Verified);
    }

    /// <summary>Clicks into the comment box, as a reader who starts writing does, and waits for the check to pass.</summary>
    private static async Task StartWritingAsync(IPage page)
    {
        await CommentField(page).ClickAsync();
        await ExpectVerifiedAsync(page);
    }

    private static async Task FillAsync(IPage page, string comment, string name, string email)
    {
        await CommentField(page).FillAsync(comment);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
    }

    /// <summary>Presses Post Comment and waits for the article at the new comment's anchor; returns its id.</summary>
    private static async Task<int> PostAsync(IPage page, string articlePath)
    {
        await PostButton(page).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(articlePath) + @"#comment-\d+$"));
        return int.Parse(CommentAnchor().Match(page.Url).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"#comment-(\d+)$")]
    private static partial Regex CommentAnchor();

    ValueTask IAsyncDisposable.DisposeAsync() => readers.DisposeAsync();
}
