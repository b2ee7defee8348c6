using System.Globalization;
using AngleSharp.Html.Parser;

namespace Broadsheet.WordPressApi;

public static class WpIds
{
    /// <summary>A path id as WordPress's routes accept it (digits only); one too large for any row reads as not found.</summary>
    public static bool TryParse(string text, out int id)
    {
        id = 0;
        return text.Length is > 0 and <= 10 && text.All(char.IsAsciiDigit) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }
}

public static class WpText
{
    /// <summary>The first paragraph's text of an HTML body, for an excerpt when the article has no standfirst.</summary>
    public static string FirstParagraph(string html, int maxLength = 280)
    {
        var document = new HtmlParser().ParseFragment(html, null!);
        var text = document.Select(n => n.TextContent.Trim()).FirstOrDefault(t => t.Length > 0) ?? "";
        return text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength - 1).TrimEnd(), "…");
    }
}
