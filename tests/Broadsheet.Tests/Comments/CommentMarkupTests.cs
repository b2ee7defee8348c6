using System.Text.Encodings.Web;
using Broadsheet.Comments;
using Broadsheet.Site;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Options;

namespace Broadsheet.Tests.Comments;

/// <summary>
/// The discussion's markup is written when the view is copied to the response: asynchronously by the view's buffer, or
/// at once by anything else that writes it. The article page's tests cover the first; here both give the same text.
/// </summary>
public sealed class CommentMarkupTests
{
    [Fact]
    public async Task A_thread_writes_the_same_encoded_markup_at_once_asynchronously_and_again()
    {
        var calendar = new SiteCalendar(Options.Create(new BroadsheetOptions { Site = new SiteOptions { TimeZone = "UTC", Culture = "en-US" } }));
        var posted = new DateTime(2026, 1, 2, 15, 4, 5, DateTimeKind.Utc);
        var comment = new CommentNode(7, "Tom & Jerry", "https://example.org/tom", "First line\n\nSee https://example.org/a?b=1&c=2.", posted, false);
        comment.Replies.Add(new CommentNode(8, "Desk <staff>", null, "<script>alert(1)</script>", posted.AddMinutes(5), true));
        var html = CommentMarkup.Html(new CommentThreadView([comment], 1, 42, RepliesOpen: true, MaxDepth: 3), calendar, HtmlEncoder.Default);

        using var atOnce = new StringWriter();
        html.WriteTo(atOnce, HtmlEncoder.Default);
        using var later = new StringWriter();
        await ((IHtmlAsyncContent)html).WriteToAsync(later);
        using var again = new StringWriter();
        html.WriteTo(again, HtmlEncoder.Default);

        var text = atOnce.ToString();
        Assert.Equal(text, later.ToString());
        Assert.Equal(text, again.ToString());
        Assert.StartsWith("<ol class=\"thread\">", text, StringComparison.Ordinal);
        Assert.Contains("<bdi>Tom &amp; Jerry</bdi>", text, StringComparison.Ordinal);
        Assert.Contains(
            "<div class=\"comment-body\" dir=\"auto\"><p>First line</p><p>See <a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow ugc noopener\">https://example.org/a?b=1&amp;c=2</a>.</p></div>",
            text, StringComparison.Ordinal);
        Assert.Contains("<ol class=\"thread replies\">", text, StringComparison.Ordinal);
        Assert.Contains("<li id=\"comment-8\" class=\"comment staff\"", text, StringComparison.Ordinal);
        Assert.Contains("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<staff>", text, StringComparison.Ordinal);
        Assert.EndsWith("</li>\n</ol>\n", text, StringComparison.Ordinal);
    }
}
