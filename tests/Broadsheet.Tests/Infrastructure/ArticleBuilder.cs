using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Infrastructure;

/// <summary>Builds and saves an article with sensible defaults; each test states only what it cares about.</summary>
public sealed class ArticleBuilder
{
    private readonly string unique = Guid.NewGuid().ToString("N")[..8];
    private string headline;
    private string? slug;
    private string? standfirst = "A standfirst that sums the story up.";
    private string body = "First paragraph of the story.\n\nSecond paragraph.";
    private BodyFormat bodyFormat = BodyFormat.Markdown;
    private string section = "city";
    private string[] tags = [];
    private string[] authors = [];
    private DateTime? publishedAt;
    private TimeSpan publishedFromNow = TimeSpan.FromHours(-1);
    private bool commentsOpen = true;
    private ArticleStatus status = ArticleStatus.Published;
    private string? imageUrl;
    private readonly List<(string Name, string Body, int? ReplyTo, CommentStatus Status)> comments = [];

    public ArticleBuilder() => headline = $"Test story {unique}";

    public ArticleBuilder Headline(string value)
    {
        headline = value;
        return this;
    }

    public ArticleBuilder Slug(string value)
    {
        slug = value;
        return this;
    }

    public ArticleBuilder Standfirst(string? value)
    {
        standfirst = value;
        return this;
    }

    public ArticleBuilder Body(string markdown)
    {
        body = markdown;
        return this;
    }

    /// <summary>An HTML body, stored as the WordPress importer stores one: through the sanitizer.</summary>
    public ArticleBuilder HtmlBody(string html)
    {
        body = Broadsheet.Articles.HtmlBody.Sanitize(html);
        bodyFormat = BodyFormat.Html;
        return this;
    }

    public ArticleBuilder InSection(string sectionSlug)
    {
        section = sectionSlug;
        return this;
    }

    public ArticleBuilder Tagged(params string[] tagNames)
    {
        tags = tagNames;
        return this;
    }

    public ArticleBuilder By(params string[] authorNames)
    {
        authors = authorNames;
        return this;
    }

    public ArticleBuilder PublishedAt(DateTime utc)
    {
        publishedAt = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        return this;
    }

    /// <summary>Published this long before the app's own clock says it is now (an hour unless told).</summary>
    public ArticleBuilder PublishedAgo(TimeSpan age)
    {
        publishedAt = null;
        publishedFromNow = -age;
        return this;
    }

    /// <summary>Scheduled for this long after the app's own clock says it is now.</summary>
    public ArticleBuilder PublishedIn(TimeSpan wait)
    {
        publishedAt = null;
        publishedFromNow = wait;
        return this;
    }

    public ArticleBuilder CommentsOpen(bool open)
    {
        commentsOpen = open;
        return this;
    }

    public ArticleBuilder Status(ArticleStatus value)
    {
        status = value;
        return this;
    }

    public ArticleBuilder WithImage(string url = "/demo/telescope.webp")
    {
        imageUrl = url;
        return this;
    }

    /// <summary>Adds a comment; <paramref name="replyTo"/> is the index of an earlier comment added here.</summary>
    public ArticleBuilder WithComment(string name, string text, int? replyTo = null, CommentStatus commentStatus = CommentStatus.Approved)
    {
        comments.Add((name, text, replyTo, commentStatus));
        return this;
    }

    /// <summary>Saves the article and evicts cached listings, as publishing from the newsroom does.</summary>
    public Task<Article> SaveAsync(BroadsheetApp app) => SaveAsync(app, evict: true);

    /// <summary>
    /// Saves the article straight into the database and evicts nothing, as a change made past the newsroom
    /// would: for tests that show a page comes from the cache.
    /// </summary>
    public Task<Article> SaveWithoutEvictionAsync(BroadsheetApp app) => SaveAsync(app, evict: false);

    private Task<Article> SaveAsync(BroadsheetApp app, bool evict) => app.WithDbAsync(async (db, services) =>
    {
        // The app's own clock: the test's FakeTimeProvider where the app has one.
        var article = await SaveAsync(db, services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        if (evict)
        {
            await services.GetRequiredService<PageCacheEviction>().ArticleChangedAsync(article.Id);
        }

        return article;
    });

    /// <summary>
    /// Saves the article straight into <paramref name="db"/> (the database of apps running as processes of their
    /// own, on the real clock given as <paramref name="now"/>); nothing is evicted.
    /// </summary>
    public async Task<Article> SaveAsync(BroadsheetDb db, DateTime now)
    {
        var publishedAt = this.publishedAt ?? now + publishedFromNow;
        var sectionEntity = await db.Sections.FirstOrDefaultAsync(s => s.Slug == section)
            ?? new Section { Slug = section, Name = section };
        var article = new Article
        {
            Headline = headline,
            Slug = slug ?? $"{Slugs.From(headline)}-{unique}",
            Standfirst = standfirst,
            Body = body,
            BodyFormat = bodyFormat,
            Status = status,
            PublishedAt = publishedAt,
            CreatedAt = publishedAt,
            UpdatedAt = publishedAt,
            Section = sectionEntity,
            CommentsOpen = commentsOpen,
            ImageUrl = imageUrl,
            ImageAlt = imageUrl is null ? null : "An illustration for the test story",
            ImageCaption = imageUrl is null ? null : "The test caption",
            ImageCredit = imageUrl is null ? null : "Illustration: test",
            ImageWidth = imageUrl is null ? null : 1200,
            ImageHeight = imageUrl is null ? null : 675,
        };
        foreach (var name in tags)
        {
            var tagSlug = Slugs.From(name);
            article.Tags.Add(await db.Tags.FirstOrDefaultAsync(t => t.Slug == tagSlug) ?? new Tag { Name = name, Slug = tagSlug });
        }

        var names = authors.Length > 0 ? authors : ["Test Writer " + unique];
        for (var i = 0; i < names.Length; i++)
        {
            var authorSlug = Slugs.From(names[i]);
            var author = await db.Authors.FirstOrDefaultAsync(a => a.Slug == authorSlug) ?? new Author { Name = names[i], Slug = authorSlug };
            article.Bylines.Add(new Byline { Author = author, Position = i });
        }

        var created = new List<Comment>();
        foreach (var (name, text, replyTo, commentStatus) in comments)
        {
            var comment = new Comment
            {
                Article = article,
                Parent = replyTo is { } index ? created[index] : null,
                AuthorName = name,
                AuthorEmail = "reader@example.com",
                Body = text,
                Status = commentStatus,
                CreatedAt = publishedAt.AddMinutes(created.Count + 1),
            };
            created.Add(comment);
            article.Comments.Add(comment);
        }

        db.Articles.Add(article);
        await db.SaveChangesAsync();
        return article;
    }
}
