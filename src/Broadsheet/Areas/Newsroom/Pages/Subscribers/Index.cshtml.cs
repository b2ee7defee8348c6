using Broadsheet.Audit;
using Broadsheet.Data;
using Broadsheet.Mail;
using Broadsheet.Site;
using Broadsheet.Subscriptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Broadsheet.Areas.Newsroom.Pages.Subscribers;

/// <summary>
/// The subscriber list: search by address, filter by status, counts per status and per section, CSV export and
/// import, and the two things an editor may do to one address by hand (unsubscribe it, reactivate a suspended one).
/// </summary>
public sealed class IndexModel(BroadsheetDb db, SiteCalendar calendar, SiteUrls urls, AuditLog audit, TimeProvider time) : NewsroomPage
{
    public const int PageSize = 50;

    public sealed record Row(
        int Id, string Email, SubscriberStatus Status, Frequency Frequency, bool Paused, IReadOnlyList<string> Sections,
        DateTime CreatedAt, DateTime? ConsentedAt, string? ConsentSource, DateTime? UnsubscribedAt, int BounceCount, string? BounceReason);

    public sealed record SectionCount(string Name, int AsPublished, int Daily, int Weekly)
    {
        public int Total => AsPublished + Daily + Weekly;
    }

    public static readonly string[] Views = ["all", "pending", "confirmed", "unsubscribed", "bouncing"];

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    /// <summary>all, pending, confirmed, unsubscribed or bouncing.</summary>
    [BindProperty(SupportsGet = true, Name = "status")]
    public string View { get; set; } = "all";

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyDictionary<string, int> Counts { get; private set; } = new Dictionary<string, int>();
    public IReadOnlyList<SectionCount> Sections { get; private set; } = [];
    public bool HasNext { get; private set; }

    /// <summary>The outcome of the import just posted.</summary>
    public SubscriberImportReport? Report { get; private set; }

    public SiteCalendar Calendar => calendar;

