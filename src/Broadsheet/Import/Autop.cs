using System.Text;
using System.Text.RegularExpressions;

namespace Broadsheet.Import;

/// <summary>
/// WordPress's classic-editor paragraphing (its <c>wpautop</c>), rewritten: a blank line separates paragraphs and a
/// single newline is a line break, block elements are never wrapped in a paragraph, and <c>pre</c> is left as it is.
/// </summary>
public static partial class Autop
{
    private const string Blocks = "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary|audio|video|iframe|object|embed|script|noscript";

    public static string Apply(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') + "\n";

        // Preformatted text keeps its newlines: it is set aside and put back at the end.
        var kept = new List<string>();
        text = Preformatted().Replace(text, m =>
        {
            kept.Add(m.Value);
            return $"\n\n<pre data-kept=\"{kept.Count - 1}\"></pre>\n\n";
        });

        // A newline inside a tag (between attributes) is not a line break.
        text = Tag().Replace(text, m => m.Value.Replace('\n', ' '));
        text = BrPair().Replace(text, "<br />\n");
        text = BlockOpen().Replace(text, "\n\n$1");
        text = BlockClose().Replace(text, "$1\n\n");
        text = BlankLines().Replace(text, "\n\n");

        var output = new StringBuilder(text.Length + 64);
        foreach (var chunk in text.Split("\n\n"))
        {
            var trimmed = chunk.Trim('\n');
            if (trimmed.Trim().Length == 0)
            {
                continue;
            }

            output.Append("<p>").Append(trimmed).Append("</p>\n");
        }

        var html = output.ToString();
        html = EmptyParagraph().Replace(html, "");
        html = ParagraphAroundBlockOpen().Replace(html, "$1");
        html = ParagraphAroundBlockClose().Replace(html, "$1");
        html = SingleNewline().Replace(html, "<br />\n");
        html = BreakAfterBlock().Replace(html, "$1");
        html = BreakBeforeBlock().Replace(html, "$1");
        html = html.Replace("<p></p>", "", StringComparison.Ordinal);

        return KeptBlock().Replace(html, m => kept[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]).Trim();
    }

    [GeneratedRegex(@"<pre[\s>].*?</pre>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Preformatted();

    [GeneratedRegex(@"<[^<>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"<br\s*/?>\s*<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex BrPair();

    [GeneratedRegex("(<(?:" + Blocks + @")[\s/>])", RegexOptions.IgnoreCase)]
    private static partial Regex BlockOpen();

    [GeneratedRegex("(</(?:" + Blocks + ")>)", RegexOptions.IgnoreCase)]
    private static partial Regex BlockClose();

    [GeneratedRegex(@"\n\s*\n+")]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"<p>\s*</p>")]
    private static partial Regex EmptyParagraph();

    [GeneratedRegex(@"<p>\s*(</?(?:" + Blocks + @")[^>]*>)", RegexOptions.IgnoreCase)]
    private static partial Regex ParagraphAroundBlockOpen();

    [GeneratedRegex(@"(</?(?:" + Blocks + @")[^>]*>)\s*</p>", RegexOptions.IgnoreCase)]
    private static partial Regex ParagraphAroundBlockClose();

    [GeneratedRegex(@"(?<!<br />)(?<!\n)\n(?!\n)(?!$)")]
    private static partial Regex SingleNewline();

    [GeneratedRegex(@"(</?(?:" + Blocks + @")[^>]*>)\s*<br />", RegexOptions.IgnoreCase)]
    private static partial Regex BreakAfterBlock();

    [GeneratedRegex(@"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol|tr|table|tbody|thead|figure|figcaption|blockquote|h[1-6])[^>]*>)", RegexOptions.IgnoreCase)]
    private static partial Regex BreakBeforeBlock();

    [GeneratedRegex(@"<pre data-kept=""(\d+)""></pre>")]
    private static partial Regex KeptBlock();
}
