using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Spam;

/// <summary>Spends a verified challenge once, across restarts and nodes, and forgets spent ones once they expire.</summary>
public static class SpentChallenges
{
    private static long lastPrunedTicks;

    /// <summary>
    /// Records the challenge as spent; false when it already was. Call it inside the transaction that saves
    /// what the challenge allowed, so that whichever of several simultaneous posts claims it first wins.
    /// </summary>
    public static async Task<bool> TrySpendAsync(this BroadsheetDb db, AltchaResult challenge, CancellationToken cancellationToken)
    {
        var signature = challenge.ChallengeSignature!;
        var expiresAt = challenge.ExpiresAt!.Value.UtcDateTime;
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO \"UsedChallenges\" (\"Signature\", \"ExpiresAt\") VALUES ({signature}, {expiresAt}) ON CONFLICT DO NOTHING",
            cancellationToken);
        return inserted == 1;
    }

    /// <summary>Deletes expired records, at most once every ten minutes per process.</summary>
    public static async Task PruneSpentChallengesAsync(this BroadsheetDb db, DateTime now, CancellationToken cancellationToken)
    {
        var last = Interlocked.Read(ref lastPrunedTicks);
        if (now.Ticks - last < TimeSpan.FromMinutes(10).Ticks || Interlocked.CompareExchange(ref lastPrunedTicks, now.Ticks, last) != last)
        {
            return;
        }

        await db.UsedChallenges.Where(u => u.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
    }
}
