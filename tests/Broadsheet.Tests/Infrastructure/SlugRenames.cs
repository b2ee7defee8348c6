using Broadsheet.Articles;
using Broadsheet.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Infrastructure;

internal static class SlugRenames
{
    /// <summary>
    /// Gives an article a new slug the way the editor does: the old one retired (its URL answers 301), saved
    /// in one transaction, the cached pages evicted after it commits.
    /// </summary>
    public static async Task RenameSlugAsync(this IServiceProvider services, Article article, string newSlug)
    {
        var db = services.GetRequiredService<BroadsheetDb>();
        var changes = services.GetRequiredService<ArticleChanges>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await changes.ChangeSlugAsync(article, newSlug);
        await changes.StampAndSaveAsync(article);
        await transaction.CommitAsync();
        await changes.EvictAsync(article.Id);
    }
}
