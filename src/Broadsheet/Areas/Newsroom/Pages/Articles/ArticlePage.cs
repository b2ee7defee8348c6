using Broadsheet.Articles;
using Broadsheet.Editing;
using Microsoft.AspNetCore.Mvc;

namespace Broadsheet.Areas.Newsroom.Pages.Articles;

/// <summary>Base of the pages that work on one article: the one place that decides whether the member may.</summary>
public abstract class ArticlePage(ArticleEditing editing) : NewsroomPage
{
    protected ArticleEditing Editing { get; } = editing;

    /// <summary>
    /// The article when it exists and the member may edit it; otherwise the answer to give instead: 404, or
    /// <paramref name="refuse"/>'s answer (a plain 403 by default).
    /// </summary>
    protected async Task<(Article? Article, IActionResult? Refusal)> FindEditableAsync(int id, Func<Article, Task<IActionResult>>? refuse = null)
    {
        var article = await Editing.FindAsync(id, HttpContext.RequestAborted);
        if (article is null)
        {
            return (null, NotFound());
        }

        if (!Member.MayEdit(article.Status, ArticleEditing.Owns(Member, article)))
        {
            return (null, refuse is null ? Forbidden() : await refuse(article));
        }

        return (article, null);
    }
}
