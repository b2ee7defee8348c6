using System.Security.Cryptography;
using System.Text;
using Broadsheet.Comments;
using Broadsheet.Data;
using Broadsheet.Site;
using Broadsheet.Spam;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Pages.Comments;

/// <summary>
/// A reader reports a comment to the moderators. Without script this page asks them to confirm; with it,
/// the article page posts here directly. Each reader counts once per comment.
/// </summary>
public sealed class ReportModel(BroadsheetDb db, CommentRateLimits limits, AltchaKeys keys, SiteCalendar calendar, TimeProvider time) : SitePage
{
    public int Id { get; private set; }
    public string AuthorName { get; private set; } = "";
    public string BodyHtml { get; private set; } = "";
    public string ArticlePath { get; private set; } = "";
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        using var lease = await limits.Reports.AcquireAsync(CommentRateLimits.ClientKey(HttpContext), 1, cancellationToken);
        if (!lease.IsAcquired)
        {
            Message = "You have reported several comments in a short time. Please wait a minute and try again.";
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }

        // A keyed hash of the address: enough to count each reader once, without keeping the address itself.
        var reporter = Convert.ToHexStringLower(HMACSHA256.HashData(keys.KeySecret, Encoding.UTF8.GetBytes("report:" + CommentRateLimits.ClientKey(HttpContext))));
        if (!await db.CommentReports.AnyAsync(r => r.CommentId == id && r.ReporterKey == reporter, cancellationToken))
        {
            db.CommentReports.Add(new CommentReport { CommentId = id, ReporterKey = reporter, CreatedAt = time.GetUtcNow().UtcDateTime });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await db.Comments.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.ReportCount, c => c.ReportCount + 1), cancellationToken);
            }
            catch (DbUpdateException)
            {
                // The same reader's second click arrived at the same moment; one report counts.
            }
        }

        return Redirect(CommentPermalinks.Route(id));
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var row = await db.Comments.AsNoTracking()
            .Where(c => c.Id == id && c.Status == CommentStatus.Approved && c.Kind == CommentKind.Comment && c.Article.Status == Broadsheet.Articles.ArticleStatus.Published && c.Article.PublishedAt <= now)
            .Select(c => new { c.AuthorName, c.Body, c.Article.Slug, PublishedAt = c.Article.PublishedAt!.Value })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return false;
        }

        Id = id;
        AuthorName = row.AuthorName;
        BodyHtml = CommentText.ToHtml(row.Body);
        ArticlePath = calendar.ArticlePath(row.PublishedAt, row.Slug);
        Meta.Title = $"Report a comment by {row.AuthorName}";
        Meta.CanonicalPath = ArticlePath;
        Meta.NoIndex = true;
        return true;
    }
}
