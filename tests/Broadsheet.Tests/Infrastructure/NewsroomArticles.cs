using System.Net;
using System.Text.Json;
using Broadsheet.Articles;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Infrastructure;

/// <summary>Drives the article editor over HTTP the way its form and script do.</summary>
public static class NewsroomArticles
{
    /// <summary>Autosaves a new article (as the editor's script does while the writer types); returns its id.</summary>
    public static async Task<int> AutosaveNewAsync(NewsroomClient client, string headline, string body = "Typed so far.")
    {
        var token = await client.GetTokenAsync("/newsroom/articles/edit");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/newsroom/articles/edit?handler=Autosave")
        {
            Content = new FormUrlEncodedContent([new("Headline", headline), new("Body", body)]),
        };
        request.Headers.Add("RequestVerificationToken", token);
        using var response = await client.Http.SendAsync(request);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Autosave answered {(int)response.StatusCode}: {json}");
        return JsonDocument.Parse(json).RootElement.GetProperty("id").GetInt32();
    }

    /// <summary>The editor's form with sensible defaults; tests override what they care about.</summary>
    public static async Task<Dictionary<string, string>> FormAsync(BroadsheetApp app, string headline, string action = "SaveDraft")
    {
        var sectionId = await app.WithDbAsync((db, _) => db.Sections.OrderBy(s => s.Position).Select(s => s.Id).FirstAsync());
        return Form(sectionId.ToString(System.Globalization.CultureInfo.InvariantCulture), headline, action);
    }

    /// <summary>The editor's form as the new-article page offers it (its first section), filled with sensible defaults.</summary>
    public static async Task<Dictionary<string, string>> FormAsync(NewsroomClient client, string headline, string action = "SaveDraft")
    {
        var editor = await client.Http.GetDocumentAsync("/newsroom/articles/edit");
        var sectionId = editor.QuerySelector("select[name='Input.SectionId'] option")?.GetAttribute("value")
            ?? throw new Xunit.Sdk.XunitException("The editor offers no section.");
        return Form(sectionId, headline, action);
    }

    private static Dictionary<string, string> Form(string sectionId, string headline, string action) =>
        new()
        {
            ["Input.Headline"] = headline,
            ["Input.Standfirst"] = "A standfirst written in the newsroom.",
            ["Input.Body"] = "The first paragraph of a newsroom story.\n\n> A quotation [with an insertion].\n\nThe last paragraph.",
            ["Input.SectionId"] = sectionId,
            ["Input.Tags"] = "",
            ["Input.Image"] = "",
            ["Input.CommentsOpen"] = "true",
            ["action"] = action,
        };

    /// <summary>Posts the editor form for a new article (no id) or an existing one.</summary>
    public static Task<HttpResponseMessage> SaveAsync(NewsroomClient client, int? id, Dictionary<string, string> form)
    {
        var path = id is null ? "/newsroom/articles/edit" : $"/newsroom/articles/edit/{id}";
        // Antiforgery tokens belong to the member, not the page: the new-article form's token serves for all.
        return client.PostFormAsync(path, form, "/newsroom/articles/edit");
    }

    /// <summary>Saves and follows the redirect to the editor; returns the article's id.</summary>
    public static async Task<int> SaveAndGetIdAsync(NewsroomClient client, int? id, Dictionary<string, string> form)
    {
        using var response = await SaveAsync(client, id, form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Saving answered {(int)response.StatusCode}: {Excerpt(body)}");
        var location = response.Headers.Location!.OriginalString;
        return int.Parse(location[(location.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    public static Task<Article> LoadAsync(BroadsheetApp app, int id) =>
        app.WithDbAsync((db, _) => db.Articles.AsNoTracking().Include(a => a.Tags).Include(a => a.Bylines).FirstAsync(a => a.Id == id));

    public static string Excerpt(string html)
    {
        var main = html.IndexOf("<main", StringComparison.Ordinal);
        var text = main >= 0 ? html[main..] : html;
        return text[..Math.Min(text.Length, 1500)];
    }
}
