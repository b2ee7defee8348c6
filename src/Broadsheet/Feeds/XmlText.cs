using System.Text;
using System.Xml;

namespace Broadsheet.Feeds;

internal static class XmlText
{
    private static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), Indent = true };

    /// <summary>Writes one UTF-8 XML document (feed or sitemap) and returns its bytes.</summary>
    public static byte[] Document(Action<XmlWriter> write)
    {
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, Settings))
        {
            xml.WriteStartDocument();
            write(xml);
            xml.WriteEndDocument();
        }

        return stream.ToArray();
    }

    /// <summary>
    /// Drops characters XML 1.0 cannot carry (a pasted vertical tab, say), which would otherwise make
    /// the whole feed or sitemap fail to write.
    /// </summary>
    public static string Safe(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(c).Append(text[++i]);
            }
            else if (XmlConvert.IsXmlChar(c))
            {
                clean.Append(c);
            }
        }

        return clean.ToString();
    }
}
