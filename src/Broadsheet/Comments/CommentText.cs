using System.Globalization;
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
        using var html = new StringWriter(new StringBuilder(text.Length + 32), CultureInfo.InvariantCulture);
        WriteHtml(html, text);
        return html.ToString();
    }

    /// <summary>
    /// Writes the HTML of <paramref name="text"/> to <paramref name="html"/>, as <see cref="ToHtml"/> returns it, without
    /// making it a string first: the article page writes every comment it shows this way, on every render.
    /// </summary>
    public static void WriteHtml(StringWriter html, string text)
    {
        // Comments are stored trimmed, so this is usually the text itself.
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return;
        }

        if (trimmed.AsSpan().IndexOfAny('\r', '\n') < 0 && !MayHoldAddress(trimmed))
        {
            // One line and no address, as most comments are: one paragraph, encoded, without the expressions.
            html.Write("<p>");
            WebUtility.HtmlEncode(trimmed, html);
            html.Write("</p>");
            return;
        }

        var normalized = trimmed.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        foreach (var paragraph in ParagraphBreak().Split(normalized))
        {
            if (paragraph.Length == 0)
            {
                continue;
            }

            html.Write("<p>");
            var lines = paragraph.Trim().Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (i > 0)
                {
                    html.Write("<br>");
                }

                WriteLinked(html, lines[i]);
            }

            html.Write("</p>");
        }
    }

    /// <summary>Whether <see cref="UrlPattern"/> could match: it needs "http", in any case.</summary>
    private static bool MayHoldAddress(string text) => text.Contains("http", StringComparison.OrdinalIgnoreCase);

    private static void WriteLinked(StringWriter html, string line)
    {
        if (!MayHoldAddress(line))
        {
            WebUtility.HtmlEncode(line, html);
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

            WebUtility.HtmlEncode(line[last..match.Index], html);
            var encoded = WebUtility.HtmlEncode(url);
            html.Write("<a href=\"");
            html.Write(encoded);
            html.Write("\" rel=\"nofollow ugc noopener\">");
            html.Write(encoded);
            html.Write("</a>");
            last = match.Index + url.Length;
        }

        WebUtility.HtmlEncode(line[last..], html);
    }
}
