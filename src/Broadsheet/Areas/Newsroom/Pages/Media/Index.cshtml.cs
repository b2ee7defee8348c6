using Broadsheet.Data;
using Broadsheet.Media;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Areas.Newsroom.Pages.Media;

/// <summary>The media library: upload images (checked by content) and see what is there.</summary>
[AcceptsMediaUpload]
public sealed class IndexModel(BroadsheetDb db, MediaLibrary library) : NewsroomPage
{
    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? Alt { get; set; }

    [BindProperty]
    public string? Credit { get; set; }

    public IReadOnlyList<MediaItem> Items { get; private set; } = [];
    public long MaxUploadBytes => library.MaxUploadBytes;

    public async Task OnGetAsync() => await LoadAsync();

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

        if (Alt?.Length > 500)
        {
            ModelState.AddModelError(nameof(Alt), "Keep the alt text under 500 characters.");
        }

        if (Credit?.Length > 300)
        {
            ModelState.AddModelError(nameof(Credit), "Keep the credit under 300 characters.");
        }

        if (ModelState.IsValid)
        {
            try
            {
                await using var stream = Upload!.OpenReadStream();
                var item = await library.UploadAsync(stream, Upload.FileName, User, HttpContext.RequestAborted);
                item.Alt = string.IsNullOrWhiteSpace(Alt) ? null : Alt.Trim();
                item.Credit = string.IsNullOrWhiteSpace(Credit) ? null : Credit.Trim();
                await db.SaveChangesAsync(HttpContext.RequestAborted);
                Flash = $"Uploaded {item.OriginalName} ({item.Width} × {item.Height}).";
                return RedirectToPage();
            }
            catch (MediaRejectedException rejected)
            {
                ModelState.AddModelError(nameof(Upload), rejected.Message);
            }
        }

        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Title = "Media";
        Items = await db.MediaItems.AsNoTracking().OrderByDescending(m => m.UploadedAt).ThenByDescending(m => m.Id).Take(100).ToListAsync(HttpContext.RequestAborted);
    }
}
