using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Comments;

public abstract class ModerationTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : CommentApp
{
    private async Task<(Article Article, int[] Ids)> HeldCommentsAsync(int count)
    {
        await App.SetDiscussionAsync(p => p.HoldFirstComment = true);
        var article = await new ArticleBuilder().SaveAsync(App);
        var ids = new int[count];
        for (var i = 0; i < count; i++)
        {
            using var reader = new Commenter(App);
            ids[i] = await reader.PostAndGetIdAsync(article, $"Held comment {i}.", $"Reader {Guid.NewGuid():N}", $"r{Guid.NewGuid():N}@example.org");
        }

        return (article, ids);
    }

    private static async Task<HttpResponseMessage> BulkAsync(NewsroomClient moderator, string view, string action, int? articleId, params int[] ids)
    {
        var fields = ids.Select(id => new KeyValuePair<string, string>("Selected", id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(new("BulkAction", action));
        var path = $"/newsroom/comments?handler=Bulk&status={view}{(articleId is { } a ? $"&article={a}" : "")}";
        return await moderator.PostFormAsync(path, fields, "/newsroom/comments");
    }

    [Fact]
    public async Task The_queue_shows_pending_comments_with_counts_and_why_they_were_held_filtered_by_article()
    {
        var (article, ids) = await HeldCommentsAsync(2);
        var (other, _) = await HeldCommentsAsync(1);
        using var moderator = await App.SignInAsNewAsync(NewsroomRoles.Moderator);

        var page = Html.Parse(await moderator.Http.GetStringAsync($"/newsroom/comments?status=pending&article={article.Id}"));

        Assert.Equal("2", page.QuerySelector("[data-count=pending]")!.TextContent);
        Assert.Equal("0", page.QuerySelector("[data-count=approved]")!.TextContent);
        Assert.All(ids, id => Assert.NotNull(page.QuerySelector($"#row-{id}")));
        Assert.Contains("First comment under this name and email.", page.QuerySelector($"#row-{ids[0]}")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(other.Headline, page.QuerySelector("tbody")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_queue_pages_newest_first_and_the_second_page_holds_the_oldest()
    {
        var article = await new ArticleBuilder().SaveAsync(App);
        var start = DateTime.UtcNow.AddDays(-1);
        var ids = await App.WithDbAsync(async (db, _) =>
        {
            var comments = Enumerable.Range(0, 52).Select(i => new Comment
            {
                ArticleId = article.Id, AuthorName = $"Queued Reader {i}", AuthorEmail = $"queued{i}@example.org",
                Body = $"Queued comment {i}.", Status = CommentStatus.Pending, CreatedAt = start.AddMinutes(i),
            }).ToList();
            db.Comments.AddRange(comments);
            await db.SaveChangesAsync();
            return comments.Select(c => c.Id).ToList();
        });
        using var moderator = await App.SignInAsNewAsync(NewsroomRoles.Moderator);

        var page1 = Html.Parse(await moderator.Http.GetStringAsync($"/newsroom/comments?status=pending&article={article.Id}"));
        var page2 = Html.Parse(await moderator.Http.GetStringAsync($"/newsroom/comments?status=pending&article={article.Id}&p=2"));

        Assert.Equal("52", page1.QuerySelector("[data-count=pending]")!.TextContent);
        Assert.Equal(Enumerable.Range(2, 50).Reverse().Select(i => $"row-{ids[i]}"),
            page1.QuerySelectorAll("tbody tr[id^=row-]").Select(r => r.Id));
        Assert.NotNull(page1.QuerySelector("a[rel=next]"));
        Assert.Equal([$"row-{ids[1]}", $"row-{ids[0]}"], page2.QuerySelectorAll("tbody tr[id^=row-]").Select(r => r.Id));
        Assert.Null(page2.QuerySelector("a[rel=next]"));
    }

    [Fact]
    public async Task Bulk_approve_shows_the_comments_on_the_cached_article_page_at_once()
    {
        var (article, ids) = await HeldCommentsAsync(2);
        var path = App.PathOf(article);
        var renamed = await App.ProveServedFromCacheAsync(Client, article.Id, path);
        Assert.Null(Html.Parse(await Client.GetStringAsync(path)).QuerySelector($"#comment-{ids[0]}"));
        using var moderator = await App.SignInAsNewAsync(NewsroomRoles.Editor);

        var response = await BulkAsync(moderator, "pending", "approve", null, ids);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = Html.Parse(await Client.GetStringAsync(path));
        Assert.All(ids, id => Assert.NotNull(page.QuerySelector($"#comment-{id}")));
        Assert.Equal(renamed, page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(CommentStatus.Approved, (await App.CommentAsync(ids[0])).Status);
        Assert.Null((await App.CommentAsync(ids[0])).ModerationReason);
    }

    [Fact]
    public async Task Spam_and_trash_take_an_approved_comment_off_the_cached_page_at_once_and_restore_brings_it_back_approved_as_it_was()
    {
        var (article, ids) = await HeldCommentsAsync(2);
        var path = App.PathOf(article);
        using var moderator = await App.SignInAsNewAsync(NewsroomRoles.Moderator);
        await BulkAsync(moderator, "pending", "approve", null, ids);
        var renamed = await App.ProveServedFromCacheAsync(Client, article.Id, path);
        var approved = Html.Parse(await Client.GetStringAsync(path));
        Assert.All(ids, id => Assert.NotNull(approved.QuerySelector($"#comment-{id}")));

        await BulkAsync(moderator, "approved", "spam", null, ids[0]);
        var spammed = Html.Parse(await Client.GetStringAsync(path));
        Assert.Null(spammed.QuerySelector($"#comment-{ids[0]}"));
        Assert.NotNull(spammed.QuerySelector($"#comment-{ids[1]}"));
        Assert.Equal(renamed, spammed.QuerySelector("h1")!.TextContent.Trim());

        await App.ProveServedFromCacheAsync(Client, article.Id, path);
        await BulkAsync(moderator, "approved", "trash", null, ids[1]);

        var page = Html.Parse(await Client.GetStringAsync(path));
        Assert.Null(page.QuerySelector($"#comment-{ids[0]}"));
        Assert.Null(page.QuerySelector($"#comment-{ids[1]}"));
        Assert.Equal(CommentStatus.Spam, (await App.CommentAsync(ids[0])).Status);
        Assert.Equal(CommentStatus.Trash, (await App.CommentAsync(ids[1])).Status);

        // Restored to the status it had before the trash, so it is on the page again.
        await BulkAsync(moderator, "trash", "restore", null, ids[1]);
        Assert.Equal(CommentStatus.Approved, (await App.CommentAsync(ids[1])).Status);
        Assert.NotNull(Html.Parse(await Client.GetStringAsync(path)).QuerySelector($"#comment-{ids[1]}"));
    }

    [Fact]
    public async Task Unapprove_takes_a_comment_back_off_the_cached_page_into_pending()
    {
        var (article, ids) = await HeldCommentsAsync(1);
        var path = App.PathOf(article);
        using var moderator = await App.SignInAsNewAsync(NewsroomRoles.Moderator);
        await BulkAsync(moderator, "pending", "approve", null, ids);
        var renamed = await App.ProveServedFromCacheAsync(Client, article.Id, path);
        Assert.NotNull(Html.Parse(await Client.GetStringAsync(path)).QuerySelector($"#comment-{ids[0]}"));

        await BulkAsync(moderator, "approved", "pending", null, ids);

        var page = Html.Parse(await Client.GetStringAsync(path));
        Assert.Null(page.QuerySelector($"#comment-{ids[0]}"));
        Assert.Equal(renamed, page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(CommentStatus.Pending, (await App.CommentAsync(ids[0])).Status);
        var audit = await App.WithDbAsync((db, _) => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.AuditEntries, e => e.Action == "Comments: returned to pending" && e.Subject == $"1 comment ({ids[0]})"));
        Assert.Equal(1, audit);
    }

    [Fact]
    public async Task Empty_spam_deletes_spam_for_good_and_keeps_replies_to_it()
    {
        var (article, ids) = await HeldCommentsAsync(1);
        using var moderator = await App.SignInAsNewAsync(NewsroomRoles.Moderator);
        await BulkAsync(moderator, "pending", "approve", null, ids);
        await App.SetDiscussionAsync(p => p.HoldFirstComment = false);
        using var reader = new Commenter(App);
        var reply = await reader.PostAndGetIdAsync(article, "A reply to what turns out to be spam.", parentId: ids[0]);
        await BulkAsync(moderator, "approved", "spam", null, ids[0]);

        var response = await moderator.PostFormAsync("/newsroom/comments?handler=EmptySpam", [], "/newsroom/comments");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var left = await App.CommentsOnAsync(article.Id);
        Assert.DoesNotContain(left, c => c.Id == ids[0]);
        var kept = Assert.Single(left);
        Assert.Equal(reply, kept.Id);
        Assert.Null(kept.ParentId);
        Assert.NotNull(Html.Parse(await Client.GetStringAsync(App.PathOf(article))).QuerySelector($"#comment-{reply}"));
    }

    [Fact]
    public async Task A_moderator_edits_a_comment_and_the_cached_page_shows_the_new_text_at_once()
    {
        var (article, ids) = await HeldCommentsAsync(1);
        using var moderator = await App.SignInAsNewAsync(NewsroomRoles.Moderator);
        await BulkAsync(moderator, "pending", "approve", null, ids);
        await App.ProveServedFromCacheAsync(Client, article.Id, App.PathOf(article));

        var response = await moderator.PostFormAsync($"/newsroom/comments/edit/{ids[0]}?handler=Edit", new() { ["Edit.Body"] = "Edited by the desk." });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = Html.Parse(await Client.GetStringAsync(App.PathOf(article)));
        Assert.Equal("Edited by the desk.", page.QuerySelector($"#comment-{ids[0]} .comment-body")!.TextContent.Trim());
        var empty = await moderator.PostFormAsync($"/newsroom/comments/edit/{ids[0]}?handler=Edit", new() { ["Edit.Body"] = "" });
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("A comment cannot be empty", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_staff_reply_appears_at_once_under_the_comment_with_a_staff_badge_and_approves_a_held_parent()
    {
        var (article, ids) = await HeldCommentsAsync(1);
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor, "Desk Editor");
        await App.ProveServedFromCacheAsync(Client, article.Id, App.PathOf(article));

        var response = await editor.PostFormAsync($"/newsroom/comments/edit/{ids[0]}?handler=Reply", new() { ["Reply.Body"] = "Thanks, we have corrected the date." });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var replyId = Commenter.IdFrom(response);
        var page = Html.Parse(await Client.GetStringAsync(App.PathOf(article)));
        var reply = page.QuerySelector($"#comment-{ids[0]} #comment-{replyId}")!;
        Assert.Equal("Staff", reply.QuerySelector(".badge")!.TextContent);
        Assert.Contains("Desk Editor", reply.QuerySelector(".comment-author")!.TextContent, StringComparison.Ordinal);
        Assert.True((await App.CommentAsync(replyId)).IsStaff);
    }

    [Fact]
    public async Task A_staff_reply_keeps_to_the_thread_depth_like_a_readers()
    {
        await App.SetDiscussionAsync(p => { p.HoldFirstComment = false; p.ThreadDepth = 3; });
        var article = await new ArticleBuilder().SaveAsync(App);
        using var reader = new Commenter(App);
        var first = await reader.PostAndGetIdAsync(article, "One.");
        var second = await reader.PostAndGetIdAsync(article, "Two.", parentId: first);
        var third = await reader.PostAndGetIdAsync(article, "Three.", parentId: second);
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);

        var response = await editor.PostFormAsync($"/newsroom/comments/edit/{third}?handler=Reply", new() { ["Reply.Body"] = "Staff, deep down." });

        Assert.Equal(second, (await App.CommentAsync(Commenter.IdFrom(response))).ParentId);
    }

    [Fact]
    public async Task A_reader_report_counts_once_per_reader_and_shows_in_the_reported_queue()
    {
        var (article, ids) = await HeldCommentsAsync(1);
        using var moderator = await App.SignInAsNewAsync(NewsroomRoles.Moderator);
        await BulkAsync(moderator, "pending", "approve", null, ids);
        using var reader = new Commenter(App);
        var token = (await reader.StateAsync(article.Id)).Token;

        for (var i = 0; i < 2; i++)
        {
            var report = await reader.Http.PostAsync($"/comments/report?id={ids[0]}", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
            Assert.Equal(HttpStatusCode.Redirect, report.StatusCode);
        }

        Assert.Equal(1, (await App.CommentAsync(ids[0])).ReportCount);
        var queue = Html.Parse(await moderator.Http.GetStringAsync("/newsroom/comments?status=reported"));
        Assert.Equal("1", queue.QuerySelector($"#row-{ids[0]} [data-reports]")!.GetAttribute("data-reports"));
        var forged = await reader.Http.PostAsync($"/comments/report?id={ids[0]}", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        await BulkAsync(moderator, "reported", "dismiss", null, ids);
        Assert.Equal(0, (await App.CommentAsync(ids[0])).ReportCount);
    }

    [Theory]
    [InlineData(NewsroomRoles.Author)]
    [InlineData(NewsroomRoles.Contributor)]
    public async Task Writers_who_do_not_moderate_cannot_open_or_act_on_the_queue(string role)
    {
        var (_, ids) = await HeldCommentsAsync(1);
        using var writer = await App.SignInAsNewAsync(role);

        Assert.Equal(HttpStatusCode.Forbidden, (await writer.Http.GetAsync("/newsroom/comments")).StatusCode);
        var token = await writer.GetTokenAsync("/newsroom/articles");
        var post = await writer.Http.PostAsync("/newsroom/comments?handler=Bulk", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Selected"] = ids[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BulkAction"] = "approve",
        }));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(CommentStatus.Pending, (await App.CommentAsync(ids[0])).Status);
    }
}

public sealed class SqliteModerationTests(CommentApp app) : ModerationTests<CommentApp>(app), IClassFixture<CommentApp>;

public sealed class PostgresModerationTests(PostgresCommentApp app) : ModerationTests<PostgresCommentApp>(app), IClassFixture<PostgresCommentApp>;
