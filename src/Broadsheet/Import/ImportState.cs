using Broadsheet.Articles;
using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Import;

/// <summary>
/// What the site already holds that an import must not duplicate (WordPress ids; sections, tags and authors by
/// slug; taken slugs), and the sections, tags and authors the import creates, each saved at once so it has an id.
/// </summary>
public sealed class ImportState(BroadsheetDb db, ImportReport report)
{
    public Dictionary<int, (int Id, string? Path)> Articles { get; private set; } = [];
    public Dictionary<int, string> Pages { get; private set; } = [];
    public HashSet<int> Comments { get; private set; } = [];
    public HashSet<string> RedirectPaths { get; private set; } = [];
    private HashSet<string> articleSlugs = [];
    private HashSet<string> pageSlugs = [];
    private Dictionary<string, int> sections = [];
    private Dictionary<string, int> tags = [];
    private Dictionary<string, int> authors = [];
    private readonly Dictionary<int, Tag> tagStubs = [];
    private int nextSectionPosition;

    public async Task LoadAsync(SiteCalendarPaths paths, CancellationToken cancellationToken)
    {
        var articles = await db.Articles.AsNoTracking().Where(a => a.WordPressId != null)
            .Select(a => new { WordPressId = a.WordPressId!.Value, a.Id, a.Slug, a.Status, a.PublishedAt }).ToListAsync(cancellationToken);
        Articles = articles.ToDictionary(a => a.WordPressId, a => (a.Id, paths.ArticlePath(a.Status, a.PublishedAt, a.Slug)));
        Pages = await db.StaticPages.AsNoTracking().Where(p => p.WordPressId != null).ToDictionaryAsync(p => p.WordPressId!.Value, p => p.Slug, cancellationToken);
        Comments = [.. await db.Comments.AsNoTracking().Where(c => c.WordPressId != null).Select(c => c.WordPressId!.Value).ToListAsync(cancellationToken)];
        RedirectPaths = [.. await db.Redirects.AsNoTracking().Select(r => r.Path).ToListAsync(cancellationToken)];
        articleSlugs = [.. await db.Articles.AsNoTracking().Select(a => a.Slug).ToListAsync(cancellationToken)];
        articleSlugs.UnionWith(await db.RetiredSlugs.AsNoTracking().Select(r => r.Slug).ToListAsync(cancellationToken));
        pageSlugs = [.. await db.StaticPages.AsNoTracking().Select(p => p.Slug).ToListAsync(cancellationToken)];
        sections = await db.Sections.AsNoTracking().ToDictionaryAsync(s => s.Slug, s => s.Id, cancellationToken);
        tags = await db.Tags.AsNoTracking().ToDictionaryAsync(t => t.Slug, t => t.Id, cancellationToken);
        authors = await db.Authors.AsNoTracking().ToDictionaryAsync(a => a.Slug, a => a.Id, cancellationToken);
        nextSectionPosition = (await db.Sections.MaxAsync(s => (int?)s.Position, cancellationToken) ?? 0) + 1;
    }

    /// <summary>A slug made valid and unique among articles: "hello-world", then "hello-world-2".</summary>
    public string ArticleSlug(string? postName, string title) => Unique(articleSlugs, SlugOf(postName, title, "article"), _ => false);

    /// <summary>A page's slug: unique among pages, and never the first segment of one of the site's own paths.</summary>
    public string PageSlug(string? postName, string title) => Unique(pageSlugs, SlugOf(postName, title, "page"), IsReservedForPages);

    public static string SlugOf(string? wordPressSlug, string fallbackText, string fallback)
    {
        var slug = "";
        if (!string.IsNullOrWhiteSpace(wordPressSlug))
        {
            string decoded;
            try
            {
                decoded = Uri.UnescapeDataString(wordPressSlug.Trim());
            }
            catch (UriFormatException)
            {
                decoded = wordPressSlug;
            }

            slug = Slugs.From(decoded);
        }

        if (slug.Length == 0)
        {
            slug = Slugs.From(fallbackText);
        }

        return slug.Length == 0 ? fallback : slug;
    }

