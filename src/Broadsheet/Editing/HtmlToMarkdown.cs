using System.Globalization;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Broadsheet.Articles;

namespace Broadsheet.Editing;

/// <summary>
/// Turns an HTML body (an imported article's) into Markdown that our pipeline renders to the same text and
/// structure: paragraphs, headings, emphasis, links, images, nested lists, quotes, code, pipe tables and
/// figures with captions. An element it does not know keeps its text. The HTML is sanitized first, so only
/// what readers could see is converted.
/// </summary>
public static class HtmlToMarkdown
{
    private static readonly HashSet<string> BlockElements = new(StringComparer.Ordinal)
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "dl", "dt", "dd", "pre", "hr", "table",
        "figure", "figcaption", "div", "section", "article", "aside", "header", "footer", "nav", "main", "address",
        "details", "summary", "audio", "video", "li",
    };

    public static string Convert(string html)
    {
        var body = new HtmlParser().ParseDocument("<!DOCTYPE html><html><body>" + HtmlBody.Sanitize(html)).Body!;
        var markdown = string.Join("\n\n", Blocks(body.ChildNodes));
        return markdown.Length == 0 ? "" : markdown + "\n";
    }

    /// <summary>The blocks of a container: block elements in order, and each run of inline content between them as a paragraph.</summary>
    private static List<string> Blocks(IEnumerable<INode> nodes)
    {
        var blocks = new List<string>();
        var run = new List<INode>();
        var listMarkers = 0;
        void EndRun()
        {
            var paragraph = Paragraph(run);
            if (paragraph.Length > 0)
            {
                blocks.Add(paragraph);
            }

            run.Clear();
        }

        foreach (var node in nodes)
        {
            if (node is IElement element && BlockElements.Contains(element.LocalName))
            {
                EndRun();
                // Two lists in a row would merge into one: the second takes the other marker.
                var block = element.LocalName is "ul" or "ol" ? List(element, listMarkers++ % 2 == 1) : Block(element);
                if (element.LocalName is not ("ul" or "ol"))
                {
                    listMarkers = 0;
                }

                if (block.Length > 0)
                {
                    blocks.Add(block);
                }
            }
            else
            {
                run.Add(node);
            }
        }

        EndRun();
        return blocks;
    }

    private static string Block(IElement element) => element.LocalName switch
    {
        "p" or "dd" or "summary" or "address" => Paragraph(element.ChildNodes),
        "dt" => Paragraph(element.ChildNodes) is { Length: > 0 } term ? "**" + term + "**" : "",
        "h1" or "h2" or "h3" or "h4" or "h5" or "h6" => Heading(element),
        "blockquote" => Prefix(string.Join("\n\n", Blocks(element.ChildNodes)), "> ", ">"),
        "pre" => CodeBlock(element),
        "hr" => "---",
        "table" => MarkdownTables.Table(element, Inline),
        "figure" => Figure(element),
        "audio" or "video" => Player(element),
        // A caption outside a figure, a stray item, a container: what it holds.
        _ => string.Join("\n\n", Blocks(element.ChildNodes)),
    };

    private static string Paragraph(IEnumerable<INode> nodes)
    {
        var text = new StringBuilder();
        foreach (var node in nodes)
        {
            text.Append(Inline(node));
        }

        var lines = text.ToString().Split('\n').Select(line => line.Trim()).ToList();
        // A hard break ends a line, never a paragraph (there it would be a stray backslash).
        while (lines.Count > 0 && (lines[^1].Length == 0 || lines[^1] == "\\"))
        {
            lines.RemoveAt(lines.Count - 1);
        }

        if (lines.Count > 0 && lines[^1].EndsWith('\\') && !lines[^1].EndsWith("\\\\", StringComparison.Ordinal))
        {
            lines[^1] = lines[^1][..^1].TrimEnd();
        }

        return MarkdownText.EscapeLineStarts(string.Join('\n', lines.SkipWhile(l => l.Length == 0 || l == "\\")));
    }

    private static string Heading(IElement heading)
    {
        // The headline is the page's only h1: body headings start at h2.
        var level = Math.Max(2, heading.LocalName[1] - '0');
        var text = string.Join(' ', Paragraph(heading.ChildNodes).Split('\n').Select(l => l.TrimEnd('\\').Trim())).Trim();
        if (text.EndsWith('#'))
        {
            text = text[..^1] + "\\#";
        }

        return text.Length == 0 ? "" : new string('#', level) + " " + text;
    }

    private static string CodeBlock(IElement pre)
    {
        var code = pre.TextContent.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');
        if (code.StartsWith('\n'))
        {
            code = code[1..];
        }

        var fence = MarkdownText.CodeFence(code);
        return fence + "\n" + code + "\n" + fence;
    }

    /// <summary>
    /// Markdig's figure: <c>^^^</c>, the content, <c>^^^ caption</c>. A gallery (figures in a figure) becomes its
    /// figures one after another, with its own caption as a paragraph after them.
    /// </summary>
    private static string Figure(IElement figure)
    {
        var caption = figure.Children.FirstOrDefault(c => c.LocalName == "figcaption");
        var content = figure.ChildNodes.Where(n => n != caption).ToList();
        var captionText = caption is null ? "" : string.Join(' ', Paragraph(caption.ChildNodes).Split('\n').Select(l => l.TrimEnd('\\').Trim())).Trim();
        var blocks = Blocks(content);
        if (content.OfType<IElement>().Any(e => e.LocalName == "figure" || e.QuerySelector("figure") is not null))
        {
            return string.Join("\n\n", captionText.Length > 0 ? blocks.Append(captionText) : blocks);
        }

        if (blocks.Count == 0)
        {
            return captionText;
        }

        return "^^^\n" + string.Join("\n\n", blocks) + "\n^^^" + (captionText.Length > 0 ? " " + captionText : "");
    }

    /// <summary>Markdown has no player: a link to the file, named by its title or what it is.</summary>
    private static string Player(IElement player)
    {
        var src = player.GetAttribute("src") ?? player.QuerySelector("source[src]")?.GetAttribute("src");
        var fallback = Paragraph(player.ChildNodes.Where(n => n is not IElement { LocalName: "source" or "track" }));
        if (src is null)
        {
            return fallback;
        }

        var label = player.GetAttribute("title") is { Length: > 0 } title ? title : player.LocalName == "audio" ? "Listen" : "Watch the video";
        return "[" + MarkdownText.Escape(MarkdownText.Fold(label)) + "](" + MarkdownText.Destination(src) + ")";
    }

    private static string List(IElement list, bool otherMarker)
    {
        var ordered = list.LocalName == "ol";
        var number = ordered && int.TryParse(list.GetAttribute("start"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var start) ? start : 1;
        var items = list.Children.Where(c => c.LocalName == "li").ToList();
        // A list whose items hold paragraphs or other blocks is loose (blank lines between); otherwise tight.
        var loose = items.Any(li => li.Children.Any(c => BlockElements.Contains(c.LocalName) && c.LocalName is not ("ul" or "ol")));
        var lines = new List<string>();
        foreach (var item in items)
        {
            var marker = ordered
                ? number++.ToString(CultureInfo.InvariantCulture) + (otherMarker ? ") " : ". ")
                : otherMarker ? "* " : "- ";
            var content = string.Join(loose ? "\n\n" : "\n", Blocks(item.ChildNodes));
            lines.Add(marker + Indent(content.Length == 0 ? "" : content, marker.Length));
        }

        return string.Join(loose ? "\n\n" : "\n", lines);
    }

    private static string Indent(string text, int width)
    {
        var pad = new string(' ', width);
        return string.Join('\n', text.Split('\n').Select((line, i) => i == 0 || line.Length == 0 ? line : pad + line));
    }

    private static string Prefix(string text, string prefix, string blankPrefix) =>
        string.Join('\n', text.Split('\n').Select(line => line.Length == 0 ? blankPrefix : prefix + line));

    /// <summary>Inline content as Markdown; a line break is a backslash at the end of the line.</summary>
    internal static string Inline(INode node)
    {
        if (node is IText text)
        {
            return MarkdownText.Escape(MarkdownText.Fold(text.Data));
        }

        if (node is not IElement element)
        {
            return "";
        }

        return element.LocalName switch
        {
            "br" => "\\\n",
            "strong" or "b" => Wrap(element, "**"),
            "em" or "i" or "cite" => Wrap(element, "*"),
            "del" or "s" => Wrap(element, "~~"),
            "ins" or "u" => Wrap(element, "++"),
            "mark" => Wrap(element, "=="),
            "sup" => Wrap(element, "^"),
            "sub" => Wrap(element, "~"),
            "code" or "kbd" or "samp" => element.TextContent.Length == 0 ? "" : MarkdownText.CodeSpan(MarkdownText.Fold(element.TextContent)),
            "a" => Link(element),
            "img" => Image(element),
            // Anything else (span, abbr, time, q, small, picture…) keeps its content.
            _ => string.Concat(element.ChildNodes.Select(Inline)),
        };
    }

    /// <summary>Emphasis hugs its text: spaces inside the tags move outside the markers, which would not close otherwise.</summary>
    private static string Wrap(IElement element, string marker)
    {
        var inner = string.Concat(element.ChildNodes.Select(Inline));
        var trimmed = inner.Trim();
        if (trimmed.Length == 0)
        {
            return inner;
        }

        var before = inner.Length > 0 && char.IsWhiteSpace(inner[0]) ? " " : "";
        var after = char.IsWhiteSpace(inner[^1]) ? " " : "";
        return before + marker + trimmed + marker + after;
    }

    private static string Link(IElement link)
    {
        var content = string.Concat(link.ChildNodes.Select(Inline)).Trim();
        if (link.GetAttribute("href") is not { Length: > 0 } href)
        {
            return content;
        }

        if (content.Length == 0)
        {
            content = MarkdownText.Escape(href);
        }

        return "[" + content.Replace("\n", " ", StringComparison.Ordinal) + "](" + MarkdownText.Destination(href) + MarkdownText.Title(link.GetAttribute("title")) + ")";
    }

    private static string Image(IElement image)
    {
        if (image.GetAttribute("src") is not { Length: > 0 } src)
        {
            return "";
        }

        var alt = MarkdownText.Escape(MarkdownText.Fold(image.GetAttribute("alt") ?? "").Trim());
        return "![" + alt + "](" + MarkdownText.Destination(src) + MarkdownText.Title(image.GetAttribute("title")) + ")";
    }
}
