using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Broadsheet.Import;

/// <summary>The file is not a WordPress export we can read; the message says where and why.</summary>
public sealed class WxrFormatException(string message) : Exception(message);

/// <summary>
/// Reads a WordPress export (WXR 1.0 to 1.2) as a stream: one author, term or item at a time, so a file of
/// hundreds of megabytes never sits in memory. Elements are matched by namespace URI, never by prefix: the
/// theme unit test data spells the namespace with https, and a prefix may be rebound to something else.
/// </summary>
public static partial class WxrReader
{
    private const string ContentNamespace = "http://purl.org/rss/1.0/modules/content/";
    private const string DcNamespace = "http://purl.org/dc/elements/1.1/";

    /// <summary>The namespaces of WXR 1.0, 1.1 and 1.2, over http or https.</summary>
    public static bool IsWordPress(XNamespace ns) => WordPressNamespace().IsMatch(ns.NamespaceName);

    public static bool IsExcerpt(XNamespace ns) => ExcerptNamespace().IsMatch(ns.NamespaceName);

    /// <summary>
    /// Yields <see cref="WxrAuthor"/>, <see cref="WxrTerm"/> and <see cref="WxrItem"/> in file order, then the
    /// <see cref="WxrChannel"/>. Throws <see cref="WxrFormatException"/> with the line and column of broken XML.
    /// </summary>
    public static IEnumerable<object> Read(string path)
    {
        var settings = new XmlReaderSettings
        {
            // No DTD is ever read or expanded (entity bombs), and no outside resource is fetched.
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            // Real exports carry stray control characters; they are removed from the text later.
            CheckCharacters = false,
        };
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = XmlReader.Create(stream, settings);
        var channel = new WxrChannel();
        var enumerator = ReadEntries(reader, channel).GetEnumerator();
        while (true)
        {
            object current;
            try
            {
                if (!enumerator.MoveNext())
                {
                    break;
                }

                current = enumerator.Current;
            }
            catch (XmlException e)
            {
                throw new WxrFormatException(
                    $"{Path.GetFileName(path)} is not well-formed XML: line {e.LineNumber}, column {e.LinePosition}: {Reason(e)}");
            }

            yield return current;
        }

        yield return channel;
    }

    private static string Reason(XmlException e)
    {
        // XmlException's message repeats the position in English prose; keep only the reason.
        var message = e.Message;
        var at = message.IndexOf(" Line ", StringComparison.Ordinal);
        return (at > 0 ? message[..at] : message).TrimEnd('.', ' ') + ".";
    }

    private static IEnumerable<object> ReadEntries(XmlReader reader, WxrChannel channel)
    {
        if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "rss")
        {
            throw new WxrFormatException("This is not a WordPress export: its root element is not <rss>.");
        }

