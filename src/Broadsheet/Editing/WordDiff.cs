using System.Text;
using System.Net;
using System.Text.RegularExpressions;
using DiffPlex;

namespace Broadsheet.Editing;

/// <summary>A readable word-level comparison of two texts, as HTML with &lt;del&gt; and &lt;ins&gt;.</summary>
public static partial class WordDiff
{
    public static string ToHtml(string? oldText, string? newText)
    {
        // Words are compared without the white space that follows them, so "news" at the end of one
        // text matches "news " in the middle of the other; unchanged words are shown as they are now.
        var result = Differ.Instance.CreateDiffs(oldText ?? "", newText ?? "", ignoreWhiteSpace: true, ignoreCase: false, WordChunker.Instance);
        var html = new StringBuilder();
        var newIndex = 0;
        foreach (var block in result.DiffBlocks)
        {
            for (; newIndex < block.InsertStartB; newIndex++)
            {
                html.Append(WebUtility.HtmlEncode(result.PiecesNew[newIndex]));
            }

            Wrap(html, "del", result.PiecesOld, block.DeleteStartA, block.DeleteCountA);
            Wrap(html, "ins", result.PiecesNew, block.InsertStartB, block.InsertCountB);
            newIndex = block.InsertStartB + block.InsertCountB;
        }

        for (; newIndex < result.PiecesNew.Count; newIndex++)
        {
            html.Append(WebUtility.HtmlEncode(result.PiecesNew[newIndex]));
        }

        return html.ToString();
    }

    private static void Wrap(StringBuilder html, string element, IReadOnlyList<string> pieces, int start, int count)
    {
        if (count == 0)
        {
            return;
        }

        html.Append('<').Append(element).Append('>');
        for (var i = start; i < start + count; i++)
        {
            html.Append(WebUtility.HtmlEncode(pieces[i]));
        }

        html.Append("</").Append(element).Append('>');
    }

    /// <summary>Words and single punctuation marks, each with the white space after it: joined again they give the text back.</summary>
    private sealed partial class WordChunker : IChunker
    {
        public static readonly WordChunker Instance = new();

        public IReadOnlyList<string> Chunk(string text) => Tokens().Matches(text).Select(m => m.Value).ToArray();

        [GeneratedRegex(@"^\s+|\w+\s*|[^\w\s]\s*")]
        private static partial Regex Tokens();
    }
}
