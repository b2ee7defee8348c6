using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Broadsheet.Comments;

/// <summary>Comments are plain text: paragraphs and line breaks are kept, URLs become links, everything else is encoded.</summary>
public static partial class CommentText
{
    [GeneratedRegex(@"https?://[^\s<>""']+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex ParagraphBreak();

    public static string ToHtml(string text)
    {
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();
        if (!normalized.Contains('\n', StringComparison.Ordinal) && !MayHoldAddress(normalized))
        {
            // One line and no address, as most comments are: one paragraph, encoded, without the expressions. The
            // article page formats every comment it shows on every render.
            return normalized.Length == 0 ? "" : string.Concat("<p>", WebUtility.HtmlEncode(normalized), "</p>");
        }

        var html = new StringBuilder(normalized.Length + 32);
        foreach (var paragraph in ParagraphBreak().Split(normalized))
        {
            if (paragraph.Length == 0)
            {
                continue;
            }

            html.Append("<p>");
            var lines = paragraph.Trim().Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (i > 0)
                {
                    html.Append("<br>");
                }

                AppendLinked(html, lines[i]);
            }

            html.Append("</p>");
        }

        return html.ToString();
    }

    /// <summary>Whether <see cref="UrlPattern"/> could match: it needs "http", in any case.</summary>
    private static bool MayHoldAddress(string text) => text.Contains("http", StringComparison.OrdinalIgnoreCase);

    private static void AppendLinked(StringBuilder html, string line)
    {
        if (!MayHoldAddress(line))
        {
            html.Append(WebUtility.HtmlEncode(line));
            return;
        }

        var last = 0;
        foreach (Match match in UrlPattern().Matches(line))
        {
            var url = match.Value.TrimEnd('.', ',', ';', ':', '!', '?', ')');
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0 || !uri.Host.Contains('.', StringComparison.Ordinal))
            {
                // Looks like an address but is not one ("http://;URL=…"): left as text.
                continue;
            }

            html.Append(WebUtility.HtmlEncode(line[last..match.Index]));
            var encoded = WebUtility.HtmlEncode(url);
            html.Append("<a href=\"").Append(encoded).Append("\" rel=\"nofollow ugc noopener\">").Append(encoded).Append("</a>");
            last = match.Index + url.Length;
        }

        html.Append(WebUtility.HtmlEncode(line[last..]));
    }
}
