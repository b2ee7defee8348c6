using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Broadsheet.Articles;

namespace Broadsheet.Import;

/// <summary>What converting the bodies changed, for the report.</summary>
public sealed class BodyNotes
{
    public int FramesToLinks { get; set; }
    public int ImagesNotBrought { get; set; }
    public int ImagesToLinks { get; set; }
    public int LinksRewritten { get; set; }
    public int MediaRewritten { get; set; }
}

/// <summary>
/// Turns a WordPress body into our sanitized HTML: block comments out, classic paragraphs made, the
/// <c>[caption]</c>, <c>[gallery]</c>, <c>[embed]</c>, <c>[audio]</c> and <c>[video]</c> shortcodes into our
/// markup, embeds and frames into plain links (no third-party frames on our pages), addresses of the old site
/// into ours, and last the allow-list of <see cref="HtmlBody"/>. Other shortcodes stay as text.
/// </summary>
public static partial class WordPressBody
{
    private static readonly HtmlParser Parser = new();

    public static string Convert(string content, ImportLinks links, BodyNotes notes, int postId = 0)
    {
        var text = Clean(content);
        var isBlocks = text.Contains("<!-- wp:", StringComparison.Ordinal);
        text = BlockComment().Replace(text, "");
        text = Shortcodes(text, links, postId);
        if (!isBlocks)
        {
            text = BareUrl().Replace(text, m => $"<a href=\"{WebUtility.HtmlEncode(m.Groups[1].Value)}\">{WebUtility.HtmlEncode(m.Groups[1].Value)}</a>");
            text = Autop.Apply(text);
        }

        var document = Parser.ParseDocument("<!DOCTYPE html><html><body></body></html>");
        var body = document.Body!;
        body.InnerHtml = text;
        FixElements(document, body, links, notes);
        return HtmlBody.Sanitize(body.InnerHtml).Trim();
    }

    /// <summary>Removes characters no page or database should hold (NUL and other C0 controls but tab and newlines).</summary>
    public static string Clean(string text) => ControlCharacters().Replace(text, "");

    /// <summary>Plain text of a small piece of HTML (titles, excerpts): tags out, entities decoded, whitespace collapsed.</summary>
    public static string PlainText(string html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        var document = Parser.ParseDocument("<!DOCTYPE html><html><body></body></html>");
        document.Body!.InnerHtml = Clean(BlockComment().Replace(html, ""));
        foreach (var element in document.Body.QuerySelectorAll("script, style, template").ToList())
        {
            element.Remove();
        }

        return Whitespace().Replace(document.Body.TextContent, " ").Trim();
    }

    private static string Shortcodes(string text, ImportLinks links, int postId)
    {
        if (!text.Contains('[', StringComparison.Ordinal))
        {
            return text;
        }

        text = Caption().Replace(text, m =>
        {
            var attributes = Attributes(m.Groups[2].Value);
            var inner = m.Groups[3].Value.Trim();
            var media = MediaInCaption().Match(inner);
            var caption = attributes.GetValueOrDefault("caption") ?? (media.Success ? inner[media.Length..].Trim() : "");
            var picture = media.Success ? media.Value.Trim() : inner;
            return $"\n\n<figure>{picture}{(caption.Length > 0 ? $"<figcaption>{caption}</figcaption>" : "")}</figure>\n\n";
        });
        text = Gallery().Replace(text, m =>
        {
            var attributes = Attributes(m.Groups[1].Value);
            var files = attributes.TryGetValue("ids", out var ids) || attributes.TryGetValue("include", out ids)
                ? ids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(id => int.TryParse(id, out var n) ? links.File(n) : null).OfType<ImportedFile>().ToList()
                : links.Files.Where(f => f.ParentId == postId && postId != 0).OrderBy(f => f.WordPressId).ToList();
            var images = files.Select(f => f.MediaUrl is null ? ""
                : $"<img src=\"{WebUtility.HtmlEncode(f.MediaUrl)}\" alt=\"{WebUtility.HtmlEncode(f.Alt ?? "")}\"{Size(f)} loading=\"lazy\">").ToList();
            return images.All(i => i.Length == 0) ? "" : $"\n\n<figure class=\"gallery\">{string.Concat(images)}</figure>\n\n";
        });
        text = Embed().Replace(text, m => LinkParagraph(WebUtility.HtmlDecode(m.Groups[1].Value.Trim()), null));
        text = AudioVideo().Replace(text, m =>
        {
            var attributes = Attributes(m.Groups[2].Value);
            var source = attributes.GetValueOrDefault("src")
                ?? attributes.FirstOrDefault(a => a.Key is "mp3" or "m4a" or "ogg" or "wav" or "wma" or "mp4" or "m4v" or "webm" or "ogv" or "wmv" or "flv").Value;
            return source is null ? "" : LinkParagraph(source, m.Groups[1].Value.Equals("audio", StringComparison.OrdinalIgnoreCase) ? "Audio" : "Video");
        });
        return text;
    }

