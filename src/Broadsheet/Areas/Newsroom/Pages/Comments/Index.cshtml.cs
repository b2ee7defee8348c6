using Broadsheet.Comments;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Areas.Newsroom.Pages.Comments;

/// <summary>The moderation queue: comments by status (and reported ones), filterable by article, with bulk actions.</summary>
public sealed class IndexModel(BroadsheetDb db, CommentModeration moderation, SiteCalendar calendar) : NewsroomPage
{
    public const int PageSize = 50;

    /// <summary>A tab's count stops here and shows as "10,000+".</summary>
    public const int CountCap = 10_000;

    public sealed record Row(
        int Id, int ArticleId, string Headline, string AuthorName, string AuthorEmail, string? AuthorUrl, string? AuthorIp,
        string Body, DateTime CreatedAt, CommentStatus Status, string? Reason, int Reports, bool IsStaff, int? ParentId);

    /// <summary>pending, approved, spam, trash or reported.</summary>
    [BindProperty(SupportsGet = true, Name = "status")]
    public string View { get; set; } = "pending";

    [BindProperty(SupportsGet = true, Name = "article")]
    public int? ArticleId { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public List<int> Selected { get; set; } = [];

    [BindProperty]
    public string? BulkAction { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyDictionary<string, int> Counts { get; private set; } = new Dictionary<string, int>();
    public string? ArticleHeadline { get; private set; }
    public bool HasNext { get; private set; }
    public SiteCalendar Calendar => calendar;

    public static readonly string[] Views = ["pending", "approved", "spam", "trash", "reported"];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Title = "Comments";
        if (!Views.Contains(View))
        {
            return NotFound();
        }

        PageNumber = Math.Max(1, PageNumber);
        var scoped = db.Comments.AsNoTracking().Where(c => ArticleId == null || c.ArticleId == ArticleId);
        // Each tab counts up to a cap: an exact count of a big site's approved comments would read an index of a
        // million entries on every visit, to print a number nobody acts on. Each is ordered by a column its index is
        // already in order of (the status it fixes; the reported comments' own index), so the order costs nothing and
        // EF Core does not warn of a limit without one.
        var counts = new Dictionary<string, int>();
        foreach (var tab in Enum.GetValues<CommentStatus>())
        {
            counts[tab.ToString().ToLowerInvariant()] = await scoped.Where(c => c.Status == tab).OrderBy(c => c.Status).Take(CountCap).CountAsync(cancellationToken);
        }

        counts["reported"] = await scoped.Where(c => c.ReportCount > 0 && c.Status != CommentStatus.Trash && c.Status != CommentStatus.Spam)
            .OrderBy(c => c.ReportCount).Take(CountCap).CountAsync(cancellationToken);
        Counts = counts;

        var reported = View == "reported";
        var status = reported ? CommentStatus.Pending : Enum.Parse<CommentStatus>(View, ignoreCase: true);
        var listed = reported
            ? scoped.Where(c => c.ReportCount > 0 && c.Status != CommentStatus.Trash && c.Status != CommentStatus.Spam)
            : scoped.Where(c => c.Status == status);
        // The page's ids first, then its rows: a deep page skips thousands of entries of the tab's index, and skipping
        // only ids lets the database stay in the index instead of reading every skipped comment.
        var pageIds = InQueueOrder(listed, reported).Skip((PageNumber - 1) * PageSize).Take(PageSize + 1).Select(c => c.Id);
        var rows = await InQueueOrder(db.Comments.AsNoTracking().Where(c => pageIds.Contains(c.Id)), reported)
            .Select(c => new Row(c.Id, c.ArticleId, c.Article.Headline, c.AuthorName, c.AuthorEmail, c.AuthorUrl, c.AuthorIp,
                c.Body, c.CreatedAt, c.Status, c.ModerationReason, c.ReportCount, c.IsStaff, c.ParentId))
            .ToListAsync(cancellationToken);
        HasNext = rows.Count > PageSize;
        Rows = rows.Take(PageSize).ToList();
        if (ArticleId is { } articleId)
        {
            ArticleHeadline = await db.Articles.Where(a => a.Id == articleId).Select(a => a.Headline).FirstOrDefaultAsync(cancellationToken);
        }

        return Page();
    }

    /// <summary>Most reported first in the reported tab, newest first in the others; the id keeps pages stable.</summary>
    private static IOrderedQueryable<Comment> InQueueOrder(IQueryable<Comment> comments, bool reported) => reported
        ? comments.OrderByDescending(c => c.ReportCount).ThenByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
        : comments.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id);

    public async Task<IActionResult> OnPostBulkAsync(CancellationToken cancellationToken)
    {
        if (Selected.Count == 0)
        {
            Flash = "Choose one or more comments first.";
            return RedirectToPage(new { status = View, article = ArticleId, p = PageNumber });
        }

        if (BulkAction == "dismiss")
        {
            await moderation.DismissReportsAsync(Selected, cancellationToken);
            Flash = $"Reports cleared on {Selected.Count} comment(s).";
            return RedirectToPage(new { status = View, article = ArticleId, p = PageNumber });
        }

        if (BulkAction == "restore")
        {
            var restored = await moderation.RestoreAsync(Selected, cancellationToken);
            Flash = $"{restored} comment{(restored == 1 ? "" : "s")} restored, each to the status it had before the trash.";
            return RedirectToPage(new { status = View, article = ArticleId, p = PageNumber });
        }

        CommentStatus? target = BulkAction switch
        {
            "approve" => CommentStatus.Approved,
            "pending" => CommentStatus.Pending,
            "spam" => CommentStatus.Spam,
            "trash" => CommentStatus.Trash,
            _ => null,
        };
        if (target is not { } status)
        {
            Flash = "Choose what to do with the selected comments.";
            return RedirectToPage(new { status = View, article = ArticleId, p = PageNumber });
        }

        var changed = await moderation.SetStatusAsync(Selected, status, cancellationToken);
        Flash = $"{changed} comment{(changed == 1 ? "" : "s")} {CommentModeration.Verb(status)}.";
        return RedirectToPage(new { status = View, article = ArticleId, p = PageNumber });
    }

    public async Task<IActionResult> OnPostEmptySpamAsync(CancellationToken cancellationToken)
    {
        var deleted = await moderation.EmptySpamAsync(cancellationToken);
        Flash = $"Spam emptied: {deleted} comment{(deleted == 1 ? "" : "s")} deleted for good.";
        return RedirectToPage(new { status = "spam", article = ArticleId });
    }

    public string CountLabel(string view) =>
        Counts[view] >= CountCap ? $"{CountCap.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}+" : Counts[view].ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string Link(string view, int page = 1) =>
        $"/newsroom/comments?status={view}{(ArticleId is { } id ? $"&article={id}" : "")}{(page > 1 ? $"&p={page}" : "")}";
}
