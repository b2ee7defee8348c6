using Broadsheet.Accounts;
using Broadsheet.Data;
using Broadsheet.Media;
using Broadsheet.Site;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Broadsheet.Api.Admin;

/// <summary>Uploads to the media library, with the newsroom upload's checks (content sniffing, size, alt text length).</summary>
public static class AdminMediaApi
{
    public static void MapAdminMedia(this RouteGroupBuilder admin)
    {
        admin.MapPost("/media", UploadAsync).RequireToken(NewsroomPolicies.Media)
            .WithName("AdminUploadMedia")
            .WithSummary("Upload an image")
            .WithDescription("multipart/form-data with a part named file (JPEG, PNG, GIF or WebP, checked by content), and optional alt and credit. Returns the library item with absolute URLs.")
            .WithMetadata(new AcceptsMediaUploadAttribute())
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesValidationProblem();
    }

    private static async Task<Results<Created<AdminMedia>, ValidationProblem>> UploadAsync(
        HttpContext http, MediaLibrary library, BroadsheetDb db, SiteUrls urls, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        IFormCollection? form = null;
        if (http.Request.HasFormContentType)
        {
            form = await http.Request.ReadFormAsync(cancellationToken);
        }

        var file = form?.Files.GetFile("file");
        var alt = form?["alt"].ToString();
        var credit = form?["credit"].ToString();
        if (file is null || file.Length == 0)
        {
            errors["file"] = ["Choose an image file to upload (a multipart/form-data part named file)."];
        }
        else if (file.Length > library.MaxUploadBytes)
        {
            errors["file"] = [ImageProcessor.TooLargeMessage(library.MaxUploadBytes)];
        }

        if (alt?.Length > 500)
        {
            errors["alt"] = ["Keep the alt text under 500 characters."];
        }

        if (credit?.Length > 300)
        {
            errors["credit"] = ["Keep the credit under 300 characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "The image was not uploaded.");
        }

        try
        {
            await using var stream = file!.OpenReadStream();
            var item = await library.UploadAsync(stream, file.FileName, http.User, cancellationToken);
            item.Alt = string.IsNullOrWhiteSpace(alt) ? null : alt.Trim();
            item.Credit = string.IsNullOrWhiteSpace(credit) ? null : credit.Trim();
            await db.SaveChangesAsync(cancellationToken);
            var body = Map(item, urls);
            return TypedResults.Created(body.Url, body);
        }
        catch (MediaRejectedException rejected)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [rejected.Message] }, detail: "The image was not uploaded.");
        }
    }

    public static AdminMedia Map(MediaItem item, SiteUrls urls) => new(
        item.Id,
        urls.Absolute(item.Url),
        urls.Absolute(item.ThumbnailUrl),
        item.Variants.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(w => urls.Absolute(ImageSources.VariantUrl(item.Url, w))).ToList(),
        item.OriginalName,
        item.ContentType,
        item.Length,
        item.Width,
        item.Height,
        item.Alt,
        item.Credit,
        AdminArticleMapper.Utc(item.UploadedAt));
}
