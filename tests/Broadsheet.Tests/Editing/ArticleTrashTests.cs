using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Editing;
using Broadsheet.Site;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Editing;

public abstract class ArticleTrashTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : NewsroomApp
{
    private static string Unique(string text) => $"{text} {Guid.NewGuid().ToString("N")[..8]}";

    private string PathOf(Article article) =>
        App.Services.GetRequiredService<SiteCalendar>().ArticlePath(article.PublishedAt!.Value, article.Slug);

    private static Task<HttpResponseMessage> MoveToTrashAsync(NewsroomClient member, int id) =>
        member.PostFormAsync("/newsroom/articles/trash?handler=Move", new() { ["id"] = $"{id}" });

    private static Task<HttpResponseMessage> RestoreAsync(NewsroomClient member, int id) =>
        member.PostFormAsync("/newsroom/articles/trash?handler=Restore", new() { ["id"] = $"{id}" });

    private static Task<HttpResponseMessage> DeleteForGoodAsync(NewsroomClient member, int id) =>
        member.PostFormAsync($"/newsroom/articles/trash/{id}/delete", new Dictionary<string, string>(), "/newsroom/articles/trash");

    private async Task AssertGoneAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.Gone, $"{path} answered {(int)response.StatusCode}, not 410 Gone.");
        Assert.Contains("This article has been removed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<string> FlashAfterAsync(NewsroomClient member, HttpResponseMessage redirect)
    {
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var page = await member.Http.GetDocumentAsync(redirect.Headers.Location!.OriginalString);
        return page.QuerySelector(".nr-flash")?.TextContent ?? "";
    }

    [Fact]
    public async Task An_editor_trashes_a_published_article_whose_address_answers_410_until_it_is_restored_published()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var headline = Unique("Harbour wall collapses");
        var article = await new ArticleBuilder().Headline(headline).SaveAsync(App);
        var path = PathOf(article);
        Assert.Contains(headline, await Client.GetStringAsync(path), StringComparison.Ordinal);

        using (var moved = await MoveToTrashAsync(editor, article.Id))
        {
            Assert.Contains("moved to the trash", await FlashAfterAsync(editor, moved), StringComparison.Ordinal);
        }

        foreach (var address in new[] { path, path + "?page=2", path + "?order=newest", path + "/feed", path.ToUpperInvariant() })
        {
            await AssertGoneAsync(address);
        }

        // Readers' search finds no link to it (the query itself is shown back).
        Assert.DoesNotContain(path, await Client.GetStringAsync($"/search?q={Uri.EscapeDataString(headline)}"), StringComparison.Ordinal);
        Assert.DoesNotContain(headline, await editor.Http.GetStringAsync("/newsroom/articles"), StringComparison.Ordinal);
        var found = await editor.Http.GetDocumentAsync($"/newsroom/articles?q={Uri.EscapeDataString(headline)}");
        Assert.Empty(found.QuerySelectorAll("tbody tr"));
        var trash = await editor.Http.GetDocumentAsync("/newsroom/articles/trash");
        var row = trash.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(headline, StringComparison.Ordinal));
        Assert.Contains("Published", row.TextContent, StringComparison.Ordinal);

        using (var restored = await RestoreAsync(editor, article.Id))
        {
            Assert.Contains("published again", await FlashAfterAsync(editor, restored), StringComparison.Ordinal);
        }

        using var back = await Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Contains(headline, await back.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(headline, await editor.Http.GetStringAsync("/newsroom/articles"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_article_deleted_for_good_answers_410_at_its_address_and_old_slug_until_a_new_article_takes_the_slug()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var article = await new ArticleBuilder().Headline(Unique("Ferry timetable")).SaveAsync(App);
        var oldPath = PathOf(article);
        var oldSlug = article.Slug;
        var newSlug = Slugs.From(Unique("ferry timetable changed"));
        await App.WithDbAsync(async (db, services) =>
        {
            await services.RenameSlugAsync(await db.Articles.SingleAsync(a => a.Id == article.Id), newSlug);
            return 0;
        });
        var path = oldPath.Replace(oldSlug, newSlug, StringComparison.Ordinal);

        // Only from the trash, and asked once.
        using (var refused = await DeleteForGoodAsync(editor, article.Id))
        {
            Assert.Contains("Only an article in the trash", await FlashAfterAsync(editor, refused), StringComparison.Ordinal);
        }

        Assert.True(await App.WithDbAsync((db, _) => db.Articles.AnyAsync(a => a.Id == article.Id)));
        (await MoveToTrashAsync(editor, article.Id)).Dispose();
        var confirm = await editor.Http.GetDocumentAsync($"/newsroom/articles/trash/{article.Id}/delete");
        Assert.Contains("cannot be undone", confirm.QuerySelector("main")?.TextContent ?? confirm.Body!.TextContent, StringComparison.Ordinal);
        using (var deleted = await DeleteForGoodAsync(editor, article.Id))
        {
            Assert.Contains("deleted for good", await FlashAfterAsync(editor, deleted), StringComparison.Ordinal);
        }

        Assert.False(await App.WithDbAsync((db, _) => db.Articles.AnyAsync(a => a.Id == article.Id)));
        foreach (var address in new[] { path, path + "?page=2", path + "?order=newest", path + "/feed", oldPath, oldPath + "?order=newest" })
        {
            await AssertGoneAsync(address);
        }

        var entry = await App.WithDbAsync((db, _) => db.AuditEntries.SingleAsync(e => e.Action == ArticleDeletion.AuditAction && e.Subject == article.Headline));
        Assert.NotEqual("system", entry.UserName);

        // A new article that takes the old slug is that slug's again.
        var successor = await new ArticleBuilder().Headline(Unique("New ferry timetable")).Slug(oldSlug).SaveAsync(App);
        using var taken = await Client.GetAsync(PathOf(successor));
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
    }

    [Fact]
    public async Task A_draft_that_was_never_public_answers_404_in_the_trash_and_after_deletion()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var article = await new ArticleBuilder().Status(ArticleStatus.Draft).SaveAsync(App);
        (await MoveToTrashAsync(editor, article.Id)).Dispose();
        using (var trashed = await Client.GetAsync(PathOf(article)))
        {
            Assert.Equal(HttpStatusCode.NotFound, trashed.StatusCode);
        }

        (await DeleteForGoodAsync(editor, article.Id)).Dispose();
        using var deleted = await Client.GetAsync(PathOf(article));
        Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
    }

    [Fact]
    public async Task An_author_trashes_restores_and_deletes_their_own_draft()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        var headline = Unique("Half-written profile");
        var id = await NewsroomArticles.SaveAndGetIdAsync(author, null, await NewsroomArticles.FormAsync(App, headline));
        var editorPage = await author.Http.GetDocumentAsync($"/newsroom/articles/edit/{id}");
        Assert.NotNull(editorPage.QuerySelector("form[action='/newsroom/articles/trash?handler=Move'] button"));

        (await MoveToTrashAsync(author, id)).Dispose();
        Assert.Equal(ArticleStatus.Trashed, (await NewsroomArticles.LoadAsync(App, id)).Status);
        Assert.Contains(headline, await author.Http.GetStringAsync("/newsroom/articles/trash"), StringComparison.Ordinal);

        (await RestoreAsync(author, id)).Dispose();
        Assert.Equal(ArticleStatus.Draft, (await NewsroomArticles.LoadAsync(App, id)).Status);

        (await MoveToTrashAsync(author, id)).Dispose();
        (await DeleteForGoodAsync(author, id)).Dispose();
        Assert.False(await App.WithDbAsync((db, _) => db.Articles.AnyAsync(a => a.Id == id)));
        Assert.False(await App.WithDbAsync((db, _) => db.ArticleRevisions.AnyAsync(r => r.ArticleId == id)));
    }

    [Fact]
    public async Task An_author_is_refused_trashing_a_published_article_or_another_authors_draft()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        using var other = await App.SignInAsNewAsync(NewsroomRoles.Author);
        var published = await NewsroomArticles.SaveAndGetIdAsync(author, null, await NewsroomArticles.FormAsync(App, Unique("Council vote"), "Publish"));
        var othersDraft = await NewsroomArticles.SaveAndGetIdAsync(other, null, await NewsroomArticles.FormAsync(App, Unique("Not yours")));

        var editorPage = await author.Http.GetDocumentAsync($"/newsroom/articles/edit/{published}");
        Assert.Null(editorPage.QuerySelector("form[action='/newsroom/articles/trash?handler=Move']"));
        using (var refused = await MoveToTrashAsync(author, published))
        {
            Assert.Contains("only your own drafts", await FlashAfterAsync(author, refused), StringComparison.Ordinal);
        }

        Assert.Equal(ArticleStatus.Published, (await NewsroomArticles.LoadAsync(App, published)).Status);
        using (var forbidden = await MoveToTrashAsync(author, othersDraft))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        Assert.Equal(ArticleStatus.Draft, (await NewsroomArticles.LoadAsync(App, othersDraft)).Status);

        // An editor may trash anything; the author may then neither restore nor delete what was published.
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        (await MoveToTrashAsync(editor, published)).Dispose();
        (await RestoreAsync(author, published)).Dispose();
        (await DeleteForGoodAsync(author, published)).Dispose();
        Assert.Equal(ArticleStatus.Trashed, (await NewsroomArticles.LoadAsync(App, published)).Status);
        var trash = await author.Http.GetDocumentAsync("/newsroom/articles/trash");
        Assert.Contains("Ask an editor", trash.QuerySelector("tbody")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Comments_go_to_the_trash_with_their_article_and_come_back_each_with_its_status()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var article = await new ArticleBuilder()
            .WithComment("Ana", "An approved comment")
            .WithComment("Ben", "A held comment", commentStatus: CommentStatus.Pending)
            .WithComment("Cy", "A spam comment", commentStatus: CommentStatus.Spam)
            .WithComment("Di", "A comment trashed on its own", commentStatus: CommentStatus.Trash)
            .SaveAsync(App);

        async Task<Dictionary<string, CommentStatus>> StatusesAsync() =>
            await App.WithDbAsync((db, _) => db.Comments.Where(c => c.ArticleId == article.Id).ToDictionaryAsync(c => c.AuthorName, c => c.Status));

        (await MoveToTrashAsync(editor, article.Id)).Dispose();
        Assert.All((await StatusesAsync()).Values, status => Assert.Equal(CommentStatus.Trash, status));

        (await RestoreAsync(editor, article.Id)).Dispose();
        var statuses = await StatusesAsync();
        Assert.Equal(CommentStatus.Approved, statuses["Ana"]);
        Assert.Equal(CommentStatus.Pending, statuses["Ben"]);
        Assert.Equal(CommentStatus.Spam, statuses["Cy"]);
        Assert.Equal(CommentStatus.Trash, statuses["Di"]);
        Assert.Contains("An approved comment", await Client.GetStringAsync(PathOf(article)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_comment_restored_from_the_moderation_trash_goes_back_to_the_status_it_had()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var article = await new ArticleBuilder().WithComment("Eve", "Worth keeping").WithComment("Fay", "Still held", commentStatus: CommentStatus.Pending).SaveAsync(App);
        var ids = await App.WithDbAsync((db, _) => db.Comments.Where(c => c.ArticleId == article.Id).ToDictionaryAsync(c => c.AuthorName, c => c.Id));

        Task<HttpResponseMessage> BulkAsync(string view, string action) => editor.PostFormAsync(
            $"/newsroom/comments?handler=Bulk&status={view}",
            [new("BulkAction", action), new("Selected", $"{ids["Eve"]}"), new("Selected", $"{ids["Fay"]}")], "/newsroom/comments");

        (await BulkAsync("approved", "trash")).Dispose();
        Assert.DoesNotContain("Worth keeping", await Client.GetStringAsync(PathOf(article)), StringComparison.Ordinal);
        using (var restored = await BulkAsync("trash", "restore"))
        {
            Assert.Contains("each to the status it had", await FlashAfterAsync(editor, restored), StringComparison.Ordinal);
        }

        var statuses = await App.WithDbAsync((db, _) => db.Comments.Where(c => c.ArticleId == article.Id).ToDictionaryAsync(c => c.AuthorName, c => c.Status));
        Assert.Equal(CommentStatus.Approved, statuses["Eve"]);
        Assert.Equal(CommentStatus.Pending, statuses["Fay"]);
        Assert.Contains("Worth keeping", await Client.GetStringAsync(PathOf(article)), StringComparison.Ordinal);

        // The comment's own page restores the same way.
        (await editor.PostFormAsync($"/newsroom/comments/edit/{ids["Eve"]}?handler=Status", new() { ["status"] = "Trash" }, $"/newsroom/comments/edit/{ids["Eve"]}")).Dispose();
        (await editor.PostFormAsync($"/newsroom/comments/edit/{ids["Eve"]}?handler=Restore", new Dictionary<string, string>(), $"/newsroom/comments/edit/{ids["Eve"]}")).Dispose();
        Assert.Equal(CommentStatus.Approved, await App.WithDbAsync((db, _) => db.Comments.Where(c => c.Id == ids["Eve"]).Select(c => c.Status).SingleAsync()));
    }

    [Fact]
    public async Task Trashing_and_restoring_show_at_once_on_the_cached_home_page_and_section_feed()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var article = await new ArticleBuilder().Headline(Unique("Lifeboat launch")).PublishedAgo(TimeSpan.FromSeconds(1)).SaveAsync(App);
        string[] lists = ["/", "/feed", "/section/city/feed"];
        var renamed = await App.ProveServedFromCacheAsync(Client, article.Id, lists);

        (await MoveToTrashAsync(editor, article.Id)).Dispose();
        foreach (var list in lists)
        {
            Assert.False(PageCacheProof.Shows(await Client.GetStringAsync(list), renamed), $"{list} still shows the trashed article.");
        }

        (await RestoreAsync(editor, article.Id)).Dispose();
        foreach (var list in lists)
        {
            Assert.True(PageCacheProof.Shows(await Client.GetStringAsync(list), renamed), $"{list} does not show the restored article.");
        }
    }

    [Fact]
    public async Task The_trash_empties_itself_after_the_retention_days_in_the_name_of_the_system()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var old = await new ArticleBuilder().Headline(Unique("Long forgotten")).WithComment("Gus", "Old words").SaveAsync(App);
        var recent = await new ArticleBuilder().Headline(Unique("Trashed today")).SaveAsync(App);
        (await MoveToTrashAsync(editor, old.Id)).Dispose();
        (await MoveToTrashAsync(editor, recent.Id)).Dispose();
        var longAgo = App.Clock.GetUtcNow().UtcDateTime.AddDays(-31);
        await App.WithDbAsync((db, _) => db.Articles.Where(a => a.Id == old.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.TrashedAt, longAgo)));

        // The job's next hourly pass, on the app's own clock.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await App.WithDbAsync((db, _) => db.Articles.AnyAsync(a => a.Id == old.Id)) && DateTime.UtcNow < deadline)
        {
            App.Clock.Advance(TimeSpan.FromHours(1));
            await Task.Delay(250);
        }

        Assert.False(await App.WithDbAsync((db, _) => db.Articles.AnyAsync(a => a.Id == old.Id)), "The article 31 days in the trash is still there.");
        Assert.False(await App.WithDbAsync((db, _) => db.Comments.AnyAsync(c => c.ArticleId == old.Id)));
        Assert.Equal(ArticleStatus.Trashed, (await NewsroomArticles.LoadAsync(App, recent.Id)).Status);
        var entry = await App.WithDbAsync((db, _) => db.AuditEntries.SingleAsync(e => e.Action == ArticleDeletion.AuditAction && e.Subject.StartsWith(old.Headline)));
        Assert.Equal("system", entry.UserName);
        await AssertGoneAsync(PathOf(old));
    }

    [Fact]
    public async Task Delete_for_good_and_the_retention_job_leave_an_article_restored_meanwhile_alone()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var article = await new ArticleBuilder().Headline(Unique("Pier reopens")).SaveAsync(App);
        (await MoveToTrashAsync(editor, article.Id)).Dispose();

        // Each loads it while it is in the trash; then someone restores it before they delete.
        await using var first = App.Services.CreateAsyncScope();
        await using var second = App.Services.CreateAsyncScope();
        var loaded = await first.ServiceProvider.GetRequiredService<ArticleEditing>().FindAsync(article.Id);
        var loadedByJob = await second.ServiceProvider.GetRequiredService<ArticleEditing>().FindAsync(article.Id);
        (await RestoreAsync(editor, article.Id)).Dispose();

        var member = new NewsroomMember("someone", "Ed", null, NewsroomRoles.Editor);
        Assert.Equal(ArticleDeletion.AlreadyGone, await first.ServiceProvider.GetRequiredService<ArticleDeletion>().DeleteFromTrashAsync(loaded!, member));
        Assert.False(await second.ServiceProvider.GetRequiredService<ArticleDeletion>().DeleteExpiredAsync(loadedByJob!, DateTime.UtcNow.AddYears(1)));
        Assert.Equal(ArticleStatus.Published, (await NewsroomArticles.LoadAsync(App, article.Id)).Status);
        Assert.Contains(article.Headline, await Client.GetStringAsync(PathOf(article)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_delete_for_good_of_the_same_article_says_it_is_gone_already()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var article = await new ArticleBuilder().Headline(Unique("Twice pressed")).SaveAsync(App);
        (await MoveToTrashAsync(editor, article.Id)).Dispose();
        await using var late = App.Services.CreateAsyncScope();
        var loaded = await late.ServiceProvider.GetRequiredService<ArticleEditing>().FindAsync(article.Id);

        using (var deleted = await DeleteForGoodAsync(editor, article.Id))
        {
            Assert.Contains("deleted for good", await FlashAfterAsync(editor, deleted), StringComparison.Ordinal);
        }

        var member = new NewsroomMember("someone", "Ed", null, NewsroomRoles.Editor);
        Assert.Equal(ArticleDeletion.AlreadyGone, await late.ServiceProvider.GetRequiredService<ArticleDeletion>().DeleteFromTrashAsync(loaded!, member));
        Assert.Equal(1, await App.WithDbAsync((db, _) => db.RemovedSlugs.CountAsync(r => r.Slug == article.Slug)));
        await AssertGoneAsync(PathOf(article));
    }

    [Fact]
    public async Task An_author_who_takes_their_published_article_back_to_draft_still_cannot_trash_it_and_its_address_answers_410_once_trashed()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        var headline = Unique("Second thoughts");
        var id = await NewsroomArticles.SaveAndGetIdAsync(author, null, await NewsroomArticles.FormAsync(App, headline, "Publish"));
        var path = PathOf(await NewsroomArticles.LoadAsync(App, id));
        // Saved as a draft with no publication time: the server accepts it from the article's own author.
        var form = await NewsroomArticles.FormAsync(author, headline);
        (await NewsroomArticles.SaveAsync(author, id, form)).Dispose();
        Assert.Equal(ArticleStatus.Draft, (await NewsroomArticles.LoadAsync(App, id)).Status);

        using (var refused = await MoveToTrashAsync(author, id))
        {
            Assert.Contains("never published", await FlashAfterAsync(author, refused), StringComparison.Ordinal);
        }

        Assert.Equal(ArticleStatus.Draft, (await NewsroomArticles.LoadAsync(App, id)).Status);
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        (await MoveToTrashAsync(editor, id)).Dispose();
        using var gone = await Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
    }

    [Fact]
    public async Task An_article_in_the_trash_cannot_be_changed_by_a_revision_restore_a_conversion_or_an_autosave()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var article = await new ArticleBuilder().Headline(Unique("Kept as it was")).HtmlBody("<p>Old words</p>").SaveAsync(App);
        var id = await NewsroomArticles.SaveAndGetIdAsync(editor, article.Id, await NewsroomArticles.FormAsync(editor, Unique("Edited once"), "Publish"));
        var revision = await App.WithDbAsync((db, _) => db.ArticleRevisions.Where(r => r.ArticleId == id).Select(r => r.Id).FirstAsync());
        (await MoveToTrashAsync(editor, id)).Dispose();
        var before = await NewsroomArticles.LoadAsync(App, id);

        using (var restore = await editor.PostFormAsync($"/newsroom/articles/{id}/revisions?handler=Restore", new() { ["revision"] = $"{revision}" }, "/newsroom/articles/trash"))
        {
            Assert.Contains("Restore it from the trash first", await FlashAfterAsync(editor, restore), StringComparison.Ordinal);
        }

        using (var convert = await editor.PostFormAsync($"/newsroom/articles/edit/{id}?handler=ConvertToMarkdown", new(), "/newsroom/articles/trash"))
        {
            Assert.Contains("Restore it from the trash first", await FlashAfterAsync(editor, convert), StringComparison.Ordinal);
        }

        using (var autosave = await editor.PostFormAsync($"/newsroom/articles/edit/{id}?handler=Autosave", new() { ["Headline"] = "Typed in the trash", ["Body"] = "x" }, "/newsroom/articles/trash"))
        {
            Assert.Equal(HttpStatusCode.Conflict, autosave.StatusCode);
            Assert.Contains("Restore it from the trash first", await autosave.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var after = await NewsroomArticles.LoadAsync(App, id);
        Assert.Equal((before.Headline, before.Body, before.BodyFormat, ArticleStatus.Trashed), (after.Headline, after.Body, after.BodyFormat, after.Status));
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
        Assert.False(await App.WithDbAsync((db, _) => db.ArticleAutosaves.AnyAsync(a => a.ArticleId == id)));
    }
}

