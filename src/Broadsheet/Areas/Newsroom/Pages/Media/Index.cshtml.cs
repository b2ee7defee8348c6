using System.Globalization;
using Broadsheet.Data;
using Broadsheet.Media;
using Broadsheet.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Areas.Newsroom.Pages.Media;

/// <summary>The media library: upload images (checked by content), and find them by name, text, type and upload date.</summary>
[AcceptsMediaUpload]
public sealed class IndexModel(BroadsheetDb db, MediaLibrary library, SiteCalendar calendar) : NewsroomPage
{
    public const int PageSize = 24;
    private const string LikeEscape = "\\";

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? Alt { get; set; }

    [BindProperty]
    public string? Caption { get; set; }

    [BindProperty]
    public string? Credit { get; set; }

    public MediaFilter Filter { get; private set; } = MediaFilter.None;
    public IReadOnlyList<MediaItem> Items { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public long MaxUploadBytes => library.MaxUploadBytes;
    public SiteCalendar Calendar => calendar;

    /// <summary>Every value comes as text and is read here, so a value the form could never send is explained, not a 400.</summary>
    public async Task OnGetAsync(string? q, string? type, string? month, string? from, string? to, [FromQuery(Name = "page")] string? page)
    {
        Filter = MediaFilter.Parse(q, type, month, from, to, calendar);
        var pageNumber = 1;
        if (!string.IsNullOrWhiteSpace(page) && !(int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out pageNumber) && pageNumber >= 1))
        {
            Filter = Filter.With("The page number was not a number, so the first page is shown.");
            pageNumber = 1;
        }

        await LoadAsync(pageNumber);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), "Choose an image file to upload.");
        }
        else if (Upload.Length > library.MaxUploadBytes)
        {
            ModelState.AddModelError(nameof(Upload), ImageProcessor.TooLargeMessage(library.MaxUploadBytes));
        }

        foreach (var (field, message) in MediaText.Problems(Alt, Caption, Credit))
        {
            ModelState.AddModelError(field, message);
        }

        if (ModelState.IsValid)
        {
            try
            {
                await using var stream = Upload!.OpenReadStream();
                var item = await library.UploadAsync(stream, Upload.FileName, User, HttpContext.RequestAborted);
                item.Alt = MediaText.Clean(Alt);
                item.Caption = MediaText.Clean(Caption);
                item.Credit = MediaText.Clean(Credit);
                await db.SaveChangesAsync(HttpContext.RequestAborted);
                Flash = $"Uploaded {item.OriginalName} ({item.Width} × {item.Height}).";
                return RedirectToPage();
            }
            catch (MediaRejectedException rejected)
            {
                ModelState.AddModelError(nameof(Upload), rejected.Message);
            }
        }

        await LoadAsync(1);
        return Page();
    }

    private async Task LoadAsync(int pageNumber)
    {
        Title = "Media";
        var ct = HttpContext.RequestAborted;
        var items = db.MediaItems.AsNoTracking();
        if (Filter.Search is { } search)
        {
            // A LIKE pattern against lower-cased columns, which both databases translate (their plain string search is case-sensitive).
            var pattern = "%" + search.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            items = items.Where(m => EF.Functions.Like(m.OriginalName.ToLower(), pattern, LikeEscape)
                || (m.Alt != null && EF.Functions.Like(m.Alt.ToLower(), pattern, LikeEscape))
                || (m.Caption != null && EF.Functions.Like(m.Caption.ToLower(), pattern, LikeEscape))
                || (m.Credit != null && EF.Functions.Like(m.Credit.ToLower(), pattern, LikeEscape)));
        }

        if (Filter.Kind is { } kind)
        {
            var contentType = ImageSniffer.ContentType(kind);
            items = items.Where(m => m.ContentType == contentType);
        }

        if (Filter.UploadedFrom is { } start)
        {
            items = items.Where(m => m.UploadedAt >= start);
        }

        if (Filter.UploadedBefore is { } end)
        {
            items = items.Where(m => m.UploadedAt < end);
        }

        Total = await items.CountAsync(ct);
        PageNumber = Math.Min(pageNumber, PageCount);
        Items = await items.OrderByDescending(m => m.UploadedAt).ThenByDescending(m => m.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
    }
}
