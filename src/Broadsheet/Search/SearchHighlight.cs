using System.Text.Encodings.Web;

namespace Broadsheet.Search;

/// <summary>
/// Highlights come back from the database as plain text with two private-use characters around each match. The
/// text is HTML-encoded first and only then are the markers turned into &lt;mark&gt;, so nothing an article or a
/// query holds can become markup. The index and the queries never contain the markers (see <see cref="SearchText.Clean"/>).
/// </summary>
public static class SearchHighlight
{
    public const char Open = '\uE000';
    public const char Close = '\uE001';
    public static readonly string OpenText = Open.ToString();
    public static readonly string CloseText = Close.ToString();

    public static bool IsMarker(char c) => c is Open or Close;

    public static bool HasMatch(string? marked) => marked is not null && marked.Contains(Open, StringComparison.Ordinal);

    /// <summary>Safe HTML: the text encoded, each marked match in &lt;mark&gt;; unpaired markers are dropped.</summary>
    public static string ToHtml(string? marked)
    {
        if (string.IsNullOrEmpty(marked))
        {
            return "";
        }

        var html = new System.Text.StringBuilder(marked.Length + 32);
        var open = false;
        var start = 0;
        for (var i = 0; i <= marked.Length; i++)
        {
            if (i < marked.Length && !IsMarker(marked[i]))
            {
                continue;
            }

            html.Append(HtmlEncoder.Default.Encode(marked[start..i]));
            start = i + 1;
            if (i == marked.Length)
            {
                break;
            }

            if (marked[i] == Open && !open)
            {
                html.Append("<mark>");
                open = true;
            }
            else if (marked[i] == Close && open)
            {
                html.Append("</mark>");
                open = false;
            }
        }

        if (open)
        {
            html.Append("</mark>");
        }

        return html.ToString();
    }
}
