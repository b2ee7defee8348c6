using System.Text;
using System.Xml;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Export;
using Broadsheet.Tests.Browser;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Export;

/// <summary><c>export wordpress</c> run as a real process; its file read back by an XML reader written apart from it.</summary>
public sealed class WordPressExportTests(NewsroomApp app) : AppTest<NewsroomApp>(app), IClassFixture<NewsroomApp>
{
    private async Task<WxrReader> ExportAsync()
    {
        var file = Path.Combine(App.DataDir, $"site-{Guid.NewGuid():N}.xml");
        var result = await ProgramProcess.RunAsync(["export", "wordpress", file, "--Broadsheet:DataDir", App.DataDir, "--Logging:LogLevel:Default", "Warning"]);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains($"to {file}", result.Output, StringComparison.Ordinal);
        return WxrReader.Read(file);
    }

    [Fact]
    public async Task Export_wordpress_is_well_formed_WXR_with_every_post_page_attachment_and_comment_of_the_database()
    {
        var site = await ExportTestSite.AddToAsync(App);

        var wxr = await ExportAsync();

        Assert.Equal("1.2", wxr.Version);
        var articles = await App.WithDbAsync((db, _) => db.Articles.AsNoTracking().Select(a => new { a.Id, a.Status, Comments = a.Comments.Count }).ToListAsync());
        var posts = wxr.Items.Where(i => i.PostType == "post").ToList();
        Assert.Equal(articles.Count, posts.Count);
        foreach (var status in articles.GroupBy(a => WordPressExport.PostStatus(a.Status)))
        {
            Assert.Equal(status.Count(), posts.Count(p => p.Status == status.Key));
        }

        Assert.Contains(posts, p => p.Status == "draft");
        foreach (var article in articles)
        {
            Assert.Equal(article.Comments, posts.Single(p => p.PostId == article.Id).Comments.Count);
        }

        Assert.Equal(await App.WithDbAsync((db, _) => db.StaticPages.CountAsync()), wxr.Items.Count(i => i.PostType == "page"));
        Assert.Equal(await App.WithDbAsync((db, _) => db.MediaItems.CountAsync()), wxr.Items.Count(i => i.PostType == "attachment"));
        Assert.Equal(await App.WithDbAsync((db, _) => db.Sections.CountAsync()), wxr.Categories);
        Assert.Equal(await App.WithDbAsync((db, _) => db.Tags.CountAsync()), wxr.Tags);
        Assert.Equal(await App.WithDbAsync((db, _) => db.Authors.CountAsync()), wxr.Authors);
        Assert.Equal(wxr.Items.Count, wxr.Items.Select(i => i.PostId).Distinct().Count());

        var post = posts.Single(p => p.PostId == site.HtmlArticle.Id);
        Assert.Equal(site.HtmlArticle.Headline, post.Title);
        Assert.Equal(site.HtmlArticle.Slug, post.PostName);
        Assert.Equal("publish", post.Status);
        Assert.Equal("1", post.Sticky);
        Assert.Equal(ArticleBody.Render(ExportTestSite.HtmlBody, BodyFormat.Html), post.Content);
        Assert.Contains("<strong>harbour</strong>", post.Content, StringComparison.Ordinal);
        Assert.Equal(site.HtmlArticle.Standfirst, post.Excerpt);
        Assert.Equal(site.HtmlArticle.PublishedAt!.Value.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), post.PostDateGmt);
        Assert.Contains(("category", site.HtmlArticle.Section.Slug, site.HtmlArticle.Section.Name), post.Categories);
        Assert.Contains(("post_tag", "harbour", "Harbour"), post.Categories);
        Assert.Contains(("post_tag", "cranes", "Cranes"), post.Categories);
        var attachment = wxr.Items.Single(i => i.PostType == "attachment" && i.Meta.GetValueOrDefault("_wp_attached_file") == site.Media.Path);
        Assert.Equal(attachment.PostId.ToString(System.Globalization.CultureInfo.InvariantCulture), post.Meta["_thumbnail_id"]);
        Assert.Equal("The new crane at the quay", attachment.Meta["_wp_attachment_image_alt"]);

