using System.Net;
using System.Text;
using Broadsheet.Comments;
using Broadsheet.Site;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Comments;

/// <summary>Posts no page of ours sends, from scripts that ignore the form's limits: the reader's words still come back.</summary>
public sealed class BadFormInputTests(CommentApp app) : AppTest<CommentApp>(app), IClassFixture<CommentApp>
{
    private const string Text = "My considered view on the tram timetable.\n\nA second paragraph.";

    [Theory]
    [InlineData(101)]
    [InlineData(5_000_000)] // beyond the framework's own 4 MB limit on one form value
    public async Task A_name_over_the_limit_comes_back_with_the_message_and_everything_typed(int length)
    {
        var article = await new ArticleBuilder().SaveAsync(App);
        using var reader = new Commenter(App);
        var form = await reader.FormAsync(article, Text, name: new string('n', length));

        using var response = await reader.PostAsync(form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("Please keep your name under 100 characters.", page.DocumentElement.TextContent, StringComparison.Ordinal);
        Assert.Equal(Text, page.QuerySelector("textarea[name=Comment]")!.TextContent);
        Assert.Equal(form["Name"], page.QuerySelector("input[name=Name]")!.GetAttribute("value"));
        Assert.Equal(form["Email"], page.QuerySelector("input[name=Email]")!.GetAttribute("value"));
        Assert.Equal("true", page.QuerySelector("input[name=Name]")!.GetAttribute("aria-invalid"));
        Assert.Empty(await App.CommentsOnAsync(article.Id));
    }

    [Theory]
    [InlineData("Comment", false)]
    [InlineData("Name", false)]
    [InlineData("Comment", true)]
    public async Task A_nul_in_the_form_comes_back_with_a_message_and_everything_typed(string field, bool rawByte)
    {
        var article = await new ArticleBuilder().SaveAsync(App);
        using var reader = new Commenter(App);
        var form = await reader.FormAsync(article, Text, name: "Ann Reader");
        var typed = form[field];
        form[field] = typed[..5] + "\0" + typed[5..];

        // Percent-encoded (%00, which ASP.NET Core's form reader refuses outright) or as a raw byte.
        var body = rawByte
            ? string.Join('&', form.Select(f => f.Key == field ? $"{f.Key}={Uri.EscapeDataString(f.Value).Replace("%00", "\0", StringComparison.Ordinal)}" : $"{f.Key}={Uri.EscapeDataString(f.Value)}"))
            : string.Join('&', form.Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}"));
        Assert.Contains(rawByte ? "\0" : "%00", body, StringComparison.Ordinal);
        using var response = await reader.Http.PostAsync("/comments/reply", new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(TolerantForms.RemovedNulMessage, page.DocumentElement.TextContent, StringComparison.Ordinal);
        Assert.Equal(field == "Comment" ? typed : Text, page.QuerySelector("textarea[name=Comment]")!.TextContent);
        Assert.Equal(field == "Name" ? typed : "Ann Reader", page.QuerySelector("input[name=Name]")!.GetAttribute("value"));
        Assert.Empty(await App.CommentsOnAsync(article.Id));

        // Sent again as shown, it is posted.
        var again = await reader.FormAsync(article, page.QuerySelector("textarea[name=Comment]")!.TextContent, page.QuerySelector("input[name=Name]")!.GetAttribute("value")!);
        using var posted = await reader.PostAsync(again);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
    }

    [Fact]
    public async Task A_refused_post_whose_form_cannot_be_read_shows_the_right_status_page()
    {
        // Not a form at all: the status page must say 400, not "Page not found".
        using var response = await Client.PostAsync("/comments/reply", new StringContent("%%%&&&=", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain("Page not found", page.Title, StringComparison.Ordinal);
    }
}
