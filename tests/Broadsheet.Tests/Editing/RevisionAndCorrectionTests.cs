using System.Net;
using System.Text.Json;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Editing;

public sealed class RevisionAndCorrectionTests(NewsroomApp app) : AppTest<NewsroomApp>(app), IClassFixture<NewsroomApp>
{
    [Fact]
    public async Task Every_save_keeps_a_revision_with_a_word_diff_and_an_old_one_can_be_restored()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author, "Rita Reviser");
        var form = await NewsroomArticles.FormAsync(App, "Council approves the harbour budget");
        form["Input.Body"] = "The council approved the budget on Tuesday.";
        var id = await NewsroomArticles.SaveAndGetIdAsync(author, null, form);
        form["Input.Body"] = "The council rejected the budget on Wednesday.";
        await NewsroomArticles.SaveAndGetIdAsync(author, id, form);

        var page = Html.Parse(await author.Http.GetStringAsync($"/newsroom/articles/{id}/revisions"));
        var diff = page.QuerySelector("[data-testid=diff-body]")!;
        Assert.Equal(["approved", "Tuesday"], diff.QuerySelectorAll("del").Select(e => e.TextContent.Trim()));
        Assert.Equal(["rejected", "Wednesday"], diff.QuerySelectorAll("ins").Select(e => e.TextContent.Trim()));
        Assert.Equal(2, page.QuerySelectorAll(".nr-revisions li").Length);
        Assert.All(page.QuerySelectorAll(".nr-revisions li"), li => Assert.Contains("Rita Reviser", li.TextContent, StringComparison.Ordinal));

        var first = await App.WithDbAsync((db, _) => db.ArticleRevisions.Where(r => r.ArticleId == id).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync());
        using var restore = await author.PostFormAsync($"/newsroom/articles/{id}/revisions?handler=Restore",
            new Dictionary<string, string> { ["revision"] = first.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        Assert.Equal("The council approved the budget on Tuesday.", (await NewsroomArticles.LoadAsync(App, id)).Body);
        Assert.Equal(3, await App.WithDbAsync((db, _) => db.ArticleRevisions.CountAsync(r => r.ArticleId == id)));
    }

    [Fact]
    public async Task A_correction_shows_under_the_body_with_its_date_and_moves_date_modified_and_the_feed()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var headline = $"Bridge reopening {Guid.NewGuid():N}";
        var id = await NewsroomArticles.SaveAndGetIdAsync(editor, null, await NewsroomArticles.FormAsync(App, headline, "Publish"));
        var article = await NewsroomArticles.LoadAsync(App, id);
        var path = $"/{article.PublishedAt:yyyy}/{article.PublishedAt:MM}/{article.PublishedAt:dd}/{article.Slug}";
        var modifiedBefore = DateModified(Html.Parse(await Client.GetStringAsync(path)));
        var feedUpdatedBefore = await FeedUpdatedAsync(headline);

        App.Clock.Advance(TimeSpan.FromHours(3));
        using var response = await editor.PostFormAsync($"/newsroom/articles/edit/{id}?handler=Correction",
            new Dictionary<string, string> { ["kind"] = "Correction", ["text"] = "An earlier version gave the wrong reopening date." },
            formPath: $"/newsroom/articles/edit/{id}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var page = Html.Parse(await Client.GetStringAsync(path));
        var note = page.QuerySelector("article .corrections li")!;
        var day = App.Clock.GetUtcNow().UtcDateTime;
        Assert.Equal($"Correction, {day.ToString("MMMM d, yyyy", System.Globalization.CultureInfo.InvariantCulture)}: An earlier version gave the wrong reopening date.", note.TextContent.Trim());
        Assert.True(page.OrderOf("article .body") < page.OrderOf("article .corrections"), "The correction is under the body.");
        Assert.True(DateModified(page) > modifiedBefore, "dateModified moves with the correction.");

        Assert.True(await FeedUpdatedAsync(headline) > feedUpdatedBefore, "The Atom entry's updated time moves with the correction.");
    }

    private async Task<DateTimeOffset> FeedUpdatedAsync(string headline)
    {
        var atom = System.Xml.Linq.XDocument.Parse(await Client.GetStringAsync("/feed/atom"));
        System.Xml.Linq.XNamespace ns = "http://www.w3.org/2005/Atom";
        var entry = atom.Root!.Elements(ns + "entry").Single(e => e.Element(ns + "title")!.Value == headline);
        return DateTimeOffset.Parse(entry.Element(ns + "updated")!.Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Only_editors_add_corrections_and_an_empty_note_is_refused_with_the_form_kept()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        var id = await NewsroomArticles.SaveAndGetIdAsync(author, null, await NewsroomArticles.FormAsync(App, "Author's own story", "Publish"));
        using var refused = await author.PostFormAsync($"/newsroom/articles/edit/{id}?handler=Correction",
            new Dictionary<string, string> { ["kind"] = "Update", ["text"] = "Sneaky." }, formPath: $"/newsroom/articles/edit/{id}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        using var empty = await editor.PostFormAsync($"/newsroom/articles/edit/{id}?handler=Correction",
            new Dictionary<string, string> { ["kind"] = "Update", ["text"] = "  " }, formPath: $"/newsroom/articles/edit/{id}");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("Write what was corrected or updated", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await App.WithDbAsync((db, _) => db.Corrections.CountAsync(c => c.ArticleId == id)));
    }

    private static DateTimeOffset DateModified(AngleSharp.Dom.IDocument page)
    {
        var json = JsonDocument.Parse(page.QuerySelector("script[type='application/ld+json']")!.TextContent);
        return DateTimeOffset.Parse(json.RootElement.GetProperty("dateModified").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_background_autosave_between_a_save_and_its_page_leaves_the_saved_message_for_the_page()
    {
        using var editor = await App.SignInAsNewAsync(Broadsheet.Accounts.NewsroomRoles.Editor);
        var id = await NewsroomArticles.SaveAndGetIdAsync(editor, null, await NewsroomArticles.FormAsync(App, "Flash survives autosave"));
        var token = await editor.GetTokenAsync($"/newsroom/articles/edit/{id}");
        var saved = await NewsroomArticles.SaveAsync(editor, id, await NewsroomArticles.FormAsync(App, "Flash survives autosave", action: "Publish"));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, saved.StatusCode);

        // The editor's typing timer fires after the click: its autosave arrives before the redirected page.
        using var autosave = new HttpRequestMessage(HttpMethod.Post, $"/newsroom/articles/edit/{id}?handler=Autosave")
        {
            Content = new FormUrlEncodedContent([new("Headline", "Flash survives autosave"), new("Body", "Typed on.")]),
        };
        autosave.Headers.Add("RequestVerificationToken", token);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await editor.Http.SendAsync(autosave)).StatusCode);

        var page = Html.Parse(await editor.Http.GetStringAsync(saved.Headers.Location!.OriginalString));
        Assert.Contains("published", page.QuerySelector(".nr-flash")!.TextContent, StringComparison.OrdinalIgnoreCase);
    }
}
