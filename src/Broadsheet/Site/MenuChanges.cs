using System.Data.Common;
using System.Runtime.CompilerServices;
using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Nodes;
using Broadsheet.StaticPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Broadsheet.Site;

/// <summary>
/// Notices a save that adds, changes or removes a section or a static page, whichever code path saved it (the desk,
/// the page editor, the footer choices, an import), and once it is committed makes this node read the section and
/// footer menus again and tells the other nodes to do the same (over Redis, as for site settings; without Redis their
/// publication watcher's poll finds the change within seconds). Reading them after the commit, not after the save,
/// keeps a page rendered meanwhile from holding the old menu.
/// </summary>
public sealed class MenuChanges(SectionMenu sections, FooterMenu footer, SiteSettingsChannel nodes) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly object Marker = new();

    // Saves inside a transaction that has not committed yet, by context.
    private readonly ConditionalWeakTable<DbContext, object> pending = [];

    /// <summary>
    /// Reads both menus again (for the poll, and on another node's word); true when either differs from the one held, so
    /// the pages rendered with it must go.
    /// </summary>
    public async Task<bool> RefreshAsync(BroadsheetDb db, CancellationToken cancellationToken)
    {
        var sectionsChanged = await sections.RefreshAsync(db, cancellationToken);
        var footerChanged = await footer.RefreshAsync(db, cancellationToken);
        return sectionsChanged || footerChanged;
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (Saved(eventData.Context))
        {
            _ = ChangedAsync();
        }

        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (Saved(eventData.Context))
        {
            await ChangedAsync();
        }

        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context && pending.Remove(context))
        {
            _ = ChangedAsync();
        }
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && pending.Remove(context))
        {
            await ChangedAsync();
        }
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is not null && TouchesMenus(context))
        {
            pending.AddOrUpdate(context, Marker);
        }
    }

    /// <summary>True when the save touched a menu and is already committed; inside a transaction, the commit tells.</summary>
    private bool Saved(DbContext? context) =>
        context is not null && context.Database.CurrentTransaction is null && pending.Remove(context);

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            pending.Remove(context);
        }
    }

    private static bool TouchesMenus(DbContext context)
    {
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.Entity is Section or StaticPage && entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Forgets both menus on this node: the next page reads them again.</summary>
    public void Invalidate()
    {
        sections.Invalidate();
        footer.Invalidate();
    }

    private async Task ChangedAsync()
    {
        Invalidate();
        // Never fails the save; without Redis it does nothing.
        await nodes.SettingsSavedAsync();
    }
}

public static class MenuChangesSetup
{
    public static IServiceCollection AddMenuChanges(this IServiceCollection services) =>
        services.AddSingleton<MenuChanges>().AddSingleton<IInterceptor>(provider => provider.GetRequiredService<MenuChanges>());
}
