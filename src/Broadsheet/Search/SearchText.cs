using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Broadsheet.Articles;

namespace Broadsheet.Search;

/// <summary>The words of an article as the index stores them: plain text, no markup, nothing that could pose as a highlight marker.</summary>
public static partial class SearchText
{
    /// <summary>
    /// The index never holds more of a body than this: PostgreSQL's tsvector has a size limit, and a reader is
    /// served by the beginning of a very long text as well as by its end.
    /// </summary>
    public const int MaxBodyLength = 100_000;

    /// <summary>Plain text of a body in either format (rendered first, so Markdown syntax and HTML tags never become words).</summary>
    public static string FromBody(string body, BodyFormat format)
    {
        var html = ArticleBody.Render(body, format);
        var text = WebUtility.HtmlDecode(Tag().Replace(html, " "));
        return Clean(text, MaxBodyLength);
    }

    /// <summary>
    /// Removes what must never reach the index or a query: control characters (PostgreSQL refuses NUL), unpaired
    /// surrogates (no valid UTF-8), and the private-use characters <see cref="SearchHighlight"/> uses as markers.
    /// Runs of white space become one space.
    /// </summary>
    public static string Clean(string? text, int maxLength = int.MaxValue)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength));
        var space = false;
        for (var i = 0; i < text.Length && builder.Length < maxLength; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    if (builder.Length + 2 > maxLength)
                    {
                        break;
                    }

                    builder.Append(c).Append(text[++i]);
                    space = false;
                }

                continue;
            }

            if (char.IsLowSurrogate(c) || SearchHighlight.IsMarker(c))
            {
                continue;
            }

            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();
}
