using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Broadsheet.Import;

/// <summary>
/// Our comments are plain text (encoded when shown, links made from addresses): a WordPress comment's HTML
/// becomes its text, paragraphs and line breaks kept, a link's address kept beside its words.
/// </summary>
public static partial class CommentPlainText
{
    private static readonly HtmlParser Parser = new();

    public static string From(string html)
    {
        var source = WordPressBody.Clean(html).Replace("\r\n", "\n", StringComparison.Ordinal);
        var document = Parser.ParseDocument("<!DOCTYPE html><html><body></body></html>");
        document.Body!.InnerHtml = source;
        var text = new StringBuilder(source.Length);
        Append(document.Body, text);
        var result = BlankLines().Replace(TrailingSpaces().Replace(text.ToString(), "\n"), "\n\n").Trim();
        return result.Length > 20000 ? result[..20000] : result;
    }

    private static void Append(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    text.Append(t.Data);
                    break;
                case IElement { LocalName: "br" }:
                    text.Append('\n');
                    break;
                case IElement { LocalName: "script" or "style" or "template" }:
                    break;
                case IElement { LocalName: "a" } link:
                    Append(link, text);
                    var href = link.GetAttribute("href")?.Trim();
                    if (href is not null && (href.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || href.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                        && !link.TextContent.Contains(href, StringComparison.Ordinal))
                    {
                        text.Append(" (").Append(href).Append(')');
                    }

                    break;
                case IElement { LocalName: "p" or "div" or "blockquote" or "ul" or "ol" or "pre" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "table" } block:
                    text.Append("\n\n");
                    Append(block, text);
                    text.Append("\n\n");
                    break;
                case IElement { LocalName: "li" or "tr" } line:
                    text.Append('\n');
                    Append(line, text);
                    text.Append('\n');
                    break;
                case IElement other:
                    Append(other, text);
                    break;
            }
        }
    }

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"[ \t]+\n")]
    private static partial Regex TrailingSpaces();
}
