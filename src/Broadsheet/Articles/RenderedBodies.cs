using System.IO.Hashing;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Caching.Memory;

namespace Broadsheet.Articles;

/// <summary>An article body as the public site shows it, and its first paragraph as plain text.</summary>
public sealed class RenderedBody(UInt128 sourceHash, int sourceLength, BodyFormat format, string html)
{
    private string? excerpt;

    public string Html { get; } = html;

    /// <summary>Whether this was rendered from exactly <paramref name="source"/> (by its length and 128-bit hash).</summary>
    internal bool RenderedFrom(UInt128 hash, int length, BodyFormat bodyFormat) =>
        hash == sourceHash && length == sourceLength && bodyFormat == format;

    /// <summary>
    /// The description when the article has no standfirst, from <paramref name="source"/> (the body this was rendered
    /// from); worked out the first time it is asked for.
    /// </summary>
    public string ExcerptOf(string source) => excerpt ??= ArticleBody.Excerpt(source, format);

    internal static UInt128 Hash(string source) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(source.AsSpan()));
}

/// <summary>
/// Rendered article bodies, kept in memory so that Markdown (or an imported body's sanitizing) runs once per version
/// of a body on each node instead of on every uncached page view. An entry is used only while the article's body is
/// exactly the text it was rendered from (the same length and 128-bit hash: the text itself is not kept, which halves
/// the entry), so no save, import, restore or other node can leave a stale one: a changed body simply renders again.
/// Bounded by size; the least recently used go first.
/// </summary>
public sealed class RenderedBodies : IDisposable
{
    /// <summary>
    /// About 2 MB of UTF-16 HTML: a few hundred typical articles, the ones rendered last. With the output cache on, a
    /// body is rendered again only when its page is, so it is the articles being commented on and edited now that gain; a
    /// larger budget was most of the heap's strings at 100,000 articles under a mixed load (README, "Memory"). A body
    /// of more than an eighth of it (128 K characters of HTML, some 20,000 words) is rendered each time, not kept.
    /// </summary>
    internal const long CharacterLimit = 1024 * 1024;

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = CharacterLimit });

    public RenderedBody For(int articleId, string body, BodyFormat format)
    {
        var hash = RenderedBody.Hash(body);
        if (cache.TryGetValue(articleId, out RenderedBody? kept) && kept!.RenderedFrom(hash, body.Length, format))
        {
            return kept;
        }

        var rendered = new RenderedBody(hash, body.Length, format, ArticleBody.Render(body, format));
        long size = rendered.Html.Length;
        if (size <= CharacterLimit / 8)
        {
            cache.Set(articleId, rendered, new MemoryCacheEntryOptions { Size = size });
        }

        return rendered;
    }

    public void Dispose() => cache.Dispose();
}
