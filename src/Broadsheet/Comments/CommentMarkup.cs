using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Broadsheet.Articles;
using Broadsheet.Site;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.ObjectPool;

namespace Broadsheet.Comments;

/// <summary>
/// A discussion's threads as the article page shows them. Written here, not in Razor: there a comment was some forty
/// writes (its id eight times, its name four, each encoded again), every one an entry the view's buffer keeps and
/// copies out at the end, and on an article with a long discussion those writes were the page's dearest part after the
/// queries. Here a comment's id, name and time are made into text once.
/// <para>
/// The markup is written when the view's buffer is copied to the response, into a text buffer kept from one render to
/// the next, and goes from there straight to the response's writer. Until 2026-12-06 it was made into strings of 8 KB
/// for the view to keep, and each comment's body into a string of its own: more than half of what an article with a
/// discussion allocated (about 290 KB a render for 46 comments).
/// </para>
/// </summary>
public static class CommentMarkup
{
    /// <summary>Kept text buffers: enough for the renders a small machine runs at once, each up to a long page's markup.</summary>
    private static readonly ObjectPool<StringBuilder> Buffers = new DefaultObjectPool<StringBuilder>(
        new StringBuilderPooledObjectPolicy { InitialCapacity = 16 * 1024, MaximumRetainedCapacity = 256 * 1024 });

    /// <summary><paramref name="thread"/> and every reply under it, for the view to write raw.</summary>
    public static IHtmlContent Html(CommentThreadView thread, SiteCalendar calendar, HtmlEncoder encoder) => new Threads(thread, calendar, encoder);

    private sealed class Threads(CommentThreadView thread, SiteCalendar calendar, HtmlEncoder encoder) : IHtmlAsyncContent
    {
        public void WriteTo(TextWriter writer, HtmlEncoder _)
        {
            var html = Buffers.Get();
            try
            {
                WriteList(new StringWriter(html, CultureInfo.InvariantCulture), thread, calendar, encoder);
                foreach (var chunk in html.GetChunks())
                {
                    writer.Write(chunk.Span);
                }
            }
            finally
            {
                Buffers.Return(html);
            }
        }

        public async ValueTask WriteToAsync(TextWriter writer)
        {
            var html = Buffers.Get();
            try
            {
                WriteList(new StringWriter(html, CultureInfo.InvariantCulture), thread, calendar, encoder);
                foreach (var chunk in html.GetChunks())
                {
                    await writer.WriteAsync(chunk);
                }
            }
            finally
            {
                Buffers.Return(html);
            }
        }
    }

    private static void WriteList(StringWriter output, CommentThreadView thread, SiteCalendar calendar, HtmlEncoder encoder)
    {
        var html = output.GetStringBuilder();
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
            html.Append("<div class=\"comment-body\" dir=\"auto\">");
            // Every character of the reader's text is encoded there.
            CommentText.WriteHtml(output, comment.Body);
            html.Append("</div>\n<p class=\"comment-actions\">\n");
            if (thread.AllowsReplies)
            {
                html.Append($"<a class=\"comment-reply\" href=\"/comments/reply?article={articleId}&amp;replyto={id}\" data-reply-to=\"{id}\" data-reply-author=\"{name}\" aria-label=\"Reply to {name}\">Reply</a>\n");
            }

            html.Append($"<a class=\"comment-report\" href=\"/comments/report?id={id}\" data-report=\"{id}\" aria-label=\"Report the comment by {name}\">Report</a>\n</p>\n</article>\n");
            if (comment.Replies.Count > 0)
            {
                WriteList(output, thread.Replies(comment), calendar, encoder);
            }

            html.Append("</li>\n");
        }

        html.Append("</ol>\n");
    }
}
