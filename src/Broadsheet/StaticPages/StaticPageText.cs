using AngleSharp.Html.Parser;
using Broadsheet.Articles;

namespace Broadsheet.StaticPages;

public static class StaticPageText
{
    /// <summary>The search-result and social-card description: the page's own, or its body's first paragraph.</summary>
    public static string Describe(string? description, string body, BodyFormat format, int maxLength = 280)
    {
        if (!string.IsNullOrWhiteSpace(description))
        {
            return description.Trim();
        }

        if (format == BodyFormat.Markdown)
        {
            return ArticleBody.Excerpt(body, maxLength);
        }

        // An imported HTML body: the first paragraph with words in it, as text.
        var document = new HtmlParser().ParseDocument(HtmlBody.Sanitize(body));
        var text = document.QuerySelectorAll("p").Select(p => p.TextContent.Trim()).FirstOrDefault(t => t.Length > 0)
            ?? document.Body?.TextContent.Trim() ?? "";
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength - 1).TrimEnd(), "…");
    }
}
