using System.Globalization;
using System.Xml;
using Broadsheet.Site;

namespace Broadsheet.Feeds;

/// <summary>Writes RSS 2.0 and Atom 1.0 documents.</summary>
public static class FeedWriter
{
    private const string AtomNs = "http://www.w3.org/2005/Atom";
    internal const string DcNs = "http://purl.org/dc/elements/1.1/";

    /// <summary>
    /// An RSS description is HTML to every feed reader, so plain text goes in encoded: a standfirst that
    /// mentions &lt;script&gt; reads as those characters instead of markup for the reader to run or strip.
    /// </summary>
    private static string AsHtml(string? text) => System.Net.WebUtility.HtmlEncode(text ?? "");


    public static byte[] Rss(FeedChannel channel, IReadOnlyList<FeedItem> items, SiteUrls urls, SiteCalendar calendar, string language)
    {
        return XmlText.Document(xml =>
        {
            StartRss(xml, channel, urls, language);
            if (items.Count > 0)
            {
                xml.WriteElementString("lastBuildDate", Rfc822(items.Max(i => i.UpdatedAt)));
            }

            xml.WriteElementString("generator", "Broadsheet");
            foreach (var item in items)
            {
                var link = urls.Absolute(calendar.ArticlePath(item.PublishedAt, item.Slug));
                xml.WriteStartElement("item");
                xml.WriteElementString("title", XmlText.Safe(item.Headline));
                xml.WriteElementString("link", link);
                xml.WriteStartElement("guid");
                xml.WriteAttributeString("isPermaLink", "false");
                xml.WriteString(urls.Absolute($"/?p={item.Id}"));
                xml.WriteEndElement();
                xml.WriteElementString("pubDate", Rfc822(item.PublishedAt));
                xml.WriteElementString("description", XmlText.Safe(AsHtml(item.Summary)));
                foreach (var author in item.Authors)
                {
                    xml.WriteElementString("creator", DcNs, XmlText.Safe(author));
                }

                xml.WriteElementString("category", XmlText.Safe(item.SectionName));
                foreach (var tag in item.Tags)
                {
                    xml.WriteElementString("category", XmlText.Safe(tag));
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        });
    }

    /// <summary>Opens an RSS 2.0 document and its channel (title, link, description, language, self link); the caller adds items and closes both.</summary>
    internal static void StartRss(XmlWriter xml, FeedChannel channel, SiteUrls urls, string language)
    {
        xml.WriteStartElement("rss");
        xml.WriteAttributeString("version", "2.0");
        xml.WriteAttributeString("xmlns", "atom", null, AtomNs);
        xml.WriteAttributeString("xmlns", "dc", null, DcNs);
        xml.WriteStartElement("channel");
        xml.WriteElementString("title", XmlText.Safe(channel.Title));
        xml.WriteElementString("link", urls.Absolute(channel.HtmlPath));
        xml.WriteElementString("description", XmlText.Safe(AsHtml(channel.Description)));
        xml.WriteElementString("language", language);
        xml.WriteStartElement("atom", "link", AtomNs);
        xml.WriteAttributeString("href", urls.Absolute(channel.RssPath));
        xml.WriteAttributeString("rel", "self");
        xml.WriteAttributeString("type", "application/rss+xml");
        xml.WriteEndElement();
    }

    public static byte[] Atom(FeedChannel channel, IReadOnlyList<FeedItem> items, SiteUrls urls, SiteCalendar calendar, DateTime fallbackUpdated)
    {
        return XmlText.Document(xml =>
        {
            xml.WriteStartElement("feed", AtomNs);
            xml.WriteElementString("title", AtomNs, XmlText.Safe(channel.Title));
            xml.WriteElementString("subtitle", AtomNs, XmlText.Safe(channel.Description));
            xml.WriteElementString("id", AtomNs, urls.Absolute(channel.AtomPath));
            xml.WriteElementString("updated", AtomNs, Rfc3339(items.Count > 0 ? items.Max(i => i.UpdatedAt) : fallbackUpdated));
            WriteLink(xml, urls.Absolute(channel.AtomPath), "self", "application/atom+xml");
            WriteLink(xml, urls.Absolute(channel.HtmlPath), "alternate", "text/html");
            xml.WriteElementString("generator", AtomNs, "Broadsheet");
            foreach (var item in items)
            {
                var link = urls.Absolute(calendar.ArticlePath(item.PublishedAt, item.Slug));
                xml.WriteStartElement("entry", AtomNs);
                xml.WriteElementString("title", AtomNs, XmlText.Safe(item.Headline));
                xml.WriteElementString("id", AtomNs, urls.Absolute($"/?p={item.Id}"));
                WriteLink(xml, link, "alternate", "text/html");
                xml.WriteElementString("published", AtomNs, Rfc3339(item.PublishedAt));
                xml.WriteElementString("updated", AtomNs, Rfc3339(item.UpdatedAt));
                foreach (var author in item.Authors.DefaultIfEmpty(channel.Title))
                {
                    xml.WriteStartElement("author", AtomNs);
                    xml.WriteElementString("name", AtomNs, XmlText.Safe(author));
                    xml.WriteEndElement();
                }

                foreach (var term in item.Tags.Prepend(item.SectionName))
                {
                    xml.WriteStartElement("category", AtomNs);
                    xml.WriteAttributeString("term", XmlText.Safe(term));
                    xml.WriteEndElement();
                }

                xml.WriteStartElement("summary", AtomNs);
                xml.WriteAttributeString("type", "text");
                xml.WriteString(XmlText.Safe(item.Summary));
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        });
    }

    private static void WriteLink(XmlWriter xml, string href, string rel, string type)
    {
        xml.WriteStartElement("link", AtomNs);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }

    internal static string Rfc822(DateTime utc) => utc.ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture);

    internal static string Rfc3339(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
