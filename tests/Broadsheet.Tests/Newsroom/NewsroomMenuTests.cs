using System.Net;
using AngleSharp.Dom;
using Broadsheet.Accounts;
using Broadsheet.Areas.Newsroom;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Newsroom;

/// <summary>The newsroom menu: what it offers each role, where it says you are, and what it says waits (counted on both databases).</summary>
public abstract class NewsroomMenuTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : NewsroomApp
{
    private static IElement Menu(IDocument page) => page.QuerySelector("nav[aria-label=Newsroom]")!;

    private static IElement? MenuLink(IDocument page, string href) => Menu(page).QuerySelector($"a[href='{href}']");

    [Fact]
    public async Task An_editor_sees_how_many_articles_wait_for_review_and_how_many_comments_are_held()
    {
        await new ArticleBuilder().Status(ArticleStatus.PendingReview).PublishedAt(App.Clock.GetUtcNow().UtcDateTime)
            .WithComment("Held Reader", "Held for a moderator.", commentStatus: CommentStatus.Pending)
            .WithComment("Approved Reader", "Already approved.")
            .SaveAsync(App);
        await new ArticleBuilder().Status(ArticleStatus.Draft).SaveAsync(App);
        var (pending, held) = await App.WithDbAsync(async (db, _) => (
            await db.Articles.CountAsync(a => a.Status == ArticleStatus.PendingReview),
            await db.Comments.CountAsync(c => c.Status == CommentStatus.Pending)));
        Assert.True(pending >= 1 && held >= 1);

        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var page = await editor.Http.GetDocumentAsync("/newsroom/account");

        Assert.Equal($"Articles, {pending} to review", MenuLink(page, "/newsroom/articles")!.TextContent);
        Assert.Equal($"{pending}", MenuLink(page, "/newsroom/articles")!.QuerySelector(".nr-badge")!.TextContent);
        Assert.Equal($"Comments, {held} held", MenuLink(page, "/newsroom/comments")!.TextContent);
        Assert.Equal($"{held}", MenuLink(page, "/newsroom/comments")!.QuerySelector(".nr-badge")!.TextContent);
    }

    [Fact]
    public async Task A_queue_longer_than_the_badge_shows_reads_999_plus()
    {
        var already = await App.WithDbAsync((db, _) => db.Comments.CountAsync(c => c.Status == CommentStatus.Pending));
        var builder = new ArticleBuilder();
        for (var i = already; i < MenuBadge.Most; i++)
        {
            builder.WithComment($"Reader {i}", "Waiting for a moderator.", commentStatus: CommentStatus.Pending);
        }

        var article = await builder.SaveAsync(App);
        try
        {
            using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
            var page = await editor.Http.GetDocumentAsync("/newsroom/account");
            Assert.Equal("999", MenuLink(page, "/newsroom/comments")!.QuerySelector(".nr-badge")!.TextContent);

            await new ArticleBuilder()
                .WithComment("One More", "Held as well.", commentStatus: CommentStatus.Pending)
                .WithComment("And Another", "Held as well.", commentStatus: CommentStatus.Pending)
                .SaveAsync(App);
            page = await editor.Http.GetDocumentAsync("/newsroom/account");
            Assert.Equal("999+", MenuLink(page, "/newsroom/comments")!.QuerySelector(".nr-badge")!.TextContent);
            Assert.Equal("Comments, 999+ held", MenuLink(page, "/newsroom/comments")!.TextContent);
        }
        finally
        {
            // The other tests of this class count the held comments themselves; leave them a short queue.
            await App.WithDbAsync((db, _) => db.Comments
                .Where(c => c.Status == CommentStatus.Pending && (c.ArticleId == article.Id || c.AuthorName == "One More" || c.AuthorName == "And Another"))
                .ExecuteDeleteAsync());
        }
    }

