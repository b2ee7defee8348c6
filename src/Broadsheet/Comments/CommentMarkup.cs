using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Broadsheet.Articles;
using Broadsheet.Site;

namespace Broadsheet.Comments;

/// <summary>
/// A discussion's threads as the article page shows them. Written here, not in Razor: there a comment was some forty
/// writes (its id eight times, its name four, each encoded again), every one an entry the view's buffer keeps and
/// copies out at the end, and on an article with a long discussion those writes were the page's dearest part after the
/// queries. Here a comment's id, name and time are made into text once, and its markup goes to the view as one string.
/// </summary>
public static class CommentMarkup
{
    /// <summary>The threads' HTML is handed to the view in pieces of about this many characters, below the large-object heap.</summary>
    private const int PieceLength = 8 * 1024;

    /// <summary>Writes <paramref name="thread"/> and every reply under it, raw, to the view's <paramref name="output"/>.</summary>
    public static void Write(TextWriter output, CommentThreadView thread, SiteCalendar calendar, HtmlEncoder encoder)
    {
        var html = new StringBuilder(PieceLength + 2048);
        WriteList(output, html, thread, calendar, encoder);
        output.Write(html.ToString());
    }

    private static void WriteList(TextWriter output, StringBuilder html, CommentThreadView thread, SiteCalendar calendar, HtmlEncoder encoder)
    {
        var depth = thread.Depth.ToString(CultureInfo.InvariantCulture);
        var articleId = thread.ArticleId.ToString(CultureInfo.InvariantCulture);
        html.Append(thread.Depth == 1 ? "<ol class=\"thread\">\n" : "<ol class=\"thread replies\">\n");
        foreach (var comment in thread.Comments)
        {
            var id = comment.Id.ToString(CultureInfo.InvariantCulture);
            var name = encoder.Encode(comment.AuthorName);
            var time = calendar.Stamp(comment.CreatedAt);
            html.Append($"<li id=\"comment-{id}\" class=\"comment{(comment.IsStaff ? " staff" : "")}\" data-comment-id=\"{id}\" data-depth=\"{depth}\">\n");
            html.Append($"<article aria-labelledby=\"comment-{id}-author\">\n<header>\n<p class=\"comment-author\" id=\"comment-{id}-author\">\n");
            if (comment.AuthorUrl is not null && ArticleBody.IsSafeUrl(comment.AuthorUrl))
            {
                html.Append($"<a href=\"{encoder.Encode(comment.AuthorUrl)}\" rel=\"nofollow ugc noopener\"><bdi>{name}</bdi></a>\n");
            }
            else
            {
                html.Append($"<bdi>{name}</bdi>\n");
            }

            if (comment.IsStaff)
            {
                html.Append("<span class=\"badge\">Staff</span>\n");
            }

            html.Append($"</p>\n<p class=\"comment-date\"><a href=\"{encoder.Encode(comment.Permalink)}\" title=\"Link to this comment\"><time datetime=\"{encoder.Encode(time.Iso)}\">{encoder.Encode(time.Line)}</time></a></p>\n</header>\n");
            // The body is HTML made by CommentText: every character of the reader's text encoded there.
            html.Append($"<div class=\"comment-body\" dir=\"auto\">{comment.BodyHtml}</div>\n<p class=\"comment-actions\">\n");
            if (thread.AllowsReplies)
            {
                html.Append($"<a class=\"comment-reply\" href=\"/comments/reply?article={articleId}&amp;replyto={id}\" data-reply-to=\"{id}\" data-reply-author=\"{name}\" aria-label=\"Reply to {name}\">Reply</a>\n");
            }

            html.Append($"<a class=\"comment-report\" href=\"/comments/report?id={id}\" data-report=\"{id}\" aria-label=\"Report the comment by {name}\">Report</a>\n</p>\n</article>\n");
            if (html.Length >= PieceLength)
            {
                output.Write(html.ToString());
                html.Clear();
            }

            if (comment.Replies.Count > 0)
            {
                WriteList(output, html, thread.Replies(comment), calendar, encoder);
            }

            html.Append("</li>\n");
        }

        html.Append("</ol>\n");
    }
}
