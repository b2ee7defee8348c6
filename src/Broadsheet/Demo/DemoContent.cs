using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Data;
using Broadsheet.Site;

namespace Broadsheet.Demo;

internal sealed record DemoSection(string Slug, string Name, string Description);
internal sealed record DemoAuthor(string Slug, string Name, string JobTitle, string Bio);
internal sealed record DemoImage(string FileName, string Alt, string Caption, string Credit, int Width, int Height);
internal sealed record DemoComment(string Name, string Body, int MinutesAfterPublication, List<DemoComment> Replies);
internal sealed record DemoArticle(
    string Slug, string Headline, string Standfirst, string Section, string[] Authors, string[] Tags,
    int DaysAgo, int Hour, string Body, DemoImage? Image, DemoComment[] Comments);

/// <summary>Neutral demo articles about an invented city, seeded into an empty database.</summary>
internal static partial class DemoContent
{
    public static async Task SeedAsync(BroadsheetDb db, DateTime utcNow, SiteCalendar calendar)
    {
        var articles = DemoArticles.Load();
        var sections = Sections.Select((s, i) => new Section { Slug = s.Slug, Name = s.Name, Description = s.Description, Position = i })
            .ToDictionary(s => s.Slug);
        var authors = Authors.Select(a => new Author { Slug = a.Slug, Name = a.Name, JobTitle = a.JobTitle, Bio = a.Bio })
            .ToDictionary(a => a.Slug);
        var tags = articles.SelectMany(a => a.Tags).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(name => new Tag { Name = name, Slug = Slugs.From(name) })
            .ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);

        var today = calendar.ToLocal(utcNow).Date;
        foreach (var demo in articles)
        {
            var local = DateTime.SpecifyKind(today.AddDays(-demo.DaysAgo).AddHours(demo.Hour), DateTimeKind.Unspecified);
            var published = TimeZoneInfo.ConvertTimeToUtc(calendar.Zone.IsInvalidTime(local) ? local.AddHours(1) : local, calendar.Zone);
            if (published > utcNow)
            {
                // Today's later hours have not happened yet; such a story went out an hour ago instead.
                published = utcNow.AddHours(-1).AddMinutes(-demo.Hour);
            }

            var article = new Article
            {
                Slug = demo.Slug,
                Headline = demo.Headline,
                Standfirst = demo.Standfirst,
                Body = demo.Body,
                Status = ArticleStatus.Published,
                PublishedAt = published,
                CreatedAt = published.AddHours(-3),
                UpdatedAt = published,
                Section = sections[demo.Section],
                Tags = demo.Tags.Select(t => tags[t]).ToList(),
                Bylines = demo.Authors.Select((a, i) => new Byline { Author = authors[a], Position = i }).ToList(),
                // The illustrations are drawn as SVG (Demo/Illustrations) and served as WebP: cheaper for a phone to paint.
                ImageUrl = demo.Image is null ? null : $"/demo/{Path.GetFileNameWithoutExtension(demo.Image.FileName)}.webp",
                ImageAlt = demo.Image?.Alt,
                ImageCaption = demo.Image?.Caption,
                ImageCredit = demo.Image?.Credit,
                ImageWidth = demo.Image?.Width,
                ImageHeight = demo.Image?.Height,
            };
            foreach (var comment in demo.Comments)
            {
                AddComment(article, null, comment, published, utcNow);
            }

            db.Articles.Add(article);
        }

        await db.SaveChangesAsync();
    }

    private static void AddComment(Article article, Comment? parent, DemoComment demo, DateTime published, DateTime utcNow)
    {
        var created = published.AddMinutes(demo.MinutesAfterPublication);
        var comment = new Comment
        {
            Article = article,
            Parent = parent,
            AuthorName = demo.Name,
            AuthorEmail = $"{Slugs.From(demo.Name)}@example.com",
            Body = demo.Body,
            Status = CommentStatus.Approved,
            CreatedAt = created > utcNow ? utcNow : created,
        };
        article.Comments.Add(comment);
        foreach (var reply in demo.Replies)
        {
            AddComment(article, comment, reply, published, utcNow);
        }
    }
}
