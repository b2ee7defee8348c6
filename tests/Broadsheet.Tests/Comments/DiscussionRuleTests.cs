using System.Net;
using Broadsheet.Comments;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Comments;

/// <summary>The site's discussion rules, each through a real post; every held or spammed comment says why. Runs once per database provider.</summary>
public abstract class DiscussionRuleTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : CommentApp
{
    private async Task<Comment> PostAsync(Action<DiscussionSettings> rules, string text, string name = "Rule Tester", string email = "rules@example.org", string? website = null)
    {
        await App.SetDiscussionAsync(p =>
        {
            p.HoldFirstComment = false;
            p.MaxLinks = 2;
            p.ModerationKeys = "";
            p.BlocklistKeys = "";
            rules(p);
        });
        var article = await new ArticleBuilder().SaveAsync(App);
        using var reader = new Commenter(App);
        var id = await reader.PostAndGetIdAsync(article, text, name, email, website);
        return await App.CommentAsync(id);
    }

    [Fact]
    public async Task A_first_comment_is_held_and_later_ones_under_the_same_name_and_email_are_approved()
    {
        var email = $"first-{Guid.NewGuid():N}@example.org";
        var first = await PostAsync(p => p.HoldFirstComment = true, "My first comment.", "Fiona", email);
        Assert.Equal(CommentStatus.Pending, first.Status);
        Assert.Equal("First comment under this name and email.", first.ModerationReason);

        var beforeApproval = await PostAsync(p => p.HoldFirstComment = true, "Still waiting.", "Fiona", email);
        Assert.Equal(CommentStatus.Pending, beforeApproval.Status);

        await App.WithDbAsync((db, services) => services.GetService(typeof(CommentModeration)) is CommentModeration moderation
            ? moderation.SetStatusAsync([first.Id], CommentStatus.Approved, CancellationToken.None)
            : throw new InvalidOperationException());

        var later = await PostAsync(p => p.HoldFirstComment = true, "Now I am known.", "Fiona", email);
        Assert.Equal(CommentStatus.Approved, later.Status);
        var otherName = await PostAsync(p => p.HoldFirstComment = true, "Same email, other name.", "Not Fiona", email);
        Assert.Equal(CommentStatus.Pending, otherName.Status);
    }

    [Fact]
    public async Task A_comment_with_more_links_than_allowed_is_held_with_the_count()
    {
        var held = await PostAsync(_ => { }, "See https://a.example and https://b.example and https://c.example");
        var fine = await PostAsync(_ => { }, "See https://a.example and https://b.example only.");

        Assert.Equal(CommentStatus.Pending, held.Status);
        Assert.Equal("Has 3 links (more than 2).", held.ModerationReason);
        Assert.Equal(CommentStatus.Approved, fine.Status);
    }

    [Theory]
    [InlineData("casino", "Win big at the CASINO tonight", null, null)]
    [InlineData("spammer@example.net", "Hello", "spammer@example.net", null)]
    [InlineData("127.0.0.1", "Hello from a blocked address", null, null)]
    [InlineData("cheap-pills.example", "Hello", null, "https://cheap-pills.example/")]
    public async Task A_blocklisted_word_email_address_or_website_marks_the_comment_as_spam(string key, string text, string? email, string? website)
    {
        var comment = await PostAsync(p => p.BlocklistKeys = $"something else\n{key}", text, email: email ?? $"b-{Guid.NewGuid():N}@example.org", website: website);

        Assert.Equal(CommentStatus.Spam, comment.Status);
        Assert.Equal($"Matches the blocklist entry “{key}”.", comment.ModerationReason);
    }

    [Fact]
    public async Task A_moderation_word_holds_the_comment_and_says_which()
    {
        var comment = await PostAsync(p => p.ModerationKeys = "lawsuit", "This smells like a Lawsuit to me.");

        Assert.Equal(CommentStatus.Pending, comment.Status);
        Assert.Equal("Matches the moderation entry “lawsuit”.", comment.ModerationReason);
    }

    [Fact]
    public async Task A_spam_comment_is_neither_shown_nor_offered_back_as_held()
    {
        await App.SetDiscussionAsync(p => { p.HoldFirstComment = false; p.BlocklistKeys = "forbidden"; });
        var article = await new ArticleBuilder().SaveAsync(App);
        using var reader = new Commenter(App);

        var id = await reader.PostAndGetIdAsync(article, "A forbidden word.");

        Assert.Null(Html.Parse(await Client.GetStringAsync(App.PathOf(article))).QuerySelector($"#comment-{id}"));
        await App.SetDiscussionAsync(p => p.BlocklistKeys = "");
    }