    private static string Unique(HashSet<string> taken, string slug, Func<string, bool> reserved)
    {
        slug = slug.Length > 90 ? slug[..90].TrimEnd('-') : slug;
        var candidate = reserved(slug) ? slug + "-page" : slug;
        for (var n = 2; taken.Contains(candidate); n++)
        {
            candidate = $"{slug}-{n}";
        }

        taken.Add(candidate);
        return candidate;
    }

    private static readonly HashSet<string> SitePaths = new(StringComparer.Ordinal)
    {
        "newsroom", "section", "tag", "author", "feed", "comments", "subscribe", "subscription", "media", "error", "status",
        "sitemap.xml", "news-sitemap.xml", "sitemaps", "robots.txt", "healthz", "wp-json", "wp-content", "wp-admin", "wp-login.php",
        "archives", "category", "css", "js", "lib", "favicon.ico", "search", "page", "api",
    };

    private static bool IsReservedForPages(string slug) => SitePaths.Contains(slug) || slug.All(char.IsAsciiDigit);

    public async Task<int> SectionAsync(string slug, string name, CancellationToken cancellationToken)
    {
        if (sections.TryGetValue(slug, out var id))
        {
            return id;
        }

        var section = new Section { Name = Clip(name, 100, slug), Slug = slug, Position = nextSectionPosition++ };
        db.Sections.Add(section);
        await db.SaveChangesAsync(cancellationToken);
        sections[slug] = section.Id;
        report.Imported(ImportReport.Sections);
        return section.Id;
    }

    /// <summary>A tag entity the current batch of articles can point at (an attached stand-in: only its id matters).</summary>
    public async Task<Tag> TagAsync(string slug, string name, CancellationToken cancellationToken)
    {
        if (!tags.TryGetValue(slug, out var id))
        {
            var tag = new Tag { Name = Clip(name, 100, slug), Slug = slug };
            db.Tags.Add(tag);
            await db.SaveChangesAsync(cancellationToken);
            tags[slug] = id = tag.Id;
            tagStubs[id] = tag;
            report.Imported(ImportReport.Tags);
        }

        if (!tagStubs.TryGetValue(id, out var stub))
        {
            stub = new Tag { Id = id, Name = name, Slug = slug };
            db.Tags.Attach(stub);
            tagStubs[id] = stub;
        }

        return stub;
    }

    public bool HasAuthor(string slug) => authors.ContainsKey(slug);

    public async Task<int> AuthorAsync(string slug, string name, CancellationToken cancellationToken)
    {
        if (authors.TryGetValue(slug, out var id))
        {
            return id;
        }

        var author = new Author { Name = Clip(name, 200, slug), Slug = slug };
        db.Authors.Add(author);
        await db.SaveChangesAsync(cancellationToken);
        authors[slug] = author.Id;
        report.Imported(ImportReport.Authors);
        return author.Id;
    }

    /// <summary>Saves the batch and lets go of its entities, so a large import does not hold every article in memory.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        tagStubs.Clear();
    }

    public static string Clip(string? text, int max, string fallback = "")
    {
        var value = string.IsNullOrWhiteSpace(text) ? fallback : WordPressBody.Clean(text).Trim();
        return value.Length > max ? value[..max].TrimEnd() : value;
    }
}

/// <summary>The public address of an article, by the site's calendar; none for drafts.</summary>
public sealed class SiteCalendarPaths(Site.SiteCalendar calendar)
{
    public string? ArticlePath(ArticleStatus status, DateTime? publishedAt, string slug) =>
        status is ArticleStatus.Published or ArticleStatus.Scheduled && publishedAt is { } at ? calendar.ArticlePath(at, slug) : null;
}
