using System.Globalization;
using System.Text;
using System.Xml;

namespace Broadsheet.Export;

/// <summary>The small rules a WordPress export file lives by: CDATA that survives any text, WordPress's date formats.</summary>
internal static class WxrXml
{
    public const string WpNamespace = "http://wordpress.org/export/1.2/";
    public const string ExcerptNamespace = "http://wordpress.org/export/1.2/excerpt/";
    public const string ContentNamespace = "http://purl.org/rss/1.0/modules/content/";
    public const string WfwNamespace = "http://wellformedweb.org/CommentAPI/";
    public const string DcNamespace = "http://purl.org/dc/elements/1.1/";

    /// <summary>
    /// Writes text as CDATA. "]]>" would end a CDATA section, so the text is split there into two sections
    /// ("]]" then ">"), which every XML reader joins back into the same text. Characters XML cannot hold at all
    /// (most control characters, a lone surrogate) are left out rather than failing the whole export.
    /// </summary>
    public static void CData(XmlWriter xml, string prefix, string name, string? text)
    {
        Start(xml, prefix, name);
        CDataSections(xml, text);
        xml.WriteEndElement();
    }

    /// <summary>The text as one CDATA section, or several where it holds "]]>".</summary>
    public static void CDataSections(XmlWriter xml, string? text)
    {
        var clean = XmlSafe(text ?? "");
        var start = 0;
        while (true)
        {
            var end = clean.IndexOf("]]>", start, StringComparison.Ordinal);
            if (end < 0)
            {
                xml.WriteCData(clean[start..]);
                break;
            }

            xml.WriteCData(clean[start..(end + 2)]);
            start = end + 2;
        }
    }

    /// <summary>A plain element with encoded text (numbers, slugs, dates, statuses).</summary>
    public static void Text(XmlWriter xml, string prefix, string name, string? text)
    {
        Start(xml, prefix, name);
        xml.WriteString(XmlSafe(text ?? ""));
        xml.WriteEndElement();
    }

    public static void Number(XmlWriter xml, string prefix, string name, long value) =>
        Text(xml, prefix, name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>WordPress's <c>post_date</c> form, <c>2024-04-24 10:30:00</c>.</summary>
    public static string WordPressDate(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>RSS 2.0's RFC 822 date, in UTC.</summary>
    public static string RssDate(DateTime utc) => utc.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    public static string XmlSafe(string text)
    {
        var firstBad = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (!IsKept(text, i, out var width))
            {
                firstBad = i;
                break;
            }

            i += width - 1;
        }

        if (firstBad < 0)
        {
            return text;
        }

        var kept = new StringBuilder(text.Length);
        kept.Append(text, 0, firstBad);
        for (var i = firstBad; i < text.Length; i++)
        {
            if (IsKept(text, i, out var width))
            {
                kept.Append(text, i, width);
                i += width - 1;
            }
        }

        return kept.ToString();
    }

    private static bool IsKept(string text, int index, out int width)
    {
        width = 1;
        var c = text[index];
        if (char.IsHighSurrogate(c))
        {
            if (index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
            {
                width = 2;
                return true;
            }

            return false;
        }

        return XmlConvert.IsXmlChar(c);
    }

    public static void Start(XmlWriter xml, string prefix, string name)
    {
        if (prefix.Length == 0)
        {
            xml.WriteStartElement(name);
        }
        else
        {
            xml.WriteStartElement(prefix, name, NamespaceOf(prefix));
        }
    }

    private static string? NamespaceOf(string prefix) => prefix switch
    {
        "wp" => WpNamespace,
        "excerpt" => ExcerptNamespace,
        "content" => ContentNamespace,
        "dc" => DcNamespace,
        "wfw" => WfwNamespace,
        _ => null,
    };
}
