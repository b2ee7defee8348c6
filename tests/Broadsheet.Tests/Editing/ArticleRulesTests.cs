using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Editing;

namespace Broadsheet.Tests.Editing;

public sealed class ArticleRulesTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    private static NewsroomMember Member(string role) => new("user-1", "Sam", 7, role);

    private static Article Draft(ArticleStatus status = ArticleStatus.Draft) =>
        new() { Headline = "H", Slug = "h", Body = "B", Status = status, CreatedById = "someone-else" };

    [Theory]
    [InlineData(NewsroomRoles.Administrator, true, true)]
    [InlineData(NewsroomRoles.Editor, true, true)]
    [InlineData(NewsroomRoles.Author, true, true)]
    [InlineData(NewsroomRoles.Author, false, false)]
    [InlineData(NewsroomRoles.Contributor, true, false)]
    [InlineData(NewsroomRoles.Moderator, true, false)]
    public void Who_may_publish(string role, bool owns, bool mayPublish) =>
        Assert.Equal(mayPublish, Member(role).MayPublish(owns));

    [Theory]
    [InlineData(ArticleStatus.Draft, true)]
    [InlineData(ArticleStatus.PendingReview, true)]
    [InlineData(ArticleStatus.Scheduled, false)]
    [InlineData(ArticleStatus.Published, false)]
    [InlineData(ArticleStatus.Unpublished, false)]
    public void A_contributor_edits_only_their_own_unpublished_drafts(ArticleStatus status, bool mayEdit)
    {
        Assert.Equal(mayEdit, Member(NewsroomRoles.Contributor).MayEdit(status, owns: true));
        Assert.False(Member(NewsroomRoles.Contributor).MayEdit(status, owns: false));
    }

    [Fact]
    public void Ownership_is_by_creator_or_byline()
    {
        var member = Member(NewsroomRoles.Author);
        Assert.True(member.Owns("user-1", []));
        Assert.True(member.Owns("someone-else", [3, 7]));
        Assert.False(member.Owns("someone-else", [3]));
        Assert.False(member.Owns(null, []));
    }

    [Fact]
    public void Publishing_with_a_future_time_schedules_and_without_one_publishes_now()
    {
        var editor = Member(NewsroomRoles.Editor);
        var scheduled = Draft();
        Assert.Null(editor.Apply(EditorAction.Publish, scheduled, owns: false, Now.AddHours(3), Now));
        Assert.Equal((ArticleStatus.Scheduled, Now.AddHours(3)), (scheduled.Status, scheduled.PublishedAt));

        var now = Draft();
        Assert.Null(editor.Apply(EditorAction.Publish, now, owns: false, null, Now));
        Assert.Equal((ArticleStatus.Published, Now), (now.Status, now.PublishedAt));
    }

    [Fact]
    public void Updating_a_published_article_keeps_its_publication_time()
    {
        var article = Draft(ArticleStatus.Published);
        article.PublishedAt = Now.AddDays(-3);
        Assert.Null(Member(NewsroomRoles.Editor).Apply(EditorAction.Publish, article, owns: false, null, Now));
        Assert.Equal((ArticleStatus.Published, Now.AddDays(-3)), (article.Status, article.PublishedAt));
    }

    [Fact]
    public void An_unpublished_article_goes_back_to_draft_and_a_draft_cannot_be_unpublished()
    {
        var author = Member(NewsroomRoles.Author);
        var article = Draft(ArticleStatus.Published);
        Assert.Null(author.Apply(EditorAction.Unpublish, article, owns: true, null, Now));
        Assert.Equal(ArticleStatus.Unpublished, article.Status);
        Assert.Null(author.Apply(EditorAction.SaveDraft, article, owns: true, null, Now));
        Assert.Equal(ArticleStatus.Draft, article.Status);
        Assert.Equal("The article is not published.", author.Apply(EditorAction.Unpublish, article, owns: true, null, Now));
    }

    [Fact]
    public void A_contributor_is_told_to_submit_for_review_and_nothing_changes()
    {
        var article = Draft();
        var refusal = Member(NewsroomRoles.Contributor).Apply(EditorAction.Publish, article, owns: true, null, Now);
        Assert.Contains("Submit the article for review", refusal, StringComparison.Ordinal);
        Assert.Equal((ArticleStatus.Draft, (DateTime?)null), (article.Status, article.PublishedAt));
    }
}
