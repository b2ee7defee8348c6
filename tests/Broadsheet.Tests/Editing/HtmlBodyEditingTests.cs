using System.Globalization;
using AngleSharp.Dom;
using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Site;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Editing;

/// <summary>An imported article's HTML body in the editor: shown and previewed as HTML, saved clean, converted to Markdown.</summary>
public abstract class HtmlBodyEditingTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : NewsroomApp
{
    private const string ImportedBody = """
        <p>The harbour <strong>ferry</strong> returns on <em>Monday</em>, see <a href="https://example.org/timetable">the timetable</a>.</p>
        <figure><img src="/demo/ferry.webp" alt="The ferry" width="1200" height="675"><figcaption>The ferry at dawn.</figcaption></figure>
        <h2>Stops</h2>
        <ul><li>Pier<ul><li>North gate</li></ul></li><li>Old town</li></ul>
        <blockquote><p>We missed it, said a commuter.</p></blockquote>
        <table><thead><tr><th>Stop</th><th>Time</th></tr></thead><tbody><tr><td>Pier</td><td>07:00</td></tr></tbody></table>
        """;

    [Fact]
    public async Task An_html_article_opens_with_its_body_labelled_html_and_a_preview_rendered_from_the_html()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var id = await ImportedArticleAsync(editor, "Publish");

        var page = Html.Parse(await editor.Http.GetStringAsync($"/newsroom/articles/edit/{id}"));
        Assert.Equal("Body (HTML)", page.QuerySelector("label[for='Input_Body']")!.TextContent.Trim());
        Assert.Contains("<figcaption>The ferry at dawn.</figcaption>", page.QuerySelector("textarea[name='Input.Body']")!.TextContent, StringComparison.Ordinal);
        var preview = page.QuerySelector("#preview")!;
        Assert.Equal("The ferry at dawn.", preview.QuerySelector("figure figcaption")!.TextContent);
        Assert.Equal(["Stop", "Time"], preview.QuerySelectorAll("table th").Select(th => th.TextContent));
        Assert.Equal("Html", page.QuerySelector("#article-form")!.GetAttribute("data-format"));
        Assert.Equal("convert-form", page.QuerySelector("button[form=convert-form]")!.GetAttribute("form"));

        // The live preview renders by the format it is sent, and HTML through the same allow-list as the site.
        using var html = await editor.PostFormAsync("/newsroom/articles/edit?handler=Preview",
            new() { ["body"] = "<h2 onclick=\"alert(1)\">Hi</h2><script>alert(2)</script>", ["format"] = "Html" }, "/newsroom/articles/edit");
        Assert.Equal("<h2>Hi</h2>", (await html.Content.ReadAsStringAsync()).Trim());
        using var markdown = await editor.PostFormAsync("/newsroom/articles/edit?handler=Preview",
            new() { ["body"] = "<h2>Hi</h2>", ["format"] = "Markdown" }, "/newsroom/articles/edit");
        Assert.Contains("&lt;h2&gt;", await markdown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_an_html_body_stores_it_sanitized_and_keeps_the_format_in_the_revision()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var id = await ImportedArticleAsync(editor, "Publish");
        var form = await FormOfAsync(editor, id, "Publish");
        form["Input.Body"] = "<p onmouseover=\"alert(1)\">Updated <a href=\"javascript:alert(2)\">text</a>.</p><script>alert(3)</script><iframe src=\"https://example.org\"></iframe>";
        await NewsroomArticles.SaveAndGetIdAsync(editor, id, form);

        var saved = await NewsroomArticles.LoadAsync(App, id);
        Assert.Equal(BodyFormat.Html, saved.BodyFormat);
        Assert.Equal("<p>Updated <a>text</a>.</p>", saved.Body);
        var revision = await App.WithDbAsync((db, _) => db.ArticleRevisions.Where(r => r.ArticleId == id).OrderByDescending(r => r.Id).FirstAsync());
        Assert.Equal((BodyFormat.Html, saved.Body), (revision.BodyFormat, revision.Body));
    }

    [Fact]
    public async Task Convert_to_markdown_makes_the_body_markdown_that_reads_the_same_and_the_html_can_be_restored()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        var id = await ImportedArticleAsync(author, "Publish");
        var article = await NewsroomArticles.LoadAsync(App, id);
        var path = App.Services.GetRequiredService<SiteCalendar>().ArticlePath(article.PublishedAt!.Value, article.Slug);
        var before = Html.Parse(await Client.GetStringAsync(path)).QuerySelector("article .body")!;
        var revisions = await RevisionCountAsync(id);