public sealed class SqliteArticleTrashTests(NewsroomApp app) : ArticleTrashTests<NewsroomApp>(app), IClassFixture<NewsroomApp>;

public sealed class PostgresArticleTrashTests(PostgresNewsroomApp app) : ArticleTrashTests<PostgresNewsroomApp>(app), IClassFixture<PostgresNewsroomApp>;

/// <summary>Who may move an article to the trash, restore it and delete it for good.</summary>
public sealed class ArticleTrashRuleTests
{
    private static NewsroomMember Member(string role) => new("user-1", "Sam", 7, role);

    [Theory]
    [InlineData(NewsroomRoles.Administrator, ArticleStatus.Published, false, true)]
    [InlineData(NewsroomRoles.Editor, ArticleStatus.Published, false, true)]
    [InlineData(NewsroomRoles.Editor, ArticleStatus.Draft, false, true)]
    [InlineData(NewsroomRoles.Author, ArticleStatus.Draft, true, true)]
    [InlineData(NewsroomRoles.Author, ArticleStatus.Draft, false, false)]
    [InlineData(NewsroomRoles.Author, ArticleStatus.Published, true, false)]
    [InlineData(NewsroomRoles.Author, ArticleStatus.Scheduled, true, false)]
    [InlineData(NewsroomRoles.Contributor, ArticleStatus.Draft, true, true)]
    [InlineData(NewsroomRoles.Contributor, ArticleStatus.PendingReview, true, false)]
    [InlineData(NewsroomRoles.Moderator, ArticleStatus.Draft, true, false)]
    public void Editors_trash_any_article_and_writers_only_their_own_drafts(string role, ArticleStatus status, bool owns, bool mayTrash) =>
        Assert.Equal(mayTrash, Member(role).MayTrash(status, wasPublic: false, owns));

