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
    /// Whether the member may move the article to the trash, restore it from there, or delete it for good: Editors and
    /// Administrators any article; Authors and Contributors their own drafts that were never public (anything that
    /// has been live is taken down by an editor, so that its address answers 410 Gone, even if it was taken back to a
    /// draft first). <paramref name="status"/> is the status outside the trash.
    /// </summary>
    public static bool MayTrash(this NewsroomMember member, ArticleStatus status, bool wasPublic, bool owns) =>
        member.IsEditor || (NewsroomRoles.Writes(member.Role) && owns && status == ArticleStatus.Draft && !wasPublic);

    /// <inheritdoc cref="MayTrash(NewsroomMember, ArticleStatus, bool, bool)"/>
    public static bool MayTrash(this NewsroomMember member, Article article, bool owns) =>
        member.MayTrash(article.StatusOutsideTrash(), GoneArticles.WasPublic(article), owns);

    /// <summary>The status that decides who may trash, restore or delete it: for an article in the trash, the one it had before.</summary>
    public static ArticleStatus StatusOutsideTrash(this Article article) =>
        article.Status == ArticleStatus.Trashed ? article.StatusBeforeTrash ?? ArticleStatus.Draft : article.Status;

    /// <summary>What to tell a member who may not trash, restore or delete the article.</summary>
    public static string TrashRefusal(this NewsroomMember member, string verb) =>
        member.IsEditor || !NewsroomRoles.Writes(member.Role)
            ? $"You cannot {verb} this article."
            : $"You can {verb} only your own drafts that were never published. Ask an editor to take a published article down.";

    /// <summary>
    /// Applies the action to the article's status and publication time; returns what to tell the writer
    /// when the action is not theirs to take (null when it was applied).
    /// </summary>
    public static string? Apply(this NewsroomMember member, EditorAction action, Article article, bool owns, DateTime? publishAt, DateTime utcNow)
    {
        var live = article.Status is ArticleStatus.Published or ArticleStatus.Scheduled;
        if (article.Status == ArticleStatus.Trashed)
        {
            return "The article is in the trash: restore it before you change it.";
        }

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
        ArticleStatus.Trashed => "In trash",
        _ => status.ToString(),
    };
}
