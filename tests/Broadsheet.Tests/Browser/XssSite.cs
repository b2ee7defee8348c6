using System.Globalization;
using System.Text;
using Broadsheet.Articles;
using Broadsheet.Site;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Browser;

/// <summary>
/// A site whose writers typed the shared XSS corpus into every field a reader or the newsroom sees: headlines,
/// standfirsts, Markdown bodies, tags, author names and biographies, image alt text, captions and credits,
/// section names and the site title. Each field holds several whole payloads (see <see cref="PackSize"/>), so
/// the whole corpus passes through every field kind in a few dozen articles. Written straight into the database.
/// </summary>
public sealed class XssSite : NewsroomApp
{
    /// <summary>
    /// How much of the corpus one field carries: more than the newsroom lets a headline or a name hold (which
    /// changes nothing for how it is encoded), so that every payload fits whole and a few dozen articles carry
    /// the corpus through every field kind quickly.
    /// </summary>
    public const int PackSize = 1400;

    /// <summary>Between payloads packed into one field; nothing in the corpus uses it.</summary>
    public const string Separator = " ⁂ ";

    /// <summary>The longest list the site allows, so that a few archive pages list every carrier article.</summary>
    public const int ListSize = 100;

    public XssSite() => Configure("Broadsheet:Site:PageSize", Number(ListSize));

    public IReadOnlyList<string> Payloads { get; private set; } = [];
    public List<Carrier> Articles { get; } = [];
    public List<(string Name, string Slug)> Sections { get; } = [];
    public List<(string Name, string Slug, string Bio)> Authors { get; } = [];
    public List<(string Name, string Slug)> Tags { get; } = [];
    public IReadOnlyList<string> SiteTitles { get; private set; } = [];
    public string ArchivePath { get; private set; } = "";

    /// <summary>The pages of the day's archive, which list every carrier article.</summary>
    public IEnumerable<string> ArchivePages => Enumerable.Range(1, (Articles.Count + ListSize - 1) / ListSize)
        .Select(page => page == 1 ? ArchivePath : $"{ArchivePath}?page={Number(page)}");

    /// <summary>An article carrying payloads, with what each field should show.</summary>
    public sealed record Carrier(
        int Id, string Path, string Headline, string Standfirst, string Body, string ImageAlt, string ImageCaption, string ImageCredit,
        string Section, List<string> Tags, List<string> Authors);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // As the newsroom keeps text: control characters, which no one types and forms refuse, dropped.
        Payloads = XssCorpus.Load().Select(Typed).Where(p => p.Trim().Length > 0).Distinct().ToList();
        var headlines = Pack(Payloads, PackSize);
        var standfirsts = Pack(Payloads, PackSize);
        var alts = Pack(Payloads, PackSize);
        var captions = Pack(Payloads, PackSize);
        var credits = Pack(Payloads, PackSize);
        var sectionNames = Pack(Payloads, PackSize);
        var tagNames = Pack(Payloads, PackSize);
        var authorNames = Pack(Payloads, PackSize);
        var bios = Pack(Payloads, 2 * PackSize);
        SiteTitles = Pack(Payloads, PackSize);
        var paragraphs = string.Join("\n\n", Payloads);
        var links = string.Join("\n\n", Payloads.Select((p, i) => $"[link {i}]({p}) ![image {i}]({p}) <{p}>"));

