using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Data;

/// <summary>
/// SQLite has one writer at a time, and its .NET driver answers a busy database by sleeping 150 ms before it
/// tries again. The busiest writers of a node (comment posts, the mail sender, mailings being fanned out) queue
/// here instead, so they wait microseconds for each other rather than sleep. On PostgreSQL it does nothing.
/// </summary>
public static class SqliteWriteGate
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Waits for this node's turn to write; dispose the result to let the next writer in.</summary>
    public static async Task<IDisposable?> EnterAsync(BroadsheetDb db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            return null;
        }

        await Gate.WaitAsync(cancellationToken);
        return new Turn();
    }

    private sealed class Turn : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                Gate.Release();
            }
        }
    }
}
