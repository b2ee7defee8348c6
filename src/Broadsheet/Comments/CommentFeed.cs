using Broadsheet.Feeds;
using Broadsheet.Site;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Comments;

/// <summary>An article's comments as RSS 2.0 (the newest 50 approved), cached with the article's page.</summary>
public static class CommentFeed
{
    private const int ItemCount = 50;

    public static IEndpointRouteBuilder MapCommentFeed(this IEndpointRouteBuilder app)
    {
        app.MapGet("/{year:int}/{month:int}/{day:int}/{slug}/feed", WriteAsync).CacheOutput(PageCache.PolicyName).AnswerHead();
        return app;
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> WriteAsync(
        int year, int month, int day, string slug, HttpContext context, FeedContext feed, CancellationToken ct)
    {
        var article = await feed.Published.Where(a => a.Slug == slug)
            .Select(a => new { a.Id, a.Headline, a.Slug, PublishedAt = a.PublishedAt!.Value }).FirstOrDefaultAsync(ct);
        if (article is null)
        {
            return TypedResults.NotFound();
        }

        var path = feed.Calendar.ArticlePath(article.PublishedAt, article.Slug);
        if ($"/{year:D4}/{month:D2}/{day:D2}/{slug}/feed" != $"{path}/feed")
        {
            return TypedResults.NotFound();
        }

        var comments = await feed.Db.Comments.AsNoTracking()
            .Where(c => c.ArticleId == article.Id && c.Status == CommentStatus.Approved && c.Kind == CommentKind.Comment)
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Take(ItemCount)
            .Select(c => new { c.Id, c.AuthorName, c.Body, c.CreatedAt })
            .ToListAsync(ct);

        var xmlBytes = XmlText.Document(xml =>
        {
            var channel = new FeedChannel(
                $"Comments on: {article.Headline}", $"Readers' comments on “{article.Headline}” – {feed.Settings.Title}", path, $"{path}/feed", $"{path}/feed");
            FeedWriter.StartRss(xml, channel, feed.Urls, feed.Calendar.Culture.Name.ToLowerInvariant());
            if (comments.Count > 0)
            {
                xml.WriteElementString("lastBuildDate", FeedWriter.Rfc822(comments[0].CreatedAt));
            }

            foreach (var comment in comments)
            {
                // The lasting link: the page of the discussion that shows the comment moves as comments come.
                var link = feed.Urls.Absolute(CommentPermalinks.Route(comment.Id));
                xml.WriteStartElement("item");
                xml.WriteElementString("title", XmlText.Safe($"By {comment.AuthorName}"));
                xml.WriteElementString("link", link);
                // The identity feed readers already hold for the comment (it was its link before discussions were paged):
                // a new form would show every subscriber the last comments again.
                xml.WriteStartElement("guid");
                xml.WriteAttributeString("isPermaLink", "false");
                xml.WriteString(feed.Urls.Absolute($"{path}#comment-{comment.Id}"));
                xml.WriteEndElement();
                xml.WriteElementString("pubDate", FeedWriter.Rfc822(comment.CreatedAt));
                xml.WriteElementString("creator", FeedWriter.DcNs, XmlText.Safe(comment.AuthorName));
                xml.WriteElementString("description", XmlText.Safe(CommentText.ToHtml(comment.Body)));
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        });
        context.TagResponse(PageCache.ArticleTag(article.Id));
        context.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.File(xmlBytes, "application/rss+xml; charset=utf-8");
    }
}
