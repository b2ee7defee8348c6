using Broadsheet.Data;
using Broadsheet.Media;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Areas.Newsroom.Pages.Media;

/// <summary>
/// The article editor's upload (an image dragged or pasted into the body): the media library's checks, answered in JSON.
/// Lives in Media/, so it needs the same role as the library's own upload; antiforgery is checked like any newsroom post.
/// </summary>
[AcceptsMediaUpload]
public sealed class UploadModel(MediaLibrary library, BroadsheetDb db, MediaDescriptions descriptions) : NewsroomPage
{
    public void OnGet() => Title = "Upload from the editor";

    public async Task<IActionResult> OnPostAsync(IFormFile? file)
    {
        KeepFlashForNextPage();
        if (file is null || file.Length == 0)
        {
            return Refused("Choose an image file to upload.");
        }

        if (file.Length > library.MaxUploadBytes)
        {
            return Refused(ImageProcessor.TooLargeMessage(library.MaxUploadBytes));
        }

        try
        {
            await using var stream = file.OpenReadStream();
            var item = await library.UploadAsync(stream, file.FileName, User, HttpContext.RequestAborted);
            return new JsonResult(new { id = item.Id, url = item.Url, thumbnail = item.ThumbnailUrl, name = item.OriginalName, width = item.Width, height = item.Height });
        }
        catch (MediaRejectedException rejected)
        {
            return Refused(rejected.Message);
        }
    }

    /// <summary>
    /// The alt text the writer typed in the editor's dialog, asked for once the image had uploaded: it becomes the
    /// library's, so the next article that picks the image starts with it. An alt text already there stays.
    /// </summary>
    public async Task<IActionResult> OnPostAltAsync(int id, string? alt)
    {
        KeepFlashForNextPage();
        var ct = HttpContext.RequestAborted;
        if (await db.MediaItems.FirstOrDefaultAsync(m => m.Id == id, ct) is not { } item)
        {
            return new JsonResult(new { error = "That image is no longer in the library." }) { StatusCode = StatusCodes.Status404NotFound };
        }

        if (!MediaLibrary.MayChange(User, item))
        {
            return Forbidden();
        }

        if (MediaText.Problems(alt, null, null).Select(p => p.Message).FirstOrDefault() is { } problem)
        {
            return Refused(problem);
        }

        if (string.IsNullOrWhiteSpace(item.Alt) && MediaText.Clean(alt) is not null)
        {
            await descriptions.UpdateAsync(item, alt, item.Caption, item.Credit, User, ct);
        }

        return new JsonResult(new { alt = item.Alt });
    }

    private static JsonResult Refused(string error) => new(new { error }) { StatusCode = StatusCodes.Status400BadRequest };
}
