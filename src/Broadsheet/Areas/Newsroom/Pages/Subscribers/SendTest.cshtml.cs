using System.ComponentModel.DataAnnotations;
using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Mail;
using Broadsheet.Site;
using Broadsheet.Subscriptions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Areas.Newsroom.Pages.Subscribers;

/// <summary>What "Send a test" sends: an article's alert, or the daily or weekly digest as it stands now.</summary>
public sealed class SendTestInput
{
    [Required(ErrorMessage = "Choose what to send.")]
    [RegularExpression("^(alert|daily|weekly)$", ErrorMessage = "Choose an alert, the daily digest or the weekly digest.")]
    public string? Mailing { get; set; } = "alert";

    [Display(Name = "Article")]
    public int? ArticleId { get; set; }
}

public sealed record TestArticle(int Id, string Headline, string Status);

/// <summary>
/// Sends an alert or a digest to the signed-in member's own address, through the outbox like the real thing,
/// so an editor sees exactly what subscribers will get before they get it.
/// </summary>
[Authorize(Policy = NewsroomPolicies.Desk)]
public sealed class SendTestModel(
    BroadsheetDb db, MailingContent content, Outbox outbox, TimeProvider time, SiteCalendar calendar, IOptions<SubscriptionOptions> options) : NewsroomPage
{
    [BindProperty]
    public SendTestInput Input { get; set; } = new();

    public IReadOnlyList<TestArticle> Articles { get; private set; } = [];
    public string? Address { get; private set; }

    public async Task OnGetAsync([FromQuery] int? article)
    {
        Input.ArticleId = article;
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        await LoadAsync();
        if (Address is null)
        {
            ModelState.AddModelError("", "Your account has no email address to send the test to.");
        }

        MailTemplate? template = null;
        if (ModelState.IsValid)
        {
            template = Input.Mailing == "alert" ? await AlertAsync(ct) : await DigestAsync(Input.Mailing == "weekly" ? MailJobKind.WeeklyDigest : MailJobKind.DailyDigest, ct);
        }

        if (template is null || !ModelState.IsValid)
        {
            return Page();
        }

        var mail = content.ForTest(template);
        outbox.Queue(db, MailKind.Test, Address!, Member.Name, mail.Subject, mail.Text, mail.Html);
        await db.SaveChangesAsync(ct);
        outbox.Wake();
        Flash = $"A test of the {Describe(Input.Mailing)} is on its way to {Address}.";
        return RedirectToPage(new { article = Input.ArticleId });
    }

    private async Task<MailTemplate?> AlertAsync(CancellationToken ct)
    {
        var article = Input.ArticleId is { } id
            ? await db.Articles.AsNoTracking().Where(a => a.Id == id && a.PublishedAt != null).Select(MailingContent.Projection).FirstOrDefaultAsync(ct)
            : null;
        if (article is null)
        {
            ModelState.AddModelError("Input.ArticleId", "Choose an article with a publication time (published or scheduled).");
            return null;
        }

        return content.Alert(article);
    }

    /// <summary>The digest as it would go out next: the articles since the last one (all sections), or the last one's when none yet.</summary>
    private async Task<MailTemplate?> DigestAsync(MailJobKind kind, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var settings = options.Value;
        var (start, end) = kind == MailJobKind.WeeklyDigest
            ? DigestSchedule.LatestWeekly(now, calendar.Zone, settings.DailyDigestAt, settings.WeeklyDigestDay)
            : DigestSchedule.LatestDaily(now, calendar.Zone, settings.DailyDigestAt);
        foreach (var (from, to) in new[] { (end, now), (start, end) })
        {
            var articles = await db.Articles.AsNoTracking().Published(now)
                .Where(a => a.PublishedAt >= from && a.PublishedAt < to)
                .Latest().Select(MailingContent.Projection).Take(MailingWorker.DigestLimit + 1).ToListAsync(ct);
            if (articles.Count > 0)
            {
                var more = await db.Articles.Published(now).CountAsync(a => a.PublishedAt >= from && a.PublishedAt < to, ct) - Math.Min(articles.Count, MailingWorker.DigestLimit);
                return content.Digest(kind, to, articles.Take(MailingWorker.DigestLimit).ToList(), more);
            }
        }

        ModelState.AddModelError("Input.Mailing", $"No articles were published since the {Describe(Input.Mailing)} before last ({calendar.DateLine(start)}): there is nothing to show in it yet.");
        return null;
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Title = "Send a test";
        Address = await db.Users.AsNoTracking().Where(u => u.Id == Member.UserId).Select(u => u.Email).FirstOrDefaultAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var recent = await db.Articles.AsNoTracking()
            .Where(a => a.PublishedAt != null && (a.Status == ArticleStatus.Published || a.Status == ArticleStatus.Scheduled))
            .OrderByDescending(a => a.Id == Input.ArticleId).ThenByDescending(a => a.PublishedAt).Take(50)
            .Select(a => new { a.Id, a.Headline, a.Status, a.PublishedAt }).ToListAsync(ct);
        Articles = recent.Select(a => new TestArticle(a.Id, a.Headline, a.Status == ArticleStatus.Scheduled && a.PublishedAt > now ? "scheduled" : "published")).ToList();
    }

    public static string Describe(string? mailing) => mailing switch
    {
        "daily" => "daily digest",
        "weekly" => "weekly digest",
        _ => "alert",
    };
}
