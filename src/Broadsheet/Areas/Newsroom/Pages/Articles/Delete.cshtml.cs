using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Editing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Areas.Newsroom.Pages.Articles;

/// <summary>
/// Deleting an article for good, from the trash only: the page asks once, saying what goes with it, and the post
/// deletes (recorded in the audit log).
/// </summary>
public sealed class DeleteModel(BroadsheetDb db, ArticleEditing editing, ArticleDeletion deletion) : ArticlePage(editing)
{
    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    public Article Article { get; private set; } = null!;
    public int CommentCount { get; private set; }
    public int RevisionCount { get; private set; }

    /// <summary>Why the article cannot be deleted from here (it is not in the trash); the page says so instead of asking.</summary>
    public string? NotInTrash { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await FindAsync() is { } refusal)
        {
            return refusal;
        }

        Title = $"Delete for good: {Article.Headline}";
        if (NotInTrash is not null)
        {
            return Page();
        }

        CommentCount = await db.Comments.CountAsync(c => c.ArticleId == Id, HttpContext.RequestAborted);
        RevisionCount = await db.ArticleRevisions.CountAsync(r => r.ArticleId == Id, HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await FindAsync() is { } refusal)
        {
            return refusal;
        }

        if (NotInTrash is not null)
        {
            Flash = NotInTrash;
            return Redirect($"/newsroom/articles/edit/{Id}");
        }

        var headline = Article.Headline;
        Flash = await deletion.DeleteFromTrashAsync(Article, Member, HttpContext.RequestAborted) ?? $"“{headline}” deleted for good.";
        return Redirect("/newsroom/articles/trash");
    }

    /// <summary>
    /// Sets <see cref="Article"/>, or says why not: 404, 403, or back to the trash when it is not the member's to delete;
    /// <see cref="NotInTrash"/> when it is not in the trash.
    /// </summary>
    private async Task<IActionResult?> FindAsync()
    {
        var article = await Editing.FindAsync(Id, HttpContext.RequestAborted);
        if (article is null)
        {
            return NotFound();
        }

        if (!Member.IsEditor && !ArticleEditing.Owns(Member, article))
        {
            return Forbidden();
        }

        Article = article;
        if (article.Status != ArticleStatus.Trashed)
        {
            NotInTrash = "Only an article in the trash can be deleted for good: move it to the trash first.";
            return null;
        }

        if (!ArticleDeletion.MayDelete(Member, article))
        {
            Flash = Member.TrashRefusal("delete");
            return Redirect("/newsroom/articles/trash");
        }

        return null;
    }
}
