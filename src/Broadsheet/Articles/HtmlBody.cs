using Ganss.Xss;

namespace Broadsheet.Articles;

/// <summary>
/// The allow-list for HTML bodies (imported from WordPress): text structure, figures, tables, code,
/// links and images. Nothing that runs, styles or frames survives, and links keep only safe schemes.
/// </summary>
public static class HtmlBody
{
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public static string Sanitize(string html) => Sanitizer.Sanitize(html);

    private static HtmlSanitizer CreateSanitizer()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "blockquote", "q", "cite",
                "ul", "ol", "li", "dl", "dt", "dd",
                "strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "abbr", "time",
                "a", "img", "figure", "figcaption", "picture", "source",
                "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col",
                "pre", "code", "kbd", "samp", "var", "span", "div", "audio", "video", "track",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "href", "title", "src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding",
                "cite", "datetime", "colspan", "rowspan", "scope", "headers", "start", "reversed", "type",
                "lang", "dir", "controls", "preload", "kind", "srclang", "label", "class", "id",
            },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src", "cite", "srcset" },
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        };
        var sanitizer = new HtmlSanitizer(options) { KeepChildNodes = true };

        // A link that leaves the site must not hand it the page (window.opener) or vouch for it.
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link && link.GetAttribute("href") is { } href
                && Uri.TryCreate(href, UriKind.Absolute, out Uri? _))
            {
                link.SetAttribute("rel", "nofollow noopener noreferrer");
            }
        };
        return sanitizer;
    }
}
