using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.SmartyPants;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Broadsheet.Articles;

/// <summary>Turns an article's Markdown into the HTML the public site shows.</summary>
public static partial class ArticleBody
{
    // Raw HTML is off: Markdown is the only markup a writer has, so nothing needs sanitizing but link targets.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseSmartyPants()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseListExtras()
        .UseFigures()
        .Build();

    [GeneratedRegex(@"(?<=\p{L})'(?=\p{L})")]
    private static partial Regex Apostrophe();

    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var node in document.Descendants())
        {
            switch (node)
            {
                // The headline is the page's only h1; body headings start at h2.
                case HeadingBlock heading when heading.Level < 2:
                    heading.Level = 2;
                    break;
                case LinkInline link when !IsSafeUrl(link.Url):
                    link.Url = "#";
                    break;
                case AutolinkInline autolink when !IsSafeUrl(autolink.Url):
                    autolink.Url = "#";
                    break;
                // SmartyPants leaves an unpaired single quote straight ("it's", "'90s"); a newspaper sets it as an apostrophe.
                case SmartyPant { Type: SmartyPantType.Quote } apostrophe:
                    apostrophe.Type = SmartyPantType.RightQuote;
                    break;
            }
        }

        // An apostrophe inside a word is never a quotation mark; SmartyPants leaves it straight, a newspaper sets it curly.
        return Apostrophe().Replace(document.ToHtml(Pipeline), "\u2019");
    }

    /// <summary>Plain text of the body's first paragraph, for descriptions and feeds when there is no standfirst.</summary>
    public static string Excerpt(string markdown, int maxLength = 280)
    {
        var text = Markdown.ToPlainText(markdown, Pipeline).Trim();
        var firstParagraph = text.Split('\n', 2)[0].Trim();
        return firstParagraph.Length <= maxLength ? firstParagraph : string.Concat(firstParagraph.AsSpan(0, maxLength - 1).TrimEnd(), "…");
    }

    internal static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return true;
        }

        var trimmed = url.Trim();
        if (trimmed.StartsWith('/') || trimmed.StartsWith('#') || trimmed.StartsWith('?'))
        {
            return !trimmed.StartsWith("//", StringComparison.Ordinal) || Uri.TryCreate("https:" + trimmed, UriKind.Absolute, out _);
        }

        return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeMailto);
    }
}
