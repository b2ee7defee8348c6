using Broadsheet.Accounts;
using Broadsheet.Articles;

namespace Broadsheet.Editing;

/// <summary>What the writer asked for with the button they pressed in the editor.</summary>
public enum EditorAction
{
    SaveDraft,
    SubmitForReview,
    Publish,
    Unpublish,
}

/// <summary>
/// Who may do what to an article, checked on the server for every request: Editors and Administrators
/// work on every article; Authors on their own, including publishing; Contributors on their own drafts,
/// which they submit for review.
/// </summary>
public static class ArticleRules
{
    /// <summary>The member created the article or is in its byline.</summary>
    public static bool Owns(this NewsroomMember member, string? createdById, IEnumerable<int> bylineAuthorIds) =>
        (createdById is not null && createdById == member.UserId)
        || (member.AuthorId is { } authorId && bylineAuthorIds.Contains(authorId));

    public static bool MayEdit(this NewsroomMember member, ArticleStatus status, bool owns) => member switch
    {
        { IsEditor: true } => true,
        { MayPublishOwn: true } => owns,
        { Role: NewsroomRoles.Contributor } => owns && status is ArticleStatus.Draft or ArticleStatus.PendingReview,
        _ => false,
    };

    public static bool MayPublish(this NewsroomMember member, bool owns) => member.IsEditor || (member.MayPublishOwn && owns);

    /// <summary>
    /// Applies the action to the article's status and publication time; returns what to tell the writer
    /// when the action is not theirs to take (null when it was applied).
    /// </summary>
    public static string? Apply(this NewsroomMember member, EditorAction action, Article article, bool owns, DateTime? publishAt, DateTime utcNow)
    {
        var live = article.Status is ArticleStatus.Published or ArticleStatus.Scheduled;
        if (!member.MayEdit(article.Status, owns))
        {
            return "You cannot edit this article.";
        }

        switch (action)
        {
            case EditorAction.SaveDraft or EditorAction.SubmitForReview when live && !member.MayPublish(owns):
                return "Only someone who may publish this article can take it off the site.";
            case EditorAction.SaveDraft:
                article.Status = ArticleStatus.Draft;
                article.PublishedAt = publishAt;
                return null;
            case EditorAction.SubmitForReview:
                article.Status = ArticleStatus.PendingReview;
                article.PublishedAt = publishAt;
                return null;
            case EditorAction.Publish when !member.MayPublish(owns):
                return member.Role == NewsroomRoles.Contributor
                    ? "Contributors cannot publish. Submit the article for review and an editor will publish it."
                    : "You can publish only your own articles.";
            case EditorAction.Publish:
                article.PublishedAt = publishAt ?? (live ? article.PublishedAt : null) ?? utcNow;
                article.Status = article.PublishedAt > utcNow ? ArticleStatus.Scheduled : ArticleStatus.Published;
                return null;
            case EditorAction.Unpublish when !member.MayPublish(owns):
                return "You cannot unpublish this article.";
            case EditorAction.Unpublish when !live:
                return "The article is not published.";
            case EditorAction.Unpublish:
                article.Status = ArticleStatus.Unpublished;
                return null;
            default:
                return "Unknown action.";
        }
    }

    public static string Describe(this ArticleStatus status) => status switch
    {
        ArticleStatus.Draft => "Draft",
        ArticleStatus.PendingReview => "Pending review",
        ArticleStatus.Scheduled => "Scheduled",
        ArticleStatus.Published => "Published",
        ArticleStatus.Unpublished => "Unpublished",
        _ => status.ToString(),
    };
}
