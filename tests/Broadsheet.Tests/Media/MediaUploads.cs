using System.Net.Http.Headers;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Media;

/// <summary>Uploads through the newsroom's media page, as a browser posts its form.</summary>
public static class MediaUploads
{
    public static async Task<HttpResponseMessage> UploadAsync(NewsroomClient client, byte[] bytes, string fileName, string contentType, string alt = "")
    {
        var token = await client.GetTokenAsync("/newsroom/media");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "Upload", fileName);
        form.Add(new StringContent(alt), "Alt");
        form.Add(new StringContent("Photo: Test Desk"), "Credit");
        form.Add(new StringContent(token), "__RequestVerificationToken");
        return await client.Http.PostAsync("/newsroom/media", form);
    }
}
