using System.Net;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Infrastructure;

/// <summary>
/// Proves that pages are served from the output cache, so that a test of "shows at once on the cached page"
/// cannot pass with caching off: a change written straight into the database, past every eviction, must
/// not be seen.
/// </summary>
public static class PageCacheProof
{
    /// <summary>
    /// Primes each page (a GET), renames <paramref name="witnessArticleId"/> — an article every page shows —
    /// straight in the database without evicting anything, and checks that every page still answers the very
    /// bytes it answered before. Returns the witness's new headline: the pages show it once something evicts them,
    /// which proves they were rendered again.
    /// </summary>
    public static async Task<string> ProveServedFromCacheAsync(this BroadsheetApp app, HttpClient reader, int witnessArticleId, params string[] paths)
    {
        var headline = await app.WithDbAsync((db, _) => db.Articles.Where(a => a.Id == witnessArticleId).Select(a => a.Headline).SingleAsync());
        var primed = new Dictionary<string, string>();
        foreach (var path in paths)
        {
            var body = await reader.GetStringAsync(path);
            Assert.True(Shows(body, headline), $"{path} does not show the witness article \"{headline}\", so it cannot prove the page is cached.");
            primed[path] = body;
        }

        var renamed = $"{headline} renamed past the cache {Guid.NewGuid().ToString("N")[..6]}";
        await app.WithDbAsync((db, _) => db.Articles.Where(a => a.Id == witnessArticleId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Headline, renamed)));

        foreach (var path in paths)
        {
            var body = await reader.GetStringAsync(path);
            Assert.False(Shows(body, renamed), $"{path} shows a change that evicted nothing: it is not served from the output cache.");
            Assert.True(body == primed[path], $"{path} answered other bytes although nothing evicted it: it is not served from the output cache.");
        }

        return renamed;
    }

    /// <summary>Whether a page or feed shows the text (as it is, or encoded as HTML and XML encode it).</summary>
    public static bool Shows(string body, string text) =>
        body.Contains(text, StringComparison.Ordinal) || body.Contains(WebUtility.HtmlEncode(text), StringComparison.Ordinal);
}
