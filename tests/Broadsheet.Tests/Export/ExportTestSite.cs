using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Media;
using Broadsheet.Redirects;
using Broadsheet.StaticPages;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Export;

/// <summary>
/// What an export must carry beyond the demo articles: an imported HTML article with everything set (sticky,
/// corrections, two authors, tags, a library image, a WordPress id) and a thread of comments of every status and kind,
/// a draft, a static page, a media item and a redirect.
/// </summary>
public sealed record ExportTestSite(Article HtmlArticle, StaticPage Page, MediaItem Media, Redirect Redirect, IReadOnlyList<Comment> Thread)
{
    public const string HtmlBody = "<p>The <strong>harbour</strong> board met at noon.</p><figure><img src=\"/media/2026/11/crane.jpg\" alt=\"The crane\"></figure>";

    public static async Task<ExportTestSite> AddToAsync(BroadsheetApp app)
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var article = await new ArticleBuilder()
            .Headline($"Harbour board approves new crane {unique}")
            .Standfirst("An imported story with an HTML body.")
            .Tagged("Harbour", "Cranes")
            .By("Ada Quill", "Ben Ledger")
            .WithComment("First Reader", "The first comment, approved.")
            .WithComment("Second Reader", "A reply, approved.", replyTo: 0)
            .WithComment("Held Reader", "Held for moderation.", commentStatus: CommentStatus.Pending)
            .WithComment("Spammer", "Buy cheap cranes.", commentStatus: CommentStatus.Spam)
            .WithComment("Trashed Reader", "Trashed by a moderator.", replyTo: 1, commentStatus: CommentStatus.Trash)
            .SaveAsync(app);
        await new ArticleBuilder().Headline($"An unfinished draft {unique}").Status(ArticleStatus.Draft).SaveAsync(app);

        return await app.WithDbAsync(async (db, _) =>
        {
            var media = new MediaItem
            {
                Path = $"2026/11/crane-{unique}.jpg",
                OriginalName = "crane.jpg",
                ContentType = "image/jpeg",
                Length = 123_456,
                Width = 1600,
                Height = 900,
                Variants = "480,960",
                Alt = "The new crane at the quay",
                Credit = "Photo: Harbour Board",
                SourceUrl = "https://old.example.org/wp-content/uploads/2019/05/crane.jpg",
                WordPressId = Random.Shared.Next(100_000, 900_000),
                UploadedAt = new DateTime(2026, 11, 2, 9, 30, 0, DateTimeKind.Utc),
            };
            db.MediaItems.Add(media);
            await db.SaveChangesAsync();

            var stored = await db.Articles.Include(a => a.Comments).SingleAsync(a => a.Id == article.Id);
            stored.Body = HtmlBody;
            stored.BodyFormat = BodyFormat.Html;
            stored.IsSticky = true;
            stored.WordPressId = Random.Shared.Next(100_000, 900_000);
            stored.MediaItemId = media.Id;
            stored.ImageUrl = media.Url;
            stored.ImageAlt = media.Alt;
            stored.ImageCredit = media.Credit;
            stored.ImageCaption = "The crane arrives by barge.";
            stored.ImageWidth = media.Width;
            stored.ImageHeight = media.Height;
            stored.Corrections.Add(new Correction { Kind = CorrectionKind.Correction, Text = "An earlier version misspelt the quay.", CreatedAt = stored.PublishedAt!.Value.AddHours(1) });
            stored.Corrections.Add(new Correction { Kind = CorrectionKind.Update, Text = "The board has published the minutes.", CreatedAt = stored.PublishedAt!.Value.AddHours(2) });
            var pingback = new Comment
            {
                ArticleId = stored.Id,
                AuthorName = "Another Blog",
                AuthorEmail = "",
                AuthorUrl = "https://blog.example.net/cranes",
                AuthorIp = "192.0.2.7",
                Body = "[…] a pingback […]",
                Kind = CommentKind.Pingback,
                Status = CommentStatus.Approved,
                CreatedAt = stored.PublishedAt!.Value.AddHours(3),
            };
            db.Comments.Add(pingback);

            var page = new StaticPage
            {
                Title = $"About us {unique}",
                Slug = $"about-{unique}",
                Body = "We are the **Broadsheet**.",
                Description = "Who we are.",
                Status = StaticPageStatus.Published,
                PublishedAt = new DateTime(2026, 1, 5, 8, 0, 0, DateTimeKind.Utc),
                CreatedAt = new DateTime(2026, 1, 4, 8, 0, 0, DateTimeKind.Utc),
                UpdatedAt = new DateTime(2026, 1, 6, 8, 0, 0, DateTimeKind.Utc),
                FooterPosition = 1,
            };
            db.StaticPages.Add(page);
            var redirect = new Redirect { Path = $"/2019/05/04/old-crane-{unique}", Target = "/2026/11/02/new-crane", CreatedAt = DateTime.UtcNow };
            db.Redirects.Add(redirect);
            await db.SaveChangesAsync();

            var thread = await db.Comments.AsNoTracking().Where(c => c.ArticleId == stored.Id).OrderBy(c => c.Id).ToListAsync();
            var saved = await db.Articles.AsNoTracking()
                .Include(a => a.Tags).Include(a => a.Bylines).ThenInclude(b => b.Author).Include(a => a.Corrections).Include(a => a.Section)
                .SingleAsync(a => a.Id == stored.Id);
            return new ExportTestSite(saved, page, media, redirect, thread);
        });
    }
}