        var sawChannel = false;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.Depth != 1 || reader.LocalName != "channel")
            {
                continue;
            }

            sawChannel = true;
            if (reader.IsEmptyElement)
            {
                continue;
            }

            reader.Read();
            while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == 1) && !reader.EOF)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    reader.Read();
                    continue;
                }

                var element = (XElement)XNode.ReadFrom(reader);
                if (ReadChannelChild(element, channel) is { } entry)
                {
                    yield return entry;
                }
            }
        }

        if (!sawChannel)
        {
            throw new WxrFormatException("This is not a WordPress export: it has no <channel>.");
        }
    }

    private static object? ReadChannelChild(XElement element, WxrChannel channel)
    {
        var name = element.Name;
        if (name.Namespace == XNamespace.None)
        {
            switch (name.LocalName)
            {
                case "item":
                    return ReadItem(element);
                case "title":
                    channel.Title = Text(element);
                    break;
                case "link":
                    channel.Link = Text(element);
                    break;
            }

            return null;
        }

        if (!IsWordPress(name.Namespace))
        {
            return null;
        }

        switch (name.LocalName)
        {
            case "wxr_version":
                channel.Version ??= Text(element);
                return null;
            case "base_site_url":
                channel.BaseSiteUrl ??= Text(element);
                return null;
            case "base_blog_url":
                channel.BaseBlogUrl ??= Text(element);
                return null;
            case "author":
                var login = Wp(element, "author_login");
                return string.IsNullOrEmpty(login) ? null
                    : new WxrAuthor(login, Wp(element, "author_email"), Wp(element, "author_display_name"), Wp(element, "author_first_name"), Wp(element, "author_last_name"));
            case "category":
                var category = Wp(element, "category_nicename");
                return string.IsNullOrEmpty(category) ? null
                    : new WxrTerm("category", category, Wp(element, "cat_name") ?? category, NullIfEmpty(Wp(element, "category_parent")));
            case "tag":
                var tag = Wp(element, "tag_slug");
                return string.IsNullOrEmpty(tag) ? null : new WxrTerm("post_tag", tag, Wp(element, "tag_name") ?? tag, null);
            case "term":
                var slug = Wp(element, "term_slug");
                return string.IsNullOrEmpty(slug) ? null
                    : new WxrTerm(Wp(element, "term_taxonomy") ?? "", slug, Wp(element, "term_name") ?? slug, NullIfEmpty(Wp(element, "term_parent")));
            default:
                return null;
        }
    }

    private static WxrItem ReadItem(XElement element)
    {
        var item = new WxrItem();
        foreach (var child in element.Elements())
        {
            var ns = child.Name.Namespace;
            var local = child.Name.LocalName;
            if (ns == XNamespace.None)
            {
                switch (local)
                {
                    case "title":
                        item.Title = Text(element: child);
                        break;
                    case "link":
                        item.Link ??= Text(child);
                        break;
                    case "category":
                        var domain = (string?)child.Attribute("domain") ?? "category";
                        var termName = Text(child);
                        var slug = (string?)child.Attribute("nicename") ?? termName;
                        if (slug.Length > 0)
                        {
                            item.Terms.Add(new WxrItemTerm(domain, slug.Trim(), termName));
                        }

                        break;
                }
            }
            else if (ns == ContentNamespace && local == "encoded")
            {
                item.Content = child.Value;
            }
            else if (IsExcerpt(ns) && local == "encoded")
            {
                item.Excerpt = child.Value;
            }
            else if (ns == DcNamespace && local == "creator")
            {
                item.Creator ??= NullIfEmpty(Text(child));
            }
            else if (IsWordPress(ns))
            {
                ReadWordPressField(item, child, local);
            }
        }

        return item;
    }

    private static void ReadWordPressField(WxrItem item, XElement child, string local)
    {
        switch (local)
        {
            case "post_id":
                item.Id ??= Number(child);
                break;
            case "post_date":
                item.PostDate ??= Text(child);
                break;
            case "post_date_gmt":
                item.PostDateGmt ??= Text(child);
                break;
            case "post_modified_gmt":
                item.ModifiedGmt ??= Text(child);
                break;
            case "comment_status":
                item.CommentStatus ??= Text(child);
                break;
            case "post_name":
                item.PostName ??= Text(child);
                break;
            case "status":
                item.Status ??= Text(child);
                break;
            case "post_parent":
                item.ParentId = Number(child) ?? 0;
                break;
            case "post_type":
                item.PostType ??= Text(child);
                break;
            case "post_password":
                item.Password ??= Text(child);
                break;
            case "is_sticky":
                item.IsSticky = Text(child) == "1";
                break;
            case "attachment_url":
                item.AttachmentUrl ??= Text(child);
                break;
            case "postmeta":
                // A meta element rebound to another namespace is not WordPress's and is left out.
                if (Wp(child, "meta_key") is { Length: > 0 } key)
                {
                    item.Meta.Add(new(key, child.Elements().FirstOrDefault(e => IsWordPress(e.Name.Namespace) && e.Name.LocalName == "meta_value")?.Value ?? ""));
                }

                break;
            case "comment":
                item.Comments.Add(ReadComment(child));
                break;
        }
    }

    private static WxrComment ReadComment(XElement element) => new()
    {
        Id = Number(element, "comment_id"),
        Author = Wp(element, "comment_author") ?? "",
        Email = NullIfEmpty(Wp(element, "comment_author_email")),
        Url = NullIfEmpty(Wp(element, "comment_author_url")),
        Ip = NullIfEmpty(Wp(element, "comment_author_IP")),
        Date = Wp(element, "comment_date"),
        DateGmt = Wp(element, "comment_date_gmt"),
        Content = element.Elements().FirstOrDefault(e => IsWordPress(e.Name.Namespace) && e.Name.LocalName == "comment_content")?.Value ?? "",
        Approved = Wp(element, "comment_approved") ?? "1",
        Type = NullIfEmpty(Wp(element, "comment_type")),
        ParentId = Number(element, "comment_parent") ?? 0,
    };

    private static string? Wp(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName && IsWordPress(e.Name.Namespace)) is { } e ? Text(e) : null;

    private static int? Number(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName && IsWordPress(e.Name.Namespace)) is { } e ? Number(e) : null;

    private static int? Number(XElement element) =>
        int.TryParse(Text(element), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static string Text(XElement element) => element.Value.Trim();

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [GeneratedRegex(@"^https?://wordpress\.org/export/\d+\.\d+/$")]
    private static partial Regex WordPressNamespace();

    [GeneratedRegex(@"^https?://wordpress\.org/export/\d+\.\d+/excerpt/$")]
    private static partial Regex ExcerptNamespace();
}