    [Fact]
    public async Task Counts_appear_only_to_those_who_act_on_them()
    {
        await new ArticleBuilder().Status(ArticleStatus.PendingReview)
            .WithComment("Held Reader", "Held for a moderator.", commentStatus: CommentStatus.Pending)
            .SaveAsync(App);

        foreach (var role in new[] { NewsroomRoles.Author, NewsroomRoles.Contributor })
        {
            using var writer = await App.SignInAsNewAsync(role);
            var page = await writer.Http.GetDocumentAsync("/newsroom/articles");
            Assert.Empty(page.QuerySelectorAll(".nr-badge"));
            Assert.Equal("Articles", MenuLink(page, "/newsroom/articles")!.TextContent);
            Assert.Null(MenuLink(page, "/newsroom/comments"));
        }

        using var moderator = await App.SignInAsNewAsync(NewsroomRoles.Moderator);
        var queue = await moderator.Http.GetDocumentAsync("/newsroom/comments");
        Assert.Single(queue.QuerySelectorAll("nav .nr-badge"));
        Assert.Matches(@"^Comments, \d+ held$", MenuLink(queue, "/newsroom/comments")!.TextContent);
        Assert.Null(MenuLink(queue, "/newsroom/articles"));
    }

    [Fact]
    public async Task The_menu_marks_the_current_page_and_the_part_of_the_newsroom_a_page_belongs_to()
    {
        var article = await new ArticleBuilder().Status(ArticleStatus.Draft).SaveAsync(App);
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);

        var comments = await editor.Http.GetDocumentAsync("/newsroom/comments?status=approved");
        Assert.Equal("page", MenuLink(comments, "/newsroom/comments")!.GetAttribute("aria-current"));
        Assert.Single(comments.QuerySelectorAll("header [aria-current]"));

        var newArticle = await editor.Http.GetDocumentAsync("/newsroom/articles/edit");
        Assert.Equal("page", MenuLink(newArticle, "/newsroom/articles/edit")!.GetAttribute("aria-current"));
        Assert.Null(MenuLink(newArticle, "/newsroom/articles")!.GetAttribute("aria-current"));

        // An existing article's editor is not "Write" but a page under Articles.
        var existing = await editor.Http.GetDocumentAsync($"/newsroom/articles/edit/{article.Id}");
        Assert.Equal("true", MenuLink(existing, "/newsroom/articles")!.GetAttribute("aria-current"));
        Assert.Null(MenuLink(existing, "/newsroom/articles/edit")!.GetAttribute("aria-current"));

        var account = await editor.Http.GetDocumentAsync("/newsroom/account");
        Assert.Equal("page", account.QuerySelector("header a[href='/newsroom/account']")!.GetAttribute("aria-current"));
        Assert.Empty(Menu(account).QuerySelectorAll("[aria-current]"));
    }

    [Fact]
    public async Task No_role_is_offered_a_menu_entry_that_refuses_it()
    {
        foreach (var role in NewsroomRoles.All)
        {
            using var member = await App.SignInAsNewAsync(role);
            var page = await member.Http.GetDocumentAsync("/newsroom");
            var links = page.QuerySelectorAll("header a[href^='/newsroom']").Select(a => a.GetAttribute("href")!).ToList();
            Assert.Contains("/newsroom/account", links);
            foreach (var href in links)
            {
                using var response = await member.Http.GetAsync(href);
                Assert.True(response.StatusCode != HttpStatusCode.Forbidden, $"{role} is offered {href}, which refuses them.");
            }
        }
    }

    [Fact]
    public async Task Signed_out_pages_show_the_newsroom_name_and_no_menu()
    {
        var signIn = await Client.GetDocumentAsync("/newsroom/signin");
        Assert.Null(signIn.QuerySelector("nav[aria-label=Newsroom]"));
        Assert.NotNull(signIn.QuerySelector("a.skip-link[href='#main']"));
        Assert.NotNull(signIn.QuerySelector("main#main"));
    }
}

public sealed class SqliteNewsroomMenuTests(NewsroomApp app) : NewsroomMenuTests<NewsroomApp>(app), IClassFixture<NewsroomApp>;

public sealed class PostgresNewsroomMenuTests(PostgresNewsroomApp app) : NewsroomMenuTests<PostgresNewsroomApp>(app), IClassFixture<PostgresNewsroomApp>;
