using System.Text.RegularExpressions;

namespace Broadsheet.Media;

/// <summary>Rewrites the alt text of one library image where Markdown shows it (<c>![alt](/media/…)</c>).</summary>
public static partial class MarkdownImageAlts
{
    /// <summary>
    /// Gives every image whose address contains <paramref name="stem"/> the alt text <paramref name="newAlt"/>, where
    /// its own is still the library's <paramref name="oldAlt"/>; an alt text the writer wrote for this article stays,
    /// and so does an empty one: <c>![](…)</c> marks a decorative image, which screen readers are meant to skip.
    /// Returns the Markdown unchanged (the same instance) when nothing applies.
    /// </summary>
    public static string Replace(string markdown, string stem, string? oldAlt, string newAlt)
    {
        if (!markdown.Contains(stem, StringComparison.Ordinal))
        {
            return markdown;
        }

        var changed = false;
        var result = ImagePattern().Replace(markdown, match =>
        {
            var current = Unescape(match.Groups["alt"].Value);
            if (!match.Groups["url"].Value.Contains(stem, StringComparison.Ordinal) || string.IsNullOrEmpty(oldAlt) || current != oldAlt || current == newAlt)
            {
                return match.Value;
            }

            changed = true;
            return $"![{Escape(newAlt)}]({match.Groups["url"].Value}";
        });
        return changed ? result : markdown;
    }

    /// <summary>Backslashes and brackets would end or bend the alt text; a line break would end the paragraph.</summary>
    private static string Escape(string alt) =>
        EscapePattern().Replace(alt.ReplaceLineEndings(" "), @"\$0");

    private static string Unescape(string alt) => UnescapePattern().Replace(alt, "$1");

    // The alt text may hold escaped characters (\] among them); the address runs to the first space or parenthesis.
    [GeneratedRegex(@"!\[(?<alt>(?:\\.|[^\\\]\r\n])*)\]\((?<url>[ \t]*<?[^)\s>]*)")]
    private static partial Regex ImagePattern();

    [GeneratedRegex(@"[\\\[\]]")]
    private static partial Regex EscapePattern();

    [GeneratedRegex(@"\\([!-/:-@\[-`{-~])")]
    private static partial Regex UnescapePattern();
}
