using Broadsheet.Articles;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.WordPressApi;

/// <summary>
/// What <c>_embed</c> adds under <c>_embedded</c>: the post's author, featured image and terms, loaded for a whole
/// page of posts at once.
/// </summary>
public sealed class WpEmbeds
{
    private static readonly WpEmbeds None = new();

    private Dictionary<int, WpUser> users = [];
    private Dictionary<int, WpMedia> media = [];
    private Dictionary<int, WpTermEmbed> categories = [];
    private Dictionary<int, WpTermEmbed> tags = [];
    private bool anything;
    private bool wantAuthor;
    private bool wantMedia;
    private bool wantTerms;

    /// <summary>The relations asked for: none without <c>_embed</c>; all for a bare <c>_embed</c>; else the listed ones.</summary>
    public static IReadOnlySet<string> Requested(IQueryCollection query)
    {
        if (!query.TryGetValue("_embed", out var values))
        {
            return new HashSet<string>();
        }

        var listed = values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Where(v => v is not ("1" or "true")).ToHashSet(StringComparer.Ordinal);
        return listed.Count > 0 ? listed : new HashSet<string>(["author", "wp:featuredmedia", "wp:term"], StringComparer.Ordinal);
    }

    internal static async Task<WpEmbeds> LoadAsync(WpSite site, IReadOnlyList<PostsApi.PostRow> rows, IReadOnlySet<string> wanted, CancellationToken ct)
    {
        if (wanted.Count == 0 || rows.Count == 0)
        {
            return None;
        }

        var embeds = new WpEmbeds { anything = true };
        if (wanted.Contains("author"))
        {
            var ids = rows.Where(r => r.AuthorId is not null).Select(r => r.AuthorId!.Value).Distinct().ToList();
            var authors = await UsersApi.Rows(site.Db.Authors.AsNoTracking().Where(a => ids.Contains(a.Id))).ToListAsync(ct);
            embeds.users = authors.ToDictionary(a => a.Id, a => UsersApi.ToUser(site, a));
        }

        if (wanted.Contains("wp:featuredmedia"))
        {
            var ids = rows.Where(r => r.MediaItemId is not null).Select(r => r.MediaItemId!.Value).Distinct().ToList();
            var items = await site.Db.MediaItems.AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync(ct);
            embeds.media = items.ToDictionary(m => m.Id, m => MediaApi.ToMedia(site, m));
        }

        if (wanted.Contains("wp:term"))
        {
            var sectionIds = rows.Select(r => r.SectionId).Distinct().ToList();
            // Embedded terms carry no count (WordPress's embed context), so none is taken: a large tag's count reads
            // thousands of articles, 118 ms for a page of ten posts at 100,000 articles.
            var sections = await TermsApi.Uncounted(TermsApi.SectionRows(site, site.Db.Sections.AsNoTracking().Where(s => sectionIds.Contains(s.Id)))).ToListAsync(ct);
            embeds.categories = sections.ToDictionary(s => s.Id, s => WpTermEmbed.Of(TermsApi.ToCategory(site, s)));
            var tagIds = rows.SelectMany(r => r.TagIds).Distinct().ToList();
            var tagRows = await TermsApi.Uncounted(TermsApi.TagRows(site, site.Db.Tags.AsNoTracking().Where(t => tagIds.Contains(t.Id)))).ToListAsync(ct);
            embeds.tags = tagRows.ToDictionary(t => t.Id, t => WpTermEmbed.Of(TermsApi.ToTag(site, t)));
        }

        embeds.wantAuthor = wanted.Contains("author");
        embeds.wantMedia = wanted.Contains("wp:featuredmedia");
        embeds.wantTerms = wanted.Contains("wp:term");
        return embeds;
    }

    internal WpPostEmbeds? For(PostsApi.PostRow row)
    {
        if (!anything)
        {
            return null;
        }

        IReadOnlyList<WpUser>? author = wantAuthor && row.AuthorId is { } a && users.TryGetValue(a, out var user) ? [user] : null;
        IReadOnlyList<WpMedia>? featured = wantMedia && row.MediaItemId is { } m && media.TryGetValue(m, out var item) ? [item] : null;
        IReadOnlyList<IReadOnlyList<WpTermEmbed>>? terms = wantTerms
            ? [
                categories.TryGetValue(row.SectionId, out var category) ? [category] : [],
                [.. row.TagIds.Where(tags.ContainsKey).Select(t => tags[t])],
            ]
            : null;
        return author is null && featured is null && terms is null ? null : new WpPostEmbeds(author, featured, terms);
    }
}