    private static string LinkParagraph(string url, string? kind)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "";
        }

        var label = kind is null ? url : $"{kind}: {Path.GetFileName(uri.AbsolutePath)}";
        return $"\n\n<p><a href=\"{WebUtility.HtmlEncode(url)}\">{WebUtility.HtmlEncode(label)}</a></p>\n\n";
    }

    private static string Size(ImportedFile file) =>
        file.Width is { } w && file.Height is { } h ? $" width=\"{w}\" height=\"{h}\"" : "";

    private static Dictionary<string, string> Attributes(string text)
    {
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in ShortcodeAttribute().Matches(text))
        {
            var value = m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Success ? m.Groups[3].Value : m.Groups[4].Value;
            attributes.TryAdd(m.Groups[1].Value, WebUtility.HtmlDecode(value));
        }

        return attributes;
    }

    private static void FixElements(IDocument document, IElement body, ImportLinks links, BodyNotes notes)
    {
        // The allow-list would keep a script's or style's text as words on the page.
        foreach (var element in body.QuerySelectorAll("script, style, template, noscript, title, head, meta, link, textarea, select, button").ToList())
        {
            element.Remove();
        }

        // Frames and plug-ins from other hosts become links to what they showed.
        foreach (var frame in body.QuerySelectorAll("iframe, embed, object").ToList())
        {
            var source = frame.GetAttribute("src") ?? frame.GetAttribute("data") ?? "";
            if (Uri.TryCreate(source.StartsWith("//", StringComparison.Ordinal) ? "https:" + source : source, UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                var link = document.CreateElement("a");
                link.SetAttribute("href", uri.AbsoluteUri);
                link.TextContent = frame.GetAttribute("title") is { Length: > 0 } title ? title : $"Embedded content from {uri.Host}";
                var paragraph = document.CreateElement("p");
                paragraph.AppendChild(link);
                frame.Replace(paragraph);
                notes.FramesToLinks++;
            }
            else
            {
                frame.Remove();
            }
        }

        // The headline is the page's only h1, and a reader's outline never skips a level: h1 → h2, h2 → h4 → h2 → h3.
        var previous = 1;
        foreach (var heading in body.QuerySelectorAll("h1, h2, h3, h4, h5, h6").ToList())
        {
            var level = Math.Clamp(heading.LocalName[1] - '0', 2, previous + 1);
            previous = level;
            if (heading.LocalName[1] - '0' != level)
            {
                var replacement = document.CreateElement($"h{level}");
                replacement.InnerHtml = heading.InnerHtml;
                heading.Replace(replacement);
            }
        }

        // A header cell with nothing in it labels nothing.
        foreach (var cell in body.QuerySelectorAll("th").Where(th => th.TextContent.Trim().Length == 0).ToList())
        {
            var td = document.CreateElement("td");
            td.InnerHtml = cell.InnerHtml;
            cell.Replace(td);
        }

        foreach (var image in body.QuerySelectorAll("img").ToList())
        {
            FixImage(document, image, links, notes);
        }

        foreach (var media in body.QuerySelectorAll("audio, video, source, track").ToList())
        {
            if (media.GetAttribute("src") is { } src && (!src.StartsWith('/') || src.StartsWith("//", StringComparison.Ordinal)))
            {
                media.RemoveAttribute("src");
            }

            media.RemoveAttribute("poster");
        }

        foreach (var link in body.QuerySelectorAll("a[href]").ToList())
        {
            var href = link.GetAttribute("href")!.Trim();
            if (links.FileAt(href) is { } file)
            {
                if (file.MediaUrl is not null)
                {
                    link.SetAttribute("href", file.MediaUrl);
                    notes.MediaRewritten++;
                }
                else
                {
                    link.Replace([.. link.ChildNodes]);
                }
            }
            else if (links.IsOldSite(href))
            {
                link.SetAttribute("href", links.NewLink(href));
                notes.LinksRewritten++;
            }

            if (link.Parent is not null && link.TextContent.Trim().Length == 0 && !link.QuerySelectorAll("img[alt]").Any(i => i.GetAttribute("alt")!.Trim().Length > 0))
            {
                // A link with nothing to read has no name for a screen reader; its address is the best we have.
                link.SetAttribute("title", link.GetAttribute("href"));
                if (link.QuerySelector("img") is null)
                {
                    link.TextContent = link.GetAttribute("href") ?? "";
                }
            }
        }
    }

    private static void FixImage(IDocument document, IElement image, ImportLinks links, BodyNotes notes)
    {
        var src = image.GetAttribute("src")?.Trim() ?? "";
        image.RemoveAttribute("srcset");
        image.RemoveAttribute("sizes");
        if (links.FileAt(src) is { } file)
        {
            if (file.MediaUrl is not null)
            {
                image.SetAttribute("src", file.MediaUrl);
                notes.MediaRewritten++;
                if (image.GetAttribute("alt") is null or "" && !string.IsNullOrEmpty(file.Alt))
                {
                    image.SetAttribute("alt", file.Alt);
                }
            }
            else
            {
                DropImage(document, image, notes);
                return;
            }
        }
        else if (links.IsOldSite(src))
        {
            DropImage(document, image, notes);
            return;
        }
        else if (!src.StartsWith('/') || src.StartsWith("//", StringComparison.Ordinal))
        {
            // Pictures stay on our own host: another host's image would tell it who reads what (and the
            // Content-Security-Policy refuses it). It becomes a link to the picture.
            ImageToLink(document, image, src, notes);
            return;
        }

        if (!image.HasAttribute("alt"))
        {
            image.SetAttribute("alt", "");
        }

        image.SetAttribute("loading", "lazy");
    }

    private static void ImageToLink(IDocument document, IElement image, string src, BodyNotes notes)
    {
        var alt = image.GetAttribute("alt")?.Trim();
        if (!Uri.TryCreate(src.StartsWith("//", StringComparison.Ordinal) ? "https:" + src : src, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            DropImage(document, image, notes);
            return;
        }

        notes.ImagesToLinks++;
        var link = document.CreateElement("a");
        link.SetAttribute("href", uri.AbsoluteUri);
        link.TextContent = string.IsNullOrEmpty(alt) ? $"Image from {uri.Host}" : $"Image: {alt}";
        // Inside a link already, the words are enough: links do not nest.
        image.Replace(image.Closest("a") is null ? link : document.CreateTextNode(link.TextContent));
    }

    /// <summary>An image left on the old host is not shown (nothing on our pages points there); its alt text stays as text.</summary>
    private static void DropImage(IDocument document, IElement image, BodyNotes notes)
    {
        notes.ImagesNotBrought++;
        var alt = image.GetAttribute("alt")?.Trim();
        if (string.IsNullOrEmpty(alt))
        {
            image.Remove();
        }
        else
        {
            image.Replace(document.CreateTextNode($"[{alt}]"));
        }
    }

    [GeneratedRegex(@"<!--\s*/?wp:.*?-->", RegexOptions.Singleline)]
    private static partial Regex BlockComment();

    [GeneratedRegex(@"[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]")]
    private static partial Regex ControlCharacters();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(?<!\[)\[(caption|wp_caption)\b([^\]]*)\](.*?)\[/\1\]", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Caption();

    [GeneratedRegex(@"^\s*(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?", RegexOptions.IgnoreCase)]
    private static partial Regex MediaInCaption();

    [GeneratedRegex(@"(?<!\[)\[gallery\b([^\]]*)\]", RegexOptions.IgnoreCase)]
    private static partial Regex Gallery();

    [GeneratedRegex(@"(?<!\[)\[embed\b[^\]]*\](.*?)\[/embed\]", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Embed();

    [GeneratedRegex(@"(?<!\[)\[(audio|video)\b([^\]]*)\](?:(?:(?!\[(?:audio|video)\b).)*?\[/\1\])?", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex AudioVideo();

    [GeneratedRegex(@"(\w+)\s*=\s*(?:""([^""]*)""|'([^']*)'|([^\s'""\]]+))")]
    private static partial Regex ShortcodeAttribute();

    [GeneratedRegex(@"^[ \t]*(https?://[^\s<>""]+)[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex BareUrl();
}
