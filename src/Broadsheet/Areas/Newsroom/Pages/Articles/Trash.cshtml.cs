using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Editing;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Areas.Newsroom.Pages.Articles;

public sealed record TrashRow(int Id, string Headline, ArticleStatus StatusBefore, string Section, IReadOnlyList<string> Authors, DateTime TrashedAt, bool MayAct);

/// <summary>
/// The trash: articles moved there from the editor, to restore or to delete for good; it empties itself after the
/// configured number of days. Editors see every article in it, writers their own. Moving to the trash posts here too.
/// </summary>
public sealed class TrashModel(BroadsheetDb db, ArticleEditing editing, ArticleTrash trash, SiteCalendar calendar, IOptionsMonitor<TrashOptions> options) : ArticlePage(editing)
{
    public const int PageSize = 25;

    public IReadOnlyList<TrashRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public int RetentionDays => options.CurrentValue.RetentionDays;
    public SiteCalendar Calendar => calendar;

    public async Task OnGetAsync([FromQuery(Name = "page")] int page = 1)
    {
        Title = "Trash";
        PageNumber = Math.Clamp(page, 1, 100_000);
        var ct = HttpContext.RequestAborted;
        var member = Member;
        var trashed = db.Articles.AsNoTracking().Where(a => a.Status == ArticleStatus.Trashed);
        if (!member.IsEditor)
        {
            trashed = trashed.Where(a => a.CreatedById == member.UserId || a.Bylines.Any(b => b.AuthorId == member.AuthorId));
        }

        Total = await trashed.CountAsync(ct);
        var rows = await trashed
            .OrderByDescending(a => a.TrashedAt).ThenByDescending(a => a.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(a => new
            {
                a.Id, a.Headline, Before = a.StatusBeforeTrash ?? ArticleStatus.Draft, Section = a.Section.Name,
                Authors = a.Bylines.OrderBy(b => b.Position).Select(b => b.Author.Name).ToList(), a.TrashedAt, a.AlertQueuedAt,
            })
            .ToListAsync(ct);
        // Writers see only their own here, so whether it was ever public and its status before the trash decide what they may do.
        Rows = rows.Select(r => new TrashRow(r.Id, r.Headline, r.Before, r.Section, r.Authors, r.TrashedAt ?? default,
            member.MayTrash(r.Before, GoneArticles.WasPublic(ArticleStatus.Trashed, r.Before, r.AlertQueuedAt), owns: true))).ToList();
    }

    /// <summary>Moves an article to the trash (the editor's "Move to trash").</summary>
    public async Task<IActionResult> OnPostMoveAsync(int id)
    {
        var (article, refusal) = await FindOwnOrAnyAsync(id);
        if (article is null)
        {
            return refusal!;
        }

        if (await trash.MoveToTrashAsync(article, Member, HttpContext.RequestAborted) is { } refused)
        {
            Flash = refused;
            return Redirect($"/newsroom/articles/edit/{id}");
        }

        Flash = $"“{article.Headline}” moved to the trash: it is off the site. Restore it from here within {RetentionText}.";
        return Redirect("/newsroom/articles/trash");
    }

    /// <summary>Puts an article back as it was before the trash.</summary>
    public async Task<IActionResult> OnPostRestoreAsync(int id)
    {
        var (article, refusal) = await FindOwnOrAnyAsync(id);
        if (article is null)
        {
            return refusal!;
        }

        var (refused, note) = await trash.RestoreAsync(article, Member, HttpContext.RequestAborted);
        if (refused is not null)
        {
            Flash = refused;
            return Redirect("/newsroom/articles/trash");
        }

        Flash = note ?? $"“{article.Headline}” restored: it is {article.Status.Describe().ToLowerInvariant()} again.";
        return Redirect("/newsroom/articles/trash");
    }

    public string PageLink(int page) => $"/newsroom/articles/trash?page={page}";

    private string RetentionText => RetentionDays > 0 ? $"{RetentionDays} days" : "any time";

    /// <summary>The article when the member may see it (Editors any, writers their own); 404 or 403 otherwise.</summary>
    private async Task<(Article? Article, IActionResult? Refusal)> FindOwnOrAnyAsync(int id)
    {
        var article = await Editing.FindAsync(id, HttpContext.RequestAborted);
        if (article is null)
        {
            return (null, NotFound());
        }

        return Member.IsEditor || ArticleEditing.Owns(Member, article) ? (article, null) : (null, Forbidden());
    }
}