    [Fact]
    public async Task Rules_are_saved_from_the_settings_page_and_validated()
    {
        using var admin = await App.SignInAsNewAsync(Broadsheet.Accounts.NewsroomRoles.Administrator);
        var fields = new Dictionary<string, string>
        {
            ["Input.Title"] = "Rules test",
            ["Input.TimeZone"] = "UTC",
            ["Input.Culture"] = "en-US",
            ["Input.DateFormat"] = "D",
            ["Input.CommentsOpenByDefault"] = "true",
            ["Input.CloseCommentsAfterDays"] = "14",
            ["Input.HoldFirstComment"] = "false",
            ["Input.MaxLinks"] = "1",
            ["Input.ThreadDepth"] = "2",
            ["Input.MaxCommentLength"] = "800",
            ["Input.ModerationKeys"] = "alpha\r\n\r\n beta ",
            ["Input.BlocklistKeys"] = "gamma",
        };

        var saved = await admin.PostFormAsync("/newsroom/settings", fields);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var rules = ((Broadsheet.Site.SiteSettingsStore)App.Services.GetService(typeof(Broadsheet.Site.SiteSettingsStore))!).Discussion;
        Assert.Equal(14, rules.CloseAfterDays);
        Assert.False(rules.HoldFirstComment);
        Assert.Equal(1, rules.MaxLinks);
        Assert.Equal(2, rules.ThreadDepth);
        Assert.Equal(800, rules.MaxLength);
        Assert.Equal(["alpha", "beta"], rules.ModerationKeys);
        Assert.Equal(["gamma"], rules.BlocklistKeys);

        fields["Input.ThreadDepth"] = "0";
        var refused = await admin.PostFormAsync("/newsroom/settings", fields);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Enter a thread depth from 1 (no replies) to 10.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await App.SetDiscussionAsync(p => { p.CloseCommentsAfterDays = 0; p.MaxLinks = 2; p.ThreadDepth = 3; p.MaxCommentLength = 5000; p.ModerationKeys = ""; p.BlocklistKeys = ""; });
    }
}

public sealed class SqliteDiscussionRuleTests(CommentApp app) : DiscussionRuleTests<CommentApp>(app), IClassFixture<CommentApp>;

public sealed class PostgresDiscussionRuleTests(PostgresCommentApp app) : DiscussionRuleTests<PostgresCommentApp>(app), IClassFixture<PostgresCommentApp>;

/// <summary>The per-client posting and reporting limits, in an app of its own with low limits.</summary>
public sealed class CommentRateLimitTests(CommentRateLimitTests.LimitedApp app) : AppTest<CommentRateLimitTests.LimitedApp>(app), IClassFixture<CommentRateLimitTests.LimitedApp>
{
    public sealed class LimitedApp : CommentApp
    {
        public LimitedApp()
        {
            Configure("Broadsheet:Comments:PostsPerMinute", "5");
            Configure("Broadsheet:Comments:ReportsPerMinute", "3");
        }
    }

    [Fact]
    public async Task The_sixth_comment_in_a_minute_is_answered_429_with_a_human_message_and_the_text_kept()
    {
        await App.SetDiscussionAsync(p => p.HoldFirstComment = false);
        var article = await new ArticleBuilder().SaveAsync(App);
        using var reader = new Commenter(App);
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await reader.PostAsync(article, $"Comment number {i}.")).StatusCode);
        }

        var response = await reader.PostAsync(article, "Comment number six, kept.");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Please wait a minute", html, StringComparison.Ordinal);
        Assert.Contains("Comment number six, kept.", html, StringComparison.Ordinal);
        Assert.Equal(5, (await App.CommentsOnAsync(article.Id)).Count);
    }

    [Fact]
    public async Task The_fourth_report_in_a_minute_is_answered_429_and_not_recorded()
    {
        var article = await new ArticleBuilder()
            .WithComment("One", "First.").WithComment("Two", "Second.").WithComment("Three", "Third.").WithComment("Four", "Fourth.")
            .SaveAsync(App);
        var ids = await App.WithDbAsync((db, _) => db.Comments.Where(c => c.ArticleId == article.Id).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync());
        using var reader = new Commenter(App);
        var token = (await reader.StateAsync(article.Id)).Token;
        Task<HttpResponseMessage> ReportAsync(int id) => reader.Http.PostAsync($"/comments/report?id={id}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await ReportAsync(ids[i])).StatusCode);
        }

        var response = await ReportAsync(ids[3]);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Contains("Please wait a minute and try again.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal([1, 1, 1, 0], (await App.CommentsOnAsync(article.Id)).Select(c => c.ReportCount));
        Assert.False(await App.WithDbAsync((db, _) => db.CommentReports.AnyAsync(r => r.CommentId == ids[3])));
    }
}