        // The thread keeps its nesting, statuses and kinds.
        var byId = post.Comments.ToDictionary(c => c.Id);
        foreach (var comment in site.Thread)
        {
            var written = byId[comment.Id];
            Assert.Equal(comment.ParentId ?? 0, written.Parent);
            Assert.Equal(WordPressExport.CommentApproved(comment.Status), written.Approved);
            Assert.Equal(comment.Kind == CommentKind.Pingback ? "pingback" : "comment", written.Type);
            Assert.Equal(comment.Body, written.Content);
        }

        Assert.Equal(["0", "1", "spam", "trash"], post.Comments.Select(c => c.Approved).Distinct().Order());
        Assert.All(post.Comments.Where(c => c.Parent != 0), c => Assert.True(byId.ContainsKey(c.Parent), $"comment {c.Id} answers {c.Parent}, which is not in its post"));

        var page = wxr.Items.Single(i => i.PostType == "page" && i.PostName == site.Page.Slug);
        Assert.Equal("publish", page.Status);
        Assert.Equal("<p>We are the <strong>Broadsheet</strong>.</p>", page.Content.Trim());
        Assert.DoesNotContain(wxr.Items, i => i.PostType == "page" && articles.Any(a => a.Id == i.PostId));
    }

    [Fact]
    public async Task Every_XSS_corpus_payload_survives_as_text_in_a_well_formed_file_and_a_CDATA_end_is_split()
    {
        var payloads = XssCorpus.Load().Append("Text with ]]> inside, and ]]]]>> twice, and <![CDATA[ an opening").ToList();
        var ids = await App.WithDbAsync(async (db, _) =>
        {
            var section = await db.Sections.FirstAsync();
            var now = DateTime.UtcNow;
            var articles = payloads.Select((payload, i) => new Article
            {
                Headline = Clip(payload, 300),
                Slug = $"xss-payload-{Guid.NewGuid():N}"[..40],
                Standfirst = Clip(payload, 1000),
                Body = payload,
                BodyFormat = i % 2 == 0 ? BodyFormat.Html : BodyFormat.Markdown,
                Status = ArticleStatus.Published,
                PublishedAt = now,
                CreatedAt = now,
                UpdatedAt = now,
                Section = section,
                Comments = [new Comment { AuthorName = Clip(payload, 200), AuthorEmail = "x@example.org", Body = payload, Status = CommentStatus.Approved, CreatedAt = now }],
            }).ToList();
            db.Articles.AddRange(articles);
            await db.SaveChangesAsync();
            return articles.Select(a => (a.Id, a.Headline, a.Standfirst, a.Body, a.BodyFormat, Comment: a.Comments[0].Body, Author: a.Comments[0].AuthorName)).ToList();
        });

        var posts = (await ExportAsync()).Items.Where(i => i.PostType == "post").ToDictionary(i => i.PostId);

        foreach (var article in ids)
        {
            var post = posts[article.Id];
            Assert.Equal(AsXmlText(article.Headline), post.Title);
            Assert.Equal(AsXmlText(article.Standfirst!), post.Excerpt);
            Assert.Equal(AsXmlText(ArticleBody.Render(article.Body, article.BodyFormat)), post.Content);
            Assert.Equal(AsXmlText(article.Comment), post.Comments.Single().Content);
            Assert.Equal(AsXmlText(article.Author), post.Comments.Single().Author);
        }

        var cdata = posts[ids[^1].Id];
        Assert.Equal("Text with ]]> inside, and ]]]]>> twice, and <![CDATA[ an opening", cdata.Comments.Single().Content);
    }

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];

    /// <summary>
    /// The text as any XML reader gives it back: XML cannot carry most control characters at all, and every reader
    /// turns CR LF and a lone CR into LF.
    /// </summary>
    private static string AsXmlText(string text)
    {
        var kept = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                kept.Append(text, i++, 2);
            }
            else if (XmlConvert.IsXmlChar(text[i]))
            {
                kept.Append(text[i]);
            }
        }

        return kept.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
    }
}
