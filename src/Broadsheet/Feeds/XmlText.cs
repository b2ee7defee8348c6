using System.Text;
using System.Xml;

namespace Broadsheet.Feeds;

internal static class XmlText
{
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
