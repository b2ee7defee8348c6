using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Editing;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Areas.Newsroom.Pages.Articles;

public sealed record RevisionRow(int Id, DateTime CreatedAt, string UserName, string Note);

/// <summary>An article's revisions: a word-level comparison of any two, and restoring one.</summary>
public sealed class RevisionsModel(BroadsheetDb db, ArticleEditing editing, SiteCalendar calendar) : ArticlePage(editing)
{
    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? To { get; set; }

    public Article Article { get; private set; } = null!;
    public IReadOnlyList<RevisionRow> Revisions { get; private set; } = [];
    public string? HeadlineDiff { get; private set; }
    public string? StandfirstDiff { get; private set; }
    public string? BodyDiff { get; private set; }
    public SiteCalendar Calendar => calendar;

    public string Describe(RevisionRow revision) =>
        $"{calendar.ToLocal(revision.CreatedAt).ToString("g", calendar.Culture)} – {revision.Note} by {revision.UserName}";

    public async Task<IActionResult> OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var (article, refusal) = await FindEditableAsync(Id);
        if (article is null)
        {
            return refusal!;
        }

        Article = article;
        Title = $"Revisions: {article.Headline}";
        Revisions = await db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == Id)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Select(r => new RevisionRow(r.Id, r.CreatedAt, r.UserName, r.Note)).ToListAsync(ct);
        if (Revisions.Count == 0)
        {
            return Page();
        }

        // By default: the newest revision against the one before it.
        To ??= Revisions[0].Id;
        From ??= Revisions.Count > 1 ? Revisions[1].Id : Revisions[0].Id;
        var pair = await db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == Id && (r.Id == From || r.Id == To)).ToListAsync(ct);
        var from = pair.FirstOrDefault(r => r.Id == From);
        var to = pair.FirstOrDefault(r => r.Id == To);
        if (from is null || to is null)
        {
            return NotFound();
        }

        HeadlineDiff = WordDiff.ToHtml(from.Headline, to.Headline);
        StandfirstDiff = WordDiff.ToHtml(from.Standfirst, to.Standfirst);
        BodyDiff = WordDiff.ToHtml(from.Body, to.Body);
        return Page();
    }

    public async Task<IActionResult> OnPostRestoreAsync(int revision)
    {
        var ct = HttpContext.RequestAborted;
        var stored = await db.ArticleRevisions.AsNoTracking().FirstOrDefaultAsync(r => r.Id == revision && r.ArticleId == Id, ct);
        if (stored is null)
        {
            return NotFound();
        }

        var (article, refusal) = await FindEditableAsync(Id);
        if (article is null)
        {
            return refusal!;
        }

        await Editing.RestoreAsync(article, stored, Member, ct);
        Flash = "Revision restored. The article now has those words; the restore is itself a revision.";
        return Redirect($"/newsroom/articles/edit/{Id}");
    }
}
