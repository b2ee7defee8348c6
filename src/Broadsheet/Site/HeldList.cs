using Broadsheet.Data;

namespace Broadsheet.Site;

/// <summary>
/// A short list that every reader page shows (the section menu, the footer menu), read from the database once and
/// held in memory until a change to it is saved (<see cref="MenuChanges"/>), another node says so, or the publication
/// watcher's poll finds it changed.
/// </summary>
public abstract class HeldList<T>(IServiceScopeFactory scopes, IHttpContextAccessor http, ILogger logger)
{
    private readonly Lock gate = new();
    private long version;
    private IReadOnlyList<T>? held;

    /// <summary>What the list is, for the log.</summary>
    protected abstract string What { get; }

    protected abstract Task<List<T>> LoadAsync(BroadsheetDb db, CancellationToken cancellationToken);

    public async Task<IReadOnlyList<T>> GetAsync()
    {
        if (Volatile.Read(ref held) is { } items)
        {
            return items;
        }

        var seen = Interlocked.Read(ref version);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var loaded = await LoadAsync(scope.ServiceProvider.GetRequiredService<BroadsheetDb>(), CancellationToken.None);
            Keep(seen, loaded);
            return loaded;
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException)
        {
            // The error page uses the reader layout too: with the database down it must still render. Nothing is held,
            // so the next page asks again.
            logger.LogWarning(exception, "The {What} could not be loaded.", What);
            // The page can still be a 200, but one without its menu must not be kept for hours.
            if (http.HttpContext?.Features.Get<Microsoft.AspNetCore.OutputCaching.IOutputCacheFeature>() is { } cache)
            {
                cache.Context.AllowCacheStorage = false;
            }

            return [];
        }
    }

    /// <summary>Forgets the list: the next page reads it again.</summary>
    public void Invalidate()
    {
        lock (gate)
        {
            version++;
            held = null;
        }
    }

    /// <summary>Reads the list again; true when it differs from the one held, so pages rendered with that must go.</summary>
    public async Task<bool> RefreshAsync(BroadsheetDb db, CancellationToken cancellationToken)
    {
        var seen = Interlocked.Read(ref version);
        var before = Volatile.Read(ref held);
        var loaded = await LoadAsync(db, cancellationToken);
        Keep(seen, loaded);
        return before is not null && !before.SequenceEqual(loaded);
    }

    private void Keep(long seen, IReadOnlyList<T> loaded)
    {
        lock (gate)
        {
            // A change saved while this was loading may be missing from it: hold it only if nothing changed meanwhile.
            if (version == seen)
            {
                held = loaded;
            }
        }
    }
}
