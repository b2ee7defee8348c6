using Broadsheet.Articles;
using Broadsheet.Editing;
using Microsoft.AspNetCore.Mvc;

namespace Broadsheet.Areas.Newsroom.Pages.Articles;

/// <summary>Base of the pages that work on one article: the one place that decides whether the member may.</summary>
public abstract class ArticlePage(ArticleEditing editing) : NewsroomPage
{
    protected ArticleEditing Editing { get; } = editing;

    /// <summary>What a member who tries to change an article in the trash is told.</summary>
    public const string InTrash = "This article is in the trash. Restore it from the trash first.";

    /// <summary>
    /// The article when it exists and the member may edit it; otherwise the answer to give instead: 404,
    /// <paramref name="refuse"/>'s answer (a plain 403 by default), or back to the trash with <see cref="InTrash"/> when
    /// it is there, unless <paramref name="trashedToo"/> (for what changes nothing, or says so itself).
    /// </summary>
    protected async Task<(Article? Article, IActionResult? Refusal)> FindEditableAsync(int id, Func<Article, Task<IActionResult>>? refuse = null, bool trashedToo = false)
    {
        var article = await Editing.FindAsync(id, HttpContext.RequestAborted);
        if (article is null)
        {
            return (null, NotFound());
        }

        // In the trash, the status it had decides who may look (a contributor's trashed draft is still theirs).
        if (!Member.MayEdit(article.StatusOutsideTrash(), ArticleEditing.Owns(Member, article)))
        {
            return (null, refuse is null ? Forbidden() : await refuse(article));
        }

        if (article.Status == ArticleStatus.Trashed && !trashedToo)
        {
            Flash = InTrash;
            return (null, Redirect("/newsroom/articles/trash"));
        }

        return (article, null);
    }
}
