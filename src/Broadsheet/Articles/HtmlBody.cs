using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Ganss.Xss;

namespace Broadsheet.Articles;

/// <summary>
/// The allow-list for HTML bodies (imported from WordPress): text structure, figures, tables, code,
/// links, images, audio and video. Nothing that runs, styles or frames survives, links keep only safe
/// schemes, and nothing makes the reader's browser fetch from another host. Sanitizing twice gives the
/// same HTML as sanitizing once, so a stored body can be sanitized again when it is shown.
/// </summary>
public static class HtmlBody
{
    /// <summary>Put before every id the body keeps, so that none can clash with the page's own (comments, forms).</summary>
    public const string IdPrefix = "body-";

    /// <summary>
    /// The classes the site's stylesheet gives a meaning to: WordPress's alignments and captions, galleries
    /// and their column counts, and the wrapper that lets a wide table scroll on a phone. Any other class goes.
    /// </summary>
    public static readonly IReadOnlySet<string> Classes = new HashSet<string>(StringComparer.Ordinal)
    {
        "alignleft", "alignright", "aligncenter", "alignnone", "alignwide", "alignfull",
        "wp-caption", "wp-caption-text", "gallery", "gallery-item", "gallery-caption",
        "columns-2", "columns-3", "columns-4", "columns-5", "columns-6",
        "gallery-columns-2", "gallery-columns-3", "gallery-columns-4", "gallery-columns-5", "gallery-columns-6",
        "pullquote", "embed", TableScroll,
    };

    private const string TableScroll = "table-scroll";

