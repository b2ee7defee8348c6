using System.Globalization;
using System.Text;
using System.Xml;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Data;
using Broadsheet.Media;
using Broadsheet.Site;
using Broadsheet.StaticPages;
using Microsoft.Extensions.Options;
using static Broadsheet.Export.WxrXml;

namespace Broadsheet.Export;

/// <summary>
/// <c>export wordpress</c>: the site as a WordPress eXtended RSS 1.2 file, which WordPress's own importer (and ours)
/// reads. Written as it is read, a batch of articles with their comments at a time.
/// </summary>
/// <remarks>
/// WordPress numbers posts, pages and attachments in one sequence. Articles keep their own ids (so <c>?p=ID</c> short
/// links stay true on the new site); pages are numbered after the last article, attachments after the last page.
/// </remarks>
public sealed class WordPressExport(BroadsheetDb db, SiteSettingsStore settings, SiteCalendar calendar, IOptions<BroadsheetOptions> options, TimeProvider time)
{
    /// <summary>Where links point when <c>Broadsheet:Site:BaseUrl</c> is not set (as for the site's own links).</summary>
    public const string DefaultOrigin = "http://localhost:5000";

    private static readonly XmlWriterSettings WriterSettings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        NewLineChars = "\n",
    };

    public string Origin => string.IsNullOrWhiteSpace(options.Value.Site.BaseUrl) ? DefaultOrigin : options.Value.Site.BaseUrl.TrimEnd('/');

    public async Task<ExportCounts> WriteAsync(Stream destination, CancellationToken cancellationToken)
    {
        var source = new ExportSource(db);
        var tally = new ExportTally();
        await using var snapshot = await source.BeginSnapshotAsync(cancellationToken);
        var pageBase = await source.LastArticleIdAsync(cancellationToken);
        var attachmentBase = pageBase + await source.LastPageIdAsync(cancellationToken);

        // XmlWriter hands its buffer to the stream whenever it fills, so the file is written as it is read.
        using var xml = XmlWriter.Create(destination, WriterSettings);
        xml.WriteStartDocument();
        xml.WriteComment(" A WordPress eXtended RSS (WXR 1.2) export of a Broadsheet site: posts, pages, comments, categories, tags, authors and attachments. ");
        xml.WriteStartElement("rss");
        xml.WriteAttributeString("version", "2.0");
        xml.WriteAttributeString("xmlns", "excerpt", null, ExcerptNamespace);
        xml.WriteAttributeString("xmlns", "content", null, ContentNamespace);
        xml.WriteAttributeString("xmlns", "wfw", null, WfwNamespace);
        xml.WriteAttributeString("xmlns", "dc", null, DcNamespace);
        xml.WriteAttributeString("xmlns", "wp", null, WpNamespace);
        xml.WriteStartElement("channel");
        WriteChannel(xml);

        await foreach (var author in source.Authors().WithCancellation(cancellationToken))
        {
            xml.WriteStartElement("wp", "author", WpNamespace);
            Number(xml, "wp", "author_id", author.Id);
            CData(xml, "wp", "author_login", author.Slug);
            CData(xml, "wp", "author_email", "");
            CData(xml, "wp", "author_display_name", author.Name);
            CData(xml, "wp", "author_first_name", "");
            CData(xml, "wp", "author_last_name", "");
            xml.WriteEndElement();
            tally.Authors++;
        }

        await foreach (var section in source.Sections().WithCancellation(cancellationToken))
        {
            xml.WriteStartElement("wp", "category", WpNamespace);
            Number(xml, "wp", "term_id", section.Id);
            CData(xml, "wp", "category_nicename", section.Slug);
            CData(xml, "wp", "category_parent", "");
            CData(xml, "wp", "cat_name", section.Name);
            CData(xml, "wp", "category_description", section.Description);
            xml.WriteEndElement();
            tally.Sections++;
        }

        await foreach (var tag in source.Tags().WithCancellation(cancellationToken))
        {
            xml.WriteStartElement("wp", "tag", WpNamespace);
            // Term ids are one sequence in WordPress too; tags follow the sections.
            Number(xml, "wp", "term_id", 1_000_000 + tag.Id);
            CData(xml, "wp", "tag_slug", tag.Slug);
            CData(xml, "wp", "tag_name", tag.Name);
            xml.WriteEndElement();
            tally.Tags++;
        }

        // Attachments first, so a reader that goes through the file once meets each image before the posts that feature it.
        await foreach (var item in source.Media(cancellationToken).WithCancellation(cancellationToken))
        {
            WriteAttachment(xml, item, attachmentBase + item.Id);
            tally.Media++;
        }

        await foreach (var batch in source.ArticleBatchesAsync(cancellationToken).WithCancellation(cancellationToken))
        {
            var comments = await source.CommentsOfAsync(batch, cancellationToken);
            foreach (var article in batch)
            {
                WritePost(xml, article, comments[article.Id], attachmentBase);
                tally.Articles++;
                tally.Comments += comments[article.Id].Count();
                }
        }

        await foreach (var page in source.Pages().WithCancellation(cancellationToken))
        {
            WritePage(xml, page, pageBase + page.Id);
            tally.Pages++;
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
        xml.Flush();
        return tally.ToCounts();
    }

    private void WriteChannel(XmlWriter xml)
    {
        var site = settings.Snapshot();
        Text(xml, "", "title", site.Title);
        Text(xml, "", "link", Origin);
        Text(xml, "", "description", site.Tagline);
        Text(xml, "", "pubDate", RssDate(time.GetUtcNow().UtcDateTime));
        Text(xml, "", "language", site.Culture);
        Text(xml, "wp", "wxr_version", "1.2");
        Text(xml, "wp", "base_site_url", Origin);
        Text(xml, "wp", "base_blog_url", Origin);
        Text(xml, "", "generator", $"Broadsheet {JsonSiteExport.Version()}");
    }

    private void WriteAttachment(XmlWriter xml, MediaItem item, int postId)
    {
        var url = Origin + item.Url;
        xml.WriteStartElement("item");
        Text(xml, "", "title", Path.GetFileNameWithoutExtension(item.OriginalName));
        Text(xml, "", "link", url);
        Text(xml, "", "pubDate", RssDate(item.UploadedAt));
        CData(xml, "dc", "creator", "");
        Guid(xml, url, isPermaLink: false);
        Text(xml, "", "description", "");
        CData(xml, "content", "encoded", "");
        CData(xml, "excerpt", "encoded", "");
        Number(xml, "wp", "post_id", postId);
        Dates(xml, item.UploadedAt, item.UploadedAt);
        CData(xml, "wp", "comment_status", "closed");
        CData(xml, "wp", "ping_status", "closed");
        CData(xml, "wp", "post_name", Slugs.From(Path.GetFileNameWithoutExtension(item.OriginalName)));
        CData(xml, "wp", "status", "inherit");
        Number(xml, "wp", "post_parent", 0);
        Number(xml, "wp", "menu_order", 0);
        CData(xml, "wp", "post_type", "attachment");
        CData(xml, "wp", "post_password", "");
        Number(xml, "wp", "is_sticky", 0);
        CData(xml, "wp", "attachment_url", url);
        Meta(xml, "_wp_attached_file", item.Path);
        if (!string.IsNullOrEmpty(item.Alt))
        {
            Meta(xml, "_wp_attachment_image_alt", item.Alt);
        }

        if (!string.IsNullOrEmpty(item.Credit))
        {
            Meta(xml, "_broadsheet_credit", item.Credit);
        }

        xml.WriteEndElement();
    }

    private void WritePost(XmlWriter xml, Article article, IEnumerable<Comment> comments, int attachmentBase)
    {
        var published = article.Status is ArticleStatus.Published or ArticleStatus.Scheduled && article.PublishedAt is not null;
        var date = article.PublishedAt ?? article.CreatedAt;
        var shortLink = string.Create(CultureInfo.InvariantCulture, $"{Origin}/?p={article.Id}");
        xml.WriteStartElement("item");
        Text(xml, "", "title", article.Headline);
        Text(xml, "", "link", published ? Origin + calendar.ArticlePath(date, article.Slug) : shortLink);
        Text(xml, "", "pubDate", RssDate(date));
        CData(xml, "dc", "creator", article.Bylines.OrderBy(b => b.Position).FirstOrDefault()?.Author.Slug ?? "");
        Guid(xml, shortLink, isPermaLink: false);
        Text(xml, "", "description", "");
        CData(xml, "content", "encoded", ArticleBody.Render(article.Body, article.BodyFormat));
        CData(xml, "excerpt", "encoded", article.Standfirst);
        Number(xml, "wp", "post_id", article.Id);
        Dates(xml, date, article.UpdatedAt);
        CData(xml, "wp", "comment_status", article.CommentsOpen ? "open" : "closed");
        CData(xml, "wp", "ping_status", "closed");
        CData(xml, "wp", "post_name", article.Slug);
        CData(xml, "wp", "status", PostStatus(article.Status));
        Number(xml, "wp", "post_parent", 0);
        Number(xml, "wp", "menu_order", 0);
        CData(xml, "wp", "post_type", "post");
        CData(xml, "wp", "post_password", "");
        Number(xml, "wp", "is_sticky", article.IsSticky ? 1 : 0);
        Category(xml, "category", article.Section.Slug, article.Section.Name);
        foreach (var tag in article.Tags.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            Category(xml, "post_tag", tag.Slug, tag.Name);
        }

        // WordPress has one author per post; the rest of a byline goes as Co-Authors Plus terms, which it understands.
        foreach (var byline in article.Bylines.OrderBy(b => b.Position).Skip(1))
        {
            Category(xml, "author", "cap-" + byline.Author.Slug, byline.Author.Name);
        }

        if (article.MediaItemId is { } mediaId)
        {
            Meta(xml, "_thumbnail_id", (attachmentBase + mediaId).ToString(CultureInfo.InvariantCulture));
        }

        if (article.ImageUrl is not null && article.MediaItemId is null)
        {
            Meta(xml, "_broadsheet_image_url", article.ImageUrl);
        }

        if (!string.IsNullOrEmpty(article.ImageCaption))
        {
            Meta(xml, "_broadsheet_image_caption", article.ImageCaption);
        }

        foreach (var comment in comments)
        {
            WriteComment(xml, comment);
        }

        xml.WriteEndElement();
    }

    private void WritePage(XmlWriter xml, StaticPage page, int postId)
    {
        var date = page.PublishedAt ?? page.CreatedAt;
        var link = page.IsVisible() ? $"{Origin}/{page.Slug}" : string.Create(CultureInfo.InvariantCulture, $"{Origin}/?page_id={postId}");
        xml.WriteStartElement("item");
        Text(xml, "", "title", page.Title);
        Text(xml, "", "link", link);
        Text(xml, "", "pubDate", RssDate(date));
        CData(xml, "dc", "creator", "");
        Guid(xml, string.Create(CultureInfo.InvariantCulture, $"{Origin}/?page_id={postId}"), isPermaLink: false);
        Text(xml, "", "description", "");
        CData(xml, "content", "encoded", ArticleBody.Render(page.Body, page.BodyFormat));
        CData(xml, "excerpt", "encoded", page.Description);
        Number(xml, "wp", "post_id", postId);
        Dates(xml, date, page.UpdatedAt);
        CData(xml, "wp", "comment_status", "closed");
        CData(xml, "wp", "ping_status", "closed");
        CData(xml, "wp", "post_name", page.Slug);
        CData(xml, "wp", "status", page.IsVisible() ? "publish" : "draft");
        Number(xml, "wp", "post_parent", 0);
        Number(xml, "wp", "menu_order", page.FooterPosition ?? 0);
        CData(xml, "wp", "post_type", "page");
        CData(xml, "wp", "post_password", "");
        Number(xml, "wp", "is_sticky", 0);
        xml.WriteEndElement();
    }

    private void WriteComment(XmlWriter xml, Comment comment)
    {
        xml.WriteStartElement("wp", "comment", WpNamespace);
        Number(xml, "wp", "comment_id", comment.Id);
        CData(xml, "wp", "comment_author", comment.AuthorName);
        CData(xml, "wp", "comment_author_email", comment.AuthorEmail);
        CData(xml, "wp", "comment_author_url", comment.AuthorUrl);
        CData(xml, "wp", "comment_author_IP", comment.AuthorIp);
        CData(xml, "wp", "comment_date", WordPressDate(calendar.ToLocal(comment.CreatedAt)));
        CData(xml, "wp", "comment_date_gmt", WordPressDate(comment.CreatedAt));
        CData(xml, "wp", "comment_content", comment.Body);
        CData(xml, "wp", "comment_approved", CommentApproved(comment.Status));
        CData(xml, "wp", "comment_type", comment.Kind switch
        {
            CommentKind.Pingback => "pingback",
            CommentKind.Trackback => "trackback",
            _ => "comment",
        });
        Number(xml, "wp", "comment_parent", comment.ParentId ?? 0);
        Number(xml, "wp", "comment_user_id", 0);
        xml.WriteEndElement();
    }

    /// <summary>
    /// Our workflow mapped back to WordPress's: an unpublished article is a draft again, as it is here; one in the trash
    /// is in WordPress's trash (which an import, ours or WordPress's, leaves out or keeps there).
    /// </summary>
    public static string PostStatus(ArticleStatus status) => status switch
    {
        ArticleStatus.Published => "publish",
        ArticleStatus.Scheduled => "future",
        ArticleStatus.PendingReview => "pending",
        ArticleStatus.Trashed => "trash",
        _ => "draft",
    };

    public static string CommentApproved(CommentStatus status) => status switch
    {
        CommentStatus.Approved => "1",
        CommentStatus.Spam => "spam",
        CommentStatus.Trash => "trash",
        _ => "0",
    };

    /// <summary><c>post_date</c> is in the site's time zone, <c>post_date_gmt</c> in UTC, as WordPress keeps them.</summary>
    private void Dates(XmlWriter xml, DateTime postedUtc, DateTime modifiedUtc)
    {
        CData(xml, "wp", "post_date", WordPressDate(calendar.ToLocal(postedUtc)));
        CData(xml, "wp", "post_date_gmt", WordPressDate(postedUtc));
        CData(xml, "wp", "post_modified", WordPressDate(calendar.ToLocal(modifiedUtc)));
        CData(xml, "wp", "post_modified_gmt", WordPressDate(modifiedUtc));
    }

    private static void Guid(XmlWriter xml, string value, bool isPermaLink)
    {
        xml.WriteStartElement("guid");
        xml.WriteAttributeString("isPermaLink", isPermaLink ? "true" : "false");
        xml.WriteString(XmlSafe(value));
        xml.WriteEndElement();
    }

    private static void Category(XmlWriter xml, string domain, string slug, string name)
    {
        xml.WriteStartElement("category");
        xml.WriteAttributeString("domain", domain);
        xml.WriteAttributeString("nicename", XmlSafe(slug));
        CDataSections(xml, name);
        xml.WriteEndElement();
    }

    private static void Meta(XmlWriter xml, string key, string value)
    {
        xml.WriteStartElement("wp", "postmeta", WpNamespace);
        CData(xml, "wp", "meta_key", key);
        CData(xml, "wp", "meta_value", value);
        xml.WriteEndElement();
    }
}