    private SubscriberStatus? StatusFilter => SubscriberQueries.ParseStatus(View);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!Views.Contains(View))
        {
            return NotFound();
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>
    /// Streams the matching subscribers as CSV. A POST (with antiforgery), not a link: it hands out readers'
    /// personal data and is recorded in the audit log.
    /// </summary>
    public async Task<IActionResult> OnPostExportAsync(CancellationToken cancellationToken)
    {
        var status = Views.Contains(View) ? StatusFilter : null;
        var matching = await db.Subscribers.Matching(Search, status).CountAsync(cancellationToken);
        await audit.RecordAsync("Exported subscribers", Describe(matching, status), cancellationToken);

        var day = calendar.ToLocal(time.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var name = $"{ExportName(urls)}-subscribers{(status is { } s ? "-" + s.Name() : "")}-{day}.csv";
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = name, FileNameStar = name }.ToString();
        await HttpContext.RequestServices.GetRequiredService<SubscriberExport>().WriteAsync(Response.Body, Search, status, cancellationToken);
        return new EmptyResult();
    }

    /// <summary>
    /// Imports an uploaded CSV file. The report is shown in the answer to the upload rather than after a redirect:
    /// it can list hundreds of lines, far more than the one-time message cookie holds.
    /// </summary>
    public async Task<IActionResult> OnPostImportAsync(CancellationToken cancellationToken)
    {
        View = "all";
        Search = null;
        PageNumber = 1;
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), Upload is null ? "Choose a CSV file to import." : "The file is empty.");
        }
        else if (Upload.Length > SubscriberImport.MaxFileBytes)
        {
            ModelState.AddModelError(nameof(Upload), $"The file is {Upload.Length / 1024 / 1024} MB; import at most {SubscriberImport.MaxFileBytes / 1024 / 1024} MB at a time (split the list into several files).");
        }
        else
        {
            var fileName = Path.GetFileName(Upload.FileName.Replace('\\', '/'));
            await using var stream = Upload.OpenReadStream();
            var report = await HttpContext.RequestServices.GetRequiredService<SubscriberImport>().ImportAsync(stream, fileName, cancellationToken);
            if (report.Refusal is not null)
            {
                ModelState.AddModelError(nameof(Upload), report.Refusal);
            }
            else
            {
                Report = report;
                await audit.RecordAsync("Imported subscribers", $"{fileName}: {report.Imported} imported, {report.ProblemCount} lines refused", cancellationToken);
            }
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostUnsubscribeAsync(int id, CancellationToken cancellationToken)
    {
        var subscriber = await db.Subscribers.FindAsync([id], cancellationToken);
        if (subscriber is null)
        {
            return NotFound();
        }

        if (subscriber.Status == SubscriberStatus.Unsubscribed)
        {
            Flash = $"{subscriber.Email} was already unsubscribed.";
            return Redirect(Link(View, PageNumber));
        }

        subscriber.Status = SubscriberStatus.Unsubscribed;
        subscriber.UnsubscribedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        // The sender would send a queued confirmation even now; nothing queued goes to an address that left.
        await db.Outbox.Where(m => m.SubscriberId == id && m.Status == OutboxStatus.Queued && m.LockedUntil == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Cancelled), cancellationToken);
        await audit.RecordAsync("Unsubscribed subscriber", subscriber.Email, cancellationToken);
        Flash = $"{subscriber.Email} is unsubscribed and gets no more mail; messages already queued for it will not be sent.";
        return Redirect(Link(View, PageNumber));
    }

    /// <summary>A suspended address that works again (the mailbox was full, the domain was down) gets mail again.</summary>
    public async Task<IActionResult> OnPostReactivateAsync(int id, CancellationToken cancellationToken)
    {
        var subscriber = await db.Subscribers.FindAsync([id], cancellationToken);
        if (subscriber is null)
        {
            return NotFound();
        }

        if (subscriber.Status != SubscriberStatus.Bouncing)
        {
            Flash = $"{subscriber.Email} is not suspended.";
            return Redirect(Link(View, PageNumber));
        }

        subscriber.Status = SubscriberStatus.Confirmed;
        subscriber.BounceCount = 0;
        subscriber.BounceReason = null;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync("Reactivated subscriber", subscriber.Email, cancellationToken);
        Flash = $"{subscriber.Email} is confirmed again and will get mail.";
        return Redirect(Link(View, PageNumber));
    }

    public string Link(string view, int page = 1)
    {
        var query = new List<string>();
        if (view != "all")
        {
            query.Add("status=" + Uri.EscapeDataString(view));
        }

        if (!string.IsNullOrWhiteSpace(Search))
        {
            query.Add("q=" + Uri.EscapeDataString(Search.Trim()));
        }

        if (page > 1)
        {
            query.Add("p=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return "/newsroom/subscribers" + (query.Count == 0 ? "" : "?" + string.Join("&", query));
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Title = "Subscribers";
        PageNumber = Math.Clamp(PageNumber, 1, 1_000_000);
        var byStatus = await db.Subscribers.AsNoTracking().Matching(Search, null).GroupBy(s => s.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var counts = Views.ToDictionary(v => v, _ => 0);
        foreach (var group in byStatus)
        {
            counts[group.Key.Name()] = group.Count;
            counts["all"] += group.Count;
        }

        Counts = counts;

        var perSection = await db.SubscriberSections.AsNoTracking().Where(x => x.Subscriber.Status == SubscriberStatus.Confirmed)
            .GroupBy(x => new { x.SectionId, x.Subscriber.Frequency }).Select(g => new { g.Key.SectionId, g.Key.Frequency, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var sections = await db.Sections.AsNoTracking().OrderBy(s => s.Position).ThenBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken);
        int Count(int section, Frequency frequency) => perSection.Where(x => x.SectionId == section && x.Frequency == frequency).Sum(x => x.Count);
        Sections = sections.Select(s => new SectionCount(s.Name, Count(s.Id, Frequency.AsPublished), Count(s.Id, Frequency.Daily), Count(s.Id, Frequency.Weekly))).ToList();

        var rows = await db.Subscribers.AsNoTracking().Matching(Search, StatusFilter)
            .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize + 1)
            .Select(s => new Row(s.Id, s.Email, s.Status, s.Frequency, s.Paused,
                s.Sections.OrderBy(x => x.Section.Position).ThenBy(x => x.Section.Name).Select(x => x.Section.Name).ToList(),
                s.CreatedAt, s.ConsentedAt, s.ConsentSource, s.UnsubscribedAt, s.BounceCount, s.BounceReason))
            .ToListAsync(cancellationToken);
        HasNext = rows.Count > PageSize;
        Rows = rows.Take(PageSize).ToList();
    }

    private string Describe(int count, SubscriberStatus? status)
    {
        var what = count == 1 ? "1 address" : $"{count} addresses";
        var filters = new List<string>();
        if (status is { } s)
        {
            filters.Add(s.Name());
        }

        if (!string.IsNullOrWhiteSpace(Search))
        {
            filters.Add($"matching \u201c{Search.Trim()}\u201d");
        }

        return filters.Count == 0 ? what : $"{what} ({string.Join(", ", filters)})";
    }

    /// <summary>The site's host name, so downloads from several sites are told apart.</summary>
    private static string ExportName(SiteUrls urls)
    {
        var host = Uri.TryCreate(urls.ForMail("/"), UriKind.Absolute, out var uri) ? uri.Host : "broadsheet";
        var safe = new string(host.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-').ToArray()).Trim('-', '.');
        return safe.Length == 0 ? "broadsheet" : safe;
    }
}
