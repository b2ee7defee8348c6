using Broadsheet.Articles;
using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Broadsheet.Search;

/// <summary>
/// Finds, before a save, which articles' search documents the save changes: articles added or with edited text,
/// bylines and tag links added or removed, tags and authors renamed or deleted. <see cref="BroadsheetDb"/> rewrites
/// those documents after the save, in the same transaction, whichever code path saved.
/// </summary>
public sealed class SearchIndexTracker
{
    private static readonly string[] IndexedArticleFields = [nameof(Article.Headline), nameof(Article.Standfirst), nameof(Article.Body), nameof(Article.BodyFormat)];

    private readonly List<Article> articles = [];
    private readonly List<Byline> bylines = [];
    private readonly List<Dictionary<string, object>> tagLinks = [];
    private readonly HashSet<int> known = [];

    public bool IsEmpty => articles.Count == 0 && bylines.Count == 0 && tagLinks.Count == 0 && known.Count == 0;

    /// <summary>What the pending changes of <paramref name="db"/> touch; asks the database only when a tag or author was renamed or deleted.</summary>
    public static async Task<SearchIndexTracker> CollectAsync(BroadsheetDb db, CancellationToken cancellationToken)
    {
        var tracker = new SearchIndexTracker();
        if (db.ChangeTracker.AutoDetectChangesEnabled)
        {
            db.ChangeTracker.DetectChanges();
        }

        var renamedTags = new List<int>();
        var renamedAuthors = new List<int>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            switch (entry.Entity)
            {
                case Article article when entry.State == EntityState.Added || (entry.State == EntityState.Modified && AnyModified(entry, IndexedArticleFields)):
                    tracker.articles.Add(article);
                    break;
                case Byline byline:
                    tracker.bylines.Add(byline);
                    break;
                case Dictionary<string, object> link when entry.Metadata.Name == "ArticleTags":
                    tracker.tagLinks.Add(link);
                    break;
                case Tag tag when entry.State == EntityState.Deleted || (entry.State == EntityState.Modified && AnyModified(entry, nameof(Tag.Name))):
                    renamedTags.Add(tag.Id);
                    break;
                case Author author when entry.State == EntityState.Deleted || (entry.State == EntityState.Modified && AnyModified(entry, nameof(Author.Name))):
                    renamedAuthors.Add(author.Id);
                    break;
            }
        }

        if (renamedTags.Count > 0)
        {
            // The join rows as they are before the save: a deleted tag's links go with it.
            tracker.known.UnionWith(await db.Set<Dictionary<string, object>>("ArticleTags").AsNoTracking()
                .Where(l => renamedTags.Contains(EF.Property<int>(l, "TagsId")))
                .Select(l => EF.Property<int>(l, "ArticlesId")).ToListAsync(cancellationToken));
        }

        if (renamedAuthors.Count > 0)
        {
            tracker.known.UnionWith(await db.Bylines.AsNoTracking().Where(b => renamedAuthors.Contains(b.AuthorId))
                .Select(b => b.ArticleId).ToListAsync(cancellationToken));
        }

        return tracker;
    }

    /// <summary>The articles to re-index, read after the save, when added rows have their real ids.</summary>
    public IReadOnlyCollection<int> ArticleIds()
    {
        var ids = new HashSet<int>(known);
        ids.UnionWith(articles.Select(a => a.Id));
        ids.UnionWith(bylines.Select(b => b.ArticleId != 0 ? b.ArticleId : b.Article?.Id ?? 0));
        foreach (var link in tagLinks)
        {
            if (link.TryGetValue("ArticlesId", out var id) && id is int articleId)
            {
                ids.Add(articleId);
            }
        }

        ids.RemoveWhere(id => id <= 0);
        return ids;
    }

    private static bool AnyModified(EntityEntry entry, params string[] properties) =>
        properties.Any(name => entry.Property(name).IsModified);
}