        using (var converted = await ConvertAsync(author, id))
        {
            Assert.Equal(HttpStatusCode.Redirect, converted.StatusCode);
        }

        var after = await NewsroomArticles.LoadAsync(App, id);
        Assert.Equal(BodyFormat.Markdown, after.BodyFormat);
        Assert.Contains("**ferry**", after.Body, StringComparison.Ordinal);
        Assert.Equal(revisions + 1, await RevisionCountAsync(id));
        var last = await App.WithDbAsync((db, _) => db.ArticleRevisions.Where(r => r.ArticleId == id).OrderByDescending(r => r.Id).FirstAsync());
        Assert.Equal(("Converted the body to Markdown", BodyFormat.Markdown), (last.Note, last.BodyFormat));

        // The reader's page (evicted from the cache) says the same thing in the same structure.
        var shown = Html.Parse(await Client.GetStringAsync(path)).QuerySelector("article .body")!;
        Assert.Equal(Words(before), Words(shown));
        foreach (var selector in new[] { "p strong", "p em", "figure figcaption", "figure img", "h2", "ul ul li", "blockquote p", "table th", "table td", "a[href='https://example.org/timetable']" })
        {
            Assert.True(before.QuerySelectorAll(selector).Length == shown.QuerySelectorAll(selector).Length, $"{selector} differs after the conversion.");
        }

        var editorPage = Html.Parse(await author.Http.GetStringAsync($"/newsroom/articles/edit/{id}"));
        Assert.Equal("Body", editorPage.QuerySelector("label[for='Input_Body']")!.TextContent.Trim());
        Assert.Null(editorPage.QuerySelector("button[form=convert-form]"));
        Assert.Contains("The body is Markdown now", editorPage.QuerySelector(".nr-flash")!.TextContent, StringComparison.Ordinal);

