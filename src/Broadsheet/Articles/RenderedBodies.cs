using Microsoft.Extensions.Caching.Memory;

namespace Broadsheet.Articles;

/// <summary>An article body as the public site shows it, and its first paragraph as plain text.</summary>
public sealed class RenderedBody(string source, BodyFormat format, string html)
{
    private string? excerpt;

    /// <summary>The text it was rendered from: a body that differs in any way is rendered afresh.</summary>
    internal string Source { get; } = source;

    internal BodyFormat Format { get; } = format;

    public string Html { get; } = html;

    /// <summary>The description when the article has no standfirst; worked out the first time it is asked for.</summary>
    public string Excerpt => excerpt ??= ArticleBody.Excerpt(Source, Format);
}

/// <summary>
/// Rendered article bodies, kept in memory so that Markdown (or an imported body's sanitizing) runs once per version
/// of a body on each node instead of on every uncached page view. An entry is used only while the article's body is
/// exactly the text it was rendered from, so no save, import, restore or other node can leave a stale one: a changed
/// body simply renders again. Bounded by size; the least recently used go first.
/// </summary>
public sealed class RenderedBodies : IDisposable
{
    /// <summary>About 16 MB of UTF-16 text: the source and the HTML of a few thousand typical articles.</summary>
    internal const long CharacterLimit = 8 * 1024 * 1024;

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = CharacterLimit });

    public RenderedBody For(int articleId, string body, BodyFormat format)
    {
        if (cache.TryGetValue(articleId, out RenderedBody? kept) && kept!.Format == format && string.Equals(kept.Source, body, StringComparison.Ordinal))
        {
            return kept;
        }

        var rendered = new RenderedBody(body, format, ArticleBody.Render(body, format));
        var size = (long)body.Length + rendered.Html.Length;
        if (size <= CharacterLimit / 16)
        {
            cache.Set(articleId, rendered, new MemoryCacheEntryOptions { Size = size });
        }

        return rendered;
    }

    public void Dispose() => cache.Dispose();
}