    private static readonly HashSet<string> DroppedWithContent = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "template", "noscript", "noembed", "noframes", "iframe", "frame", "frameset", "object", "embed",
        "applet", "svg", "math", "textarea", "select", "title", "head", "xmp", "plaintext", "button",
    };

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public static string Sanitize(string html) => Sanitizer.Sanitize(html);

    /// <summary>
    /// The text of the body's first paragraph with words in it (of the whole body when it has no paragraph),
    /// white space folded: what a description or a feed shows when there is no standfirst.
    /// </summary>
    public static string FirstParagraphText(string html)
    {
        var body = Sanitizer.SanitizeDom(html).Body!;
        var paragraph = body.QuerySelectorAll("p").Select(p => Fold(p.TextContent)).FirstOrDefault(text => text.Length > 0);
        return paragraph ?? Fold(body.TextContent);
    }

    private static string Fold(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static HtmlSanitizer CreateSanitizer()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                // h1 is let in only to become h2 below: the headline is the page's only h1.
                "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "q", "cite",
                "ul", "ol", "li", "dl", "dt", "dd",
                "strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "abbr", "time",
                "a", "img", "figure", "figcaption", "picture", "source",
                "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col",
                "pre", "code", "kbd", "samp", "var", "span", "div", "audio", "video", "track",
            },
            // No style, no event handler, no target, no name; ids are kept but prefixed below.
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                // loading and decoding are set below on every image; allowed so a second pass keeps them where they are.
                "href", "title", "src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding",
                "cite", "datetime", "colspan", "rowspan", "scope", "headers", "start", "reversed", "type",
                "lang", "dir", "controls", "preload", "kind", "srclang", "label", "class", "id",
            },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src", "cite" },
            // Each candidate of a srcset is screened on its own (as one URL only its first would be).
            UriListAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "srcset" },
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
            AllowedClasses = new HashSet<string>(Classes, StringComparer.Ordinal),
        };
        var sanitizer = new HtmlSanitizer(options) { KeepChildNodes = true };
        // What a removed element holds is kept as text (a <span class="x">'s words), except where it is code,
        // style or fallback for something that is gone: a reader would see "alert(1)" or CSS as text.
        sanitizer.RemovingTag += (_, e) =>
        {
            if (DroppedWithContent.Contains(e.Tag.LocalName))
            {
                e.Tag.InnerHtml = "";
            }
        };
        sanitizer.PostProcessDom += (_, e) => Finish(e.Document);
        return sanitizer;
    }

    /// <summary>What an allow-list cannot say: one pass over the cleaned body.</summary>
    private static void Finish(IHtmlDocument document)
    {
        var body = document.Body!;
        foreach (var heading in body.QuerySelectorAll("h1").ToList())
        {
            Rename(document, heading, "h2");
        }

        PrefixIds(body);
        foreach (var link in body.QuerySelectorAll("a[href]"))
        {
            // A link that leaves the site must not hand it the page (window.opener) or vouch for it.
            if (IsOffSite(link.GetAttribute("href")!))
            {
                link.SetAttribute("rel", "nofollow noopener noreferrer");
            }
            else
            {
                link.RemoveAttribute("rel");
            }
        }

        foreach (var media in body.QuerySelectorAll("img, audio, video, source, track").ToList())
        {
            KeepOnSite(document, media);
        }

        foreach (var player in body.QuerySelectorAll("audio, video"))
        {
            // Without controls a player is invisible or cannot be stopped; nothing plays by itself.
            player.SetAttribute("controls", "");
            if (player.GetAttribute("preload") is not ("none" or "metadata"))
            {
                player.SetAttribute("preload", "metadata");
            }
        }

        foreach (var image in body.QuerySelectorAll("img"))
        {
            image.SetAttribute("loading", "lazy");
            image.SetAttribute("decoding", "async");
            if (!image.HasAttribute("alt"))
            {
                image.SetAttribute("alt", "");
            }
        }

        foreach (var table in body.QuerySelectorAll("table").ToList())
        {
            WrapTable(document, table);
        }

        RepairStructure(document, body);
    }

    /// <summary>
    /// Old markup that assistive technology cannot follow, mended so every imported page passes axe: a list item
    /// outside a list gets a list, a definition list holding anything but its terms and definitions (WordPress's
    /// old captions and galleries) becomes plain blocks, and a link with nothing to read shows its address.
    /// Each repair leaves valid markup alone, so a second pass changes nothing.
    /// </summary>
    private static void RepairStructure(IHtmlDocument document, IElement body)
    {
        foreach (var item in body.QuerySelectorAll("li").ToList())
        {
            if (item.ParentElement?.LocalName is not ("ul" or "ol"))
            {
                var list = document.CreateElement("ul");
                item.Parent!.ReplaceChild(list, item);
                list.AppendChild(item);
            }
        }

        foreach (var list in body.QuerySelectorAll("dl").ToList())
        {
            if (list.Children.Any(c => c.LocalName is not ("dt" or "dd" or "div")) || (list.Children.Length > 0 && list.Children[0].LocalName == "dd"))
            {
                foreach (var part in list.Children.Where(c => c.LocalName is "dt" or "dd").ToList())
                {
                    Rename(document, part, "div");
                }

                Rename(document, list, "div");
            }
        }

        foreach (var link in body.QuerySelectorAll("a[href]"))
        {
            var readable = link.TextContent.Trim().Length > 0
                || link.QuerySelectorAll("img[alt]").Any(i => i.GetAttribute("alt")!.Trim().Length > 0)
                || link.GetAttribute("title")?.Trim().Length > 0;
            if (!readable)
            {
                link.AppendChild(document.CreateTextNode(link.GetAttribute("href")!));
            }
        }
    }

    /// <summary>
    /// The reader's browser fetches nothing from another host: an image, a player or a source that would is
    /// turned into a plain link to it (the Content-Security-Policy would refuse it anyway, and the other host
    /// would learn who reads what). A srcset that reaches off the site goes; the src stays.
    /// </summary>
    private static void KeepOnSite(IHtmlDocument document, IElement media)
    {
        if (media.GetAttribute("srcset") is { } srcset && srcset.Split(',').Any(c => IsOffSite(c.Trim().Split(' ', 2)[0])))
        {
            media.RemoveAttribute("srcset");
        }

        if (media.LocalName == "source" && !media.HasAttribute("src") && !media.HasAttribute("srcset"))
        {
            media.Remove();
            return;
        }

        if (media.GetAttribute("src") is not { } src || !IsOffSite(src))
        {
            return;
        }

        if (media.LocalName is "source" or "track")
        {
            media.Remove();
            return;
        }

        var link = document.CreateElement("a");
        link.SetAttribute("href", src);
        link.SetAttribute("rel", "nofollow noopener noreferrer");
        var label = media.GetAttribute("alt") is { Length: > 0 } alt ? alt : media.GetAttribute("title");
        link.TextContent = string.IsNullOrWhiteSpace(label)
            ? media.LocalName switch { "audio" => "Listen", "video" => "Watch the video", _ => "See the image" } + HostOf(src)
            : label.Trim();
        media.Replace(link);
    }

    private static string HostOf(string url) =>
        Uri.TryCreate(url.StartsWith("//", StringComparison.Ordinal) ? "https:" + url : url, UriKind.Absolute, out var uri)
            ? $" on {uri.Host}"
            : "";

    /// <summary>
    /// Ids come from the writer and could repeat the page's own ("comments", "main"): each gets a prefix, and the
    /// in-body links to it (footnotes) follow. An id already prefixed is left, so a second pass changes nothing.
    /// </summary>
    private static void PrefixIds(IElement body)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in body.QuerySelectorAll("[id]"))
        {
            var id = element.Id!.Trim();
            var prefixed = id.StartsWith(IdPrefix, StringComparison.Ordinal) ? id : IdPrefix + id;
            if (id.Length == 0 || !ids.Add(prefixed))
            {
                // Empty or repeated: an id must be unique on the page.
                element.RemoveAttribute("id");
                continue;
            }

            element.Id = prefixed;
        }

        foreach (var link in body.QuerySelectorAll("a[href^='#']"))
        {
            var target = link.GetAttribute("href")![1..];
            if (target.Length > 0 && !ids.Contains(target) && ids.Contains(IdPrefix + target))
            {
                link.SetAttribute("href", "#" + IdPrefix + target);
            }
        }
    }

    /// <summary>A wide table scrolls sideways inside its own box on a phone; the box can take focus, so a keyboard can scroll it.</summary>
    private static void WrapTable(IHtmlDocument document, IElement table)
    {
        var wrapper = table.ParentElement is { LocalName: "div" } parent && parent.ClassList.Contains(TableScroll) && parent.Children.Length == 1
            ? parent
            : null;
        if (wrapper is null)
        {
            wrapper = document.CreateElement("div");
            wrapper.ClassList.Add(TableScroll);
            table.Replace(wrapper);
            wrapper.AppendChild(table);
        }

        var caption = table.QuerySelector("caption")?.TextContent.Trim();
        wrapper.SetAttribute("tabindex", "0");
        wrapper.SetAttribute("role", "group");
        wrapper.SetAttribute("aria-label", string.IsNullOrEmpty(caption) ? "Table" : caption);
    }

    private static void Rename(IHtmlDocument document, IElement element, string name)
    {
        var renamed = document.CreateElement(name);
        foreach (var attribute in element.Attributes)
        {
            renamed.SetAttribute(attribute.Name, attribute.Value);
        }

        while (element.FirstChild is { } child)
        {
            renamed.AppendChild(child);
        }

        element.Replace(renamed);
    }

    /// <summary>An address on another host: absolute with a host, or protocol-relative ("//host/…").</summary>
    internal static bool IsOffSite(string url)
    {
        var trimmed = url.Trim();
        if (trimmed.StartsWith("//", StringComparison.Ordinal) || trimmed.StartsWith(@"\\", StringComparison.Ordinal) || trimmed.StartsWith(@"/\", StringComparison.Ordinal))
        {
            return true;
        }

        return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && uri.Scheme != "file" && !trimmed.StartsWith('/');
    }
}