        // The HTML revision comes back as HTML.
        var htmlRevision = await App.WithDbAsync((db, _) => db.ArticleRevisions.Where(r => r.ArticleId == id && r.BodyFormat == BodyFormat.Html).OrderByDescending(r => r.Id).Select(r => r.Id).FirstAsync());
        using var restore = await author.PostFormAsync($"/newsroom/articles/{id}/revisions?handler=Restore",
            new Dictionary<string, string> { ["revision"] = htmlRevision.ToString(CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        Assert.Equal(BodyFormat.Html, (await NewsroomArticles.LoadAsync(App, id)).BodyFormat);
    }

    [Fact]
    public async Task Only_those_who_may_edit_the_article_convert_it_and_a_markdown_body_is_not_converted_again()
    {
        using var owner = await App.SignInAsNewAsync(NewsroomRoles.Author);
        var id = await ImportedArticleAsync(owner, "Publish");
        using var otherAuthor = await App.SignInAsNewAsync(NewsroomRoles.Author);
        using var contributor = await App.SignInAsNewAsync(NewsroomRoles.Contributor);
        var revisions = await RevisionCountAsync(id);

        foreach (var stranger in new[] { otherAuthor, contributor })
        {
            using var refused = await stranger.PostFormAsync($"/newsroom/articles/edit/{id}?handler=ConvertToMarkdown", new(), "/newsroom/articles/edit");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.Equal(BodyFormat.Html, (await NewsroomArticles.LoadAsync(App, id)).BodyFormat);
        Assert.Equal(revisions, await RevisionCountAsync(id));

        using (var converted = await ConvertAsync(owner, id))
        {
            Assert.Equal(HttpStatusCode.Redirect, converted.StatusCode);
        }

        var markdown = (await NewsroomArticles.LoadAsync(App, id)).Body;
        using (var again = await ConvertAsync(owner, id))
        {
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        }

        Assert.Equal(markdown, (await NewsroomArticles.LoadAsync(App, id)).Body);
        var page = Html.Parse(await owner.Http.GetStringAsync($"/newsroom/articles/edit/{id}"));
        Assert.Contains("already Markdown", page.QuerySelector(".nr-flash")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Convert_waits_while_the_writer_has_unsaved_text_so_nothing_typed_is_lost()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var id = await ImportedArticleAsync(editor, "SaveDraft");
        var token = await editor.GetTokenAsync($"/newsroom/articles/edit/{id}");
        using (var autosave = new HttpRequestMessage(HttpMethod.Post, $"/newsroom/articles/edit/{id}?handler=Autosave")
        {
            Content = new FormUrlEncodedContent([new("Headline", "Typed headline"), new("Body", "<p>Typed but not saved.</p>")]),
        })
        {
            autosave.Headers.Add("RequestVerificationToken", token);
            Assert.Equal(HttpStatusCode.OK, (await editor.Http.SendAsync(autosave)).StatusCode);
        }

        using (var converted = await ConvertAsync(editor, id))
        {
            Assert.Equal(HttpStatusCode.Redirect, converted.StatusCode);
        }

        Assert.Equal(BodyFormat.Html, (await NewsroomArticles.LoadAsync(App, id)).BodyFormat);
        var page = Html.Parse(await editor.Http.GetStringAsync($"/newsroom/articles/edit/{id}"));
        Assert.Contains("Save or discard your unsaved changes first", page.QuerySelector(".nr-flash")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("<p>Typed but not saved.</p>", page.QuerySelector("textarea[name='Input.Body']")!.TextContent.Trim());
    }

    /// <summary>An article the member wrote, whose body then became HTML as the importer stores it, saved once more from the editor.</summary>
    private async Task<int> ImportedArticleAsync(NewsroomClient member, string action)
    {
        var id = await NewsroomArticles.SaveAndGetIdAsync(member, null, await NewsroomArticles.FormAsync(App, $"Ferry returns {Guid.NewGuid():N}", action));
        var clean = HtmlBody.Sanitize(ImportedBody);
        await App.WithDbAsync((db, _) => db.Articles.Where(a => a.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Body, clean).SetProperty(a => a.BodyFormat, BodyFormat.Html)));
        // A save from the editor keeps a revision of the HTML (and evicts the page).
        var form = await FormOfAsync(member, id, action);
        await NewsroomArticles.SaveAndGetIdAsync(member, id, form);
        return id;
    }

    /// <summary>The editor's form for the article as the page fills it.</summary>
    private static async Task<Dictionary<string, string>> FormOfAsync(NewsroomClient member, int id, string action)
    {
        var page = Html.Parse(await member.Http.GetStringAsync($"/newsroom/articles/edit/{id}"));
        return new Dictionary<string, string>
        {
            ["Input.Headline"] = page.QuerySelector("[name='Input.Headline']")!.GetAttribute("value")!,
            ["Input.Slug"] = page.QuerySelector("[name='Input.Slug']")?.GetAttribute("value") ?? "",
            ["Input.Standfirst"] = page.QuerySelector("[name='Input.Standfirst']")!.TextContent.Trim(),
            ["Input.Body"] = page.QuerySelector("[name='Input.Body']")!.TextContent,
            ["Input.SectionId"] = page.QuerySelector("select[name='Input.SectionId'] option[selected]")!.GetAttribute("value")!,
            ["Input.Tags"] = "",
            ["Input.Image"] = "",
            ["Input.CommentsOpen"] = "true",
            ["action"] = action,
        };
    }

    private static Task<HttpResponseMessage> ConvertAsync(NewsroomClient member, int id) =>
        member.PostFormAsync($"/newsroom/articles/edit/{id}?handler=ConvertToMarkdown", new(), $"/newsroom/articles/edit/{id}");

    private Task<int> RevisionCountAsync(int id) => App.WithDbAsync((db, _) => db.ArticleRevisions.CountAsync(r => r.ArticleId == id));

    /// <summary>Every piece of text in order, one space between pieces, as a reader reads them (list items apart).</summary>
    private static string Words(IElement element) =>
        string.Join(' ', string.Join(' ', element.Descendants<IText>().Select(t => t.Data)).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

public sealed class SqliteHtmlBodyEditingTests(NewsroomApp app) : HtmlBodyEditingTests<NewsroomApp>(app), IClassFixture<NewsroomApp>;

public sealed class PostgresHtmlBodyEditingTests(PostgresNewsroomApp app) : HtmlBodyEditingTests<PostgresNewsroomApp>(app), IClassFixture<PostgresNewsroomApp>;
