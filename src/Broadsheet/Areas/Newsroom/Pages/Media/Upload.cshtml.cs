using Broadsheet.Media;
using Microsoft.AspNetCore.Mvc;

namespace Broadsheet.Areas.Newsroom.Pages.Media;

/// <summary>
/// The article editor's upload (an image dragged or pasted into the body): the media library's checks, answered in JSON.
/// Lives in Media/, so it needs the same role as the library's own upload; antiforgery is checked like any newsroom post.
/// </summary>
[AcceptsMediaUpload]
public sealed class UploadModel(MediaLibrary library) : NewsroomPage
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

    private static JsonResult Refused(string error) => new(new { error }) { StatusCode = StatusCodes.Status400BadRequest };
}
