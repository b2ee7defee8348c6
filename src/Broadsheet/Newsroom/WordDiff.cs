using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using DiffPlex;

namespace Broadsheet.Newsroom;

/// <summary>A readable word-level comparison of two texts, as HTML with &lt;del&gt; and &lt;ins&gt;.</summary>
public static partial class WordDiff
{
    public static string ToHtml(string? oldText, string? newText)
    {
        var result = Differ.Instance.CreateDiffs(oldText ?? "", newText ?? "", ignoreWhiteSpace: false, ignoreCase: false, WordChunker.Instance);
        var html = new StringBuilder();
        var oldIndex = 0;
        foreach (var block in result.DiffBlocks)
        {
            for (; oldIndex < block.DeleteStartA; oldIndex++)
            {
                html.Append(HtmlEncoder.Default.Encode(result.PiecesOld[oldIndex]));
            }

            Wrap(html, "del", result.PiecesOld, block.DeleteStartA, block.DeleteCountA);
            Wrap(html, "ins", result.PiecesNew, block.InsertStartB, block.InsertCountB);
            oldIndex = block.DeleteStartA + block.DeleteCountA;
        }

        for (; oldIndex < result.PiecesOld.Count; oldIndex++)
        {
            html.Append(HtmlEncoder.Default.Encode(result.PiecesOld[oldIndex]));
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
            html.Append(HtmlEncoder.Default.Encode(pieces[i]));
        }

        html.Append("</").Append(element).Append('>');
    }

    /// <summary>Words, runs of white space and single punctuation marks: joined again they give the text back.</summary>
    private sealed partial class WordChunker : IChunker
    {
        public static readonly WordChunker Instance = new();

        public IReadOnlyList<string> Chunk(string text) => Tokens().Matches(text).Select(m => m.Value).ToArray();

        [GeneratedRegex(@"\w+|\s+|[^\w\s]")]
        private static partial Regex Tokens();
    }
}