        var calendar = Services.GetRequiredService<SiteCalendar>();
        var day = Clock.GetUtcNow().UtcDateTime.Date.AddDays(-1).AddHours(12);
        ArchivePath = $"/{day:yyyy}/{day:MM}/{day:dd}/";
        await WithDbAsync(async (db, services) =>
        {
            var sections = sectionNames.Select((name, i) => new Section { Name = name, Slug = $"xss-section-{i}", Position = 100 + i }).ToList();
            var tags = tagNames.Select((name, i) => new Tag { Name = name, Slug = $"xss-tag-{i}" }).ToList();
            var authors = authorNames.Select((name, i) => new Author { Name = name, Slug = $"xss-author-{i}", Bio = bios[i % bios.Count] }).ToList();
            var articles = new List<Article>();
            for (var i = 0; i < headlines.Count; i++)
            {
                var published = day.AddSeconds(i);
                var article = new Article
                {
                    Headline = headlines[i],
                    Slug = $"xss-carrier-{i}",
                    Standfirst = standfirsts[i % standfirsts.Count],
                    Body = i switch { 0 => paragraphs, 1 => links, _ => "A paragraph of plain text." },
                    Status = ArticleStatus.Published,
                    PublishedAt = published,
                    CreatedAt = published,
                    UpdatedAt = published,
                    Section = sections[i % sections.Count],
                    ImageUrl = "/demo/telescope.webp",
                    ImageWidth = 1200,
                    ImageHeight = 675,
                    ImageAlt = alts[i % alts.Count],
                    ImageCaption = captions[i % captions.Count],
                    ImageCredit = credits[i % credits.Count],
                };
                articles.Add(article);
            }

            for (var i = 0; i < tags.Count; i++)
            {
                articles[i % articles.Count].Tags.Add(tags[i]);
            }

            for (var i = 0; i < authors.Count; i++)
            {
                var article = articles[i % articles.Count];
                article.Bylines.Add(new Byline { Author = authors[i], Position = article.Bylines.Count });
            }

            db.Sections.AddRange(sections);
            db.Articles.AddRange(articles);
            await db.SaveChangesAsync();
            Sections.AddRange(sections.Select(s => (s.Name, s.Slug)));
            Tags.AddRange(tags.Select(t => (t.Name, t.Slug)));
            Authors.AddRange(authors.Select(a => (a.Name, a.Slug, a.Bio!)));
            Articles.AddRange(articles.Select(a => new Carrier(
                a.Id, calendar.ArticlePath(a.PublishedAt!.Value, a.Slug), a.Headline, a.Standfirst!, a.Body, a.ImageAlt!, a.ImageCaption!, a.ImageCredit!,
                a.Section.Name, a.Tags.Select(t => t.Name).ToList(), a.Bylines.OrderBy(b => b.Position).Select(b => b.Author.Name).ToList())));
            return 0;
        });
        await SetSiteTitleAsync(SiteTitles[0]);
    }

    /// <summary>Changes the site title as the Settings page does, and applies it at once.</summary>
    public Task SetSiteTitleAsync(string title) => WithDbAsync(async (db, services) =>
    {
        var store = services.GetRequiredService<SiteSettingsStore>();
        var profile = await db.SiteSettings.FindAsync(1);
        if (profile is null)
        {
            profile = store.Snapshot();
            db.SiteSettings.Add(profile);
        }

        profile.Title = title;
        // The store applies settings whose time changed; the test clock stands still, so each save moves it on by a
        // millisecond, which PostgreSQL's microseconds keep (random ticks could round to the previous save's time).
        var now = Clock.GetUtcNow().UtcDateTime;
        profile.UpdatedAt = (profile.UpdatedAt > now ? profile.UpdatedAt : now).AddMilliseconds(1);
        await db.SaveChangesAsync();
        await store.RefreshAsync(db);
        await services.GetRequiredService<PageCacheEviction>().SiteChangedAsync();
        return 0;
    });

    public string SiteTitle => Services.GetRequiredService<SiteSettingsStore>().Title;

    /// <summary>The payload without the control characters a form never carries (tab and line breaks stay).</summary>
    public static string Typed(string payload) =>
        new(payload.Where(c => !char.IsControl(c) || c is '\t' or '\n' or '\r').ToArray());

    /// <summary>Whole payloads joined by <see cref="Separator"/> up to <paramref name="limit"/> characters each; a longer one alone, cut.</summary>
    public static List<string> Pack(IReadOnlyList<string> payloads, int limit)
    {
        var packs = new List<string>();
        var current = new StringBuilder();
        foreach (var payload in payloads)
        {
            var piece = Cut(payload, limit);
            if (current.Length > 0 && current.Length + Separator.Length + piece.Length > limit)
            {
                packs.Add(current.ToString());
                current.Clear();
            }

            current.Append(current.Length > 0 ? Separator : "").Append(piece);
        }

        packs.Add(current.ToString());
        return packs;
    }

    private static string Cut(string text, int limit)
    {
        if (text.Length <= limit)
        {
            return text;
        }

        var length = char.IsHighSurrogate(text[limit - 1]) ? limit - 1 : limit;
        return text[..length];
    }

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
