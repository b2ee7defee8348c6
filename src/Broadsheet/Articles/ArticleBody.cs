using Markdig;
using Markdig.Extensions.SmartyPants;
using Markdig.Helpers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Broadsheet.Articles;

/// <summary>Turns an article's Markdown into the HTML the public site shows.</summary>
public static class ArticleBody
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

    /// <summary>The body as the public site shows it, whichever format it is written in.</summary>
    public static string Render(string body, BodyFormat format) =>
        format == BodyFormat.Html ? HtmlBody.Sanitize(body) : ToHtml(body);

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

        CurlApostrophes(document);
        return document.ToHtml(Pipeline);
    }

    /// <summary>
    /// An apostrophe between two letters ("it's") is never a quotation mark; SmartyPants leaves it
    /// straight, a newspaper sets it curly. Only text is touched: code spans and link targets are other inlines.
    /// </summary>
    private static void CurlApostrophes(MarkdownDocument document)
    {
        foreach (var literal in document.Descendants<LiteralInline>())
        {
            var content = literal.Content;
            if (content.IndexOf('\'') < 0)
            {
                continue;
            }

            var chars = content.ToString().ToCharArray();
            var changed = false;
            for (var i = 0; i < chars.Length; i++)
            {
                if (chars[i] != '\'')
                {
                    continue;
                }

                var before = i > 0 ? chars[i - 1] : Edge(literal.PreviousSibling, last: true);
                var after = i + 1 < chars.Length ? chars[i + 1] : Edge(literal.NextSibling, last: false);
                if (char.IsLetter(before) && char.IsLetter(after))
                {
                    chars[i] = '\u2019';
                    changed = true;
                }
            }

            if (changed)
            {
                literal.Content = new StringSlice(new string(chars));
            }
        }
    }

    private static char Edge(Inline? inline, bool last) =>
        inline is LiteralInline { Content.IsEmpty: false } neighbour
            ? neighbour.Content.Text[last ? neighbour.Content.End : neighbour.Content.Start]
            : ' ';

    /// <summary>Plain text of a Markdown body's first paragraph, for descriptions and feeds when there is no standfirst.</summary>
    public static string Excerpt(string markdown, int maxLength = 280) => Excerpt(markdown, BodyFormat.Markdown, maxLength);

    /// <summary>Plain text of the body's first paragraph, whichever format it is written in.</summary>
    public static string Excerpt(string body, BodyFormat format, int maxLength = 280)
    {
        var firstParagraph = format == BodyFormat.Html
            ? HtmlBody.FirstParagraphText(body)
            : Markdown.ToPlainText(body, Pipeline).Trim().Split('\n', 2)[0].Trim();
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
