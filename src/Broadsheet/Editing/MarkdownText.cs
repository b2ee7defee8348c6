using System.Text;
using System.Text.RegularExpressions;

namespace Broadsheet.Editing;

/// <summary>
/// Writing text into Markdown so that it reads back as the same text: the characters our pipeline would
/// take for markup are escaped, and no more (a writer edits the result, so "2 + 2 = 4" stays as it is).
/// </summary>
internal static partial class MarkdownText
{
    /// <summary>Escapes what would start markup anywhere in a line: emphasis, code, links, tables, the emphasis extras.</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var doubled = (i > 0 && text[i - 1] == c) || (i + 1 < text.Length && text[i + 1] == c);
            var markup = c switch
            {
                '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '~' or '^' => true,
                // ++inserted++ and ==marked== need two.
                '+' or '=' => doubled,
                // An entity ("&copy;") would be decoded; a lone ampersand is only text.
                '&' => EntityStart().IsMatch(text.AsSpan(i)),
                _ => false,
            };
            if (markup)
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    /// <summary>Escapes what would start a block at the start of a line: a heading, a quote, a list item, a rule.</summary>
    public static string EscapeLineStarts(string text) =>
        string.Join('\n', text.Split('\n').Select(line => LineStart().Replace(line, "$1\\$2", 1)));

    /// <summary>HTML folds runs of white space into one space; so does this.</summary>
    public static string Fold(string text) => Spaces().Replace(text, " ");

    /// <summary>A code span whose fence is longer than any run of backticks inside it.</summary>
    public static string CodeSpan(string code)
    {
        var fence = new string('`', LongestRun(code, '`') + 1);
        var pad = code.StartsWith('`') || code.EndsWith('`') ? " " : "";
        return fence + pad + code + pad + fence;
    }

    /// <summary>A fence for a code block that no line of the code can close.</summary>
    public static string CodeFence(string code) => new('`', Math.Max(3, LongestRun(code, '`') + 1));

    /// <summary>A link or image destination: spaces and brackets percent-encoded so it stays one token.</summary>
    public static string Destination(string url) => url.Trim()
        .Replace(" ", "%20", StringComparison.Ordinal).Replace("(", "%28", StringComparison.Ordinal)
        .Replace(")", "%29", StringComparison.Ordinal).Replace("<", "%3C", StringComparison.Ordinal)
        .Replace(">", "%3E", StringComparison.Ordinal);

    public static string Title(string? title) =>
        string.IsNullOrWhiteSpace(title) ? "" : " \"" + Fold(title.Trim()).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static int LongestRun(string text, char c)
    {
        int longest = 0, run = 0;
        foreach (var ch in text)
        {
            run = ch == c ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }

    [GeneratedRegex(@"\G&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")]
    private static partial Regex EntityStart();

    [GeneratedRegex(@"^(\s*\d*)([#>+\-=]|(?<=\d)[.)])")]
    private static partial Regex LineStart();

    [GeneratedRegex(@"[ \t\r\n\f]+")]
    private static partial Regex Spaces();
}