    [Fact]
    public void A_writers_draft_that_was_once_published_is_for_an_editor_to_trash()
    {
        // Published once (its first publication marked it), then taken back to a draft with its time cleared.
        var article = new Article { Headline = "H", Slug = "h", Body = "B", Status = ArticleStatus.Draft, PublishedAt = null, AlertQueuedAt = DateTime.UtcNow };
        Assert.True(GoneArticles.WasPublic(article));
        Assert.False(Member(NewsroomRoles.Author).MayTrash(article, owns: true));
        Assert.False(Member(NewsroomRoles.Contributor).MayTrash(article, owns: true));
        Assert.True(Member(NewsroomRoles.Editor).MayTrash(article, owns: false));
        Assert.True(Member(NewsroomRoles.Author).MayTrash(new Article { Headline = "H", Slug = "h", Body = "B" }, owns: true));
    }

    [Fact]
    public void An_article_in_the_trash_is_exported_to_WordPress_as_trash() =>
        Assert.Equal("trash", Broadsheet.Export.WordPressExport.PostStatus(ArticleStatus.Trashed));

    [Fact]
    public void An_article_in_the_trash_is_judged_by_the_status_it_had_before()
    {
        var article = new Article { Headline = "H", Slug = "h", Body = "B", Status = ArticleStatus.Trashed, StatusBeforeTrash = ArticleStatus.Published };
        Assert.Equal(ArticleStatus.Published, article.StatusOutsideTrash());
        Assert.Equal("The article is in the trash: restore it before you change it.",
            Member(NewsroomRoles.Editor).Apply(EditorAction.Publish, article, owns: true, null, DateTime.UtcNow));
    }
}
