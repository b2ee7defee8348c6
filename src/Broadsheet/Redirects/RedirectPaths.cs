namespace Broadsheet.Redirects;

/// <summary>The one spelling of an old address under which a <see cref="Redirect"/> is stored and looked up.</summary>
public static class RedirectPaths
{
    /// <summary>
    /// "https://Old.Example/2013/01/Hello/?utm=x#top" → "/2013/01/hello": no scheme, host, query, fragment or doubled slash,
    /// percent-escapes decoded (a request's path arrives decoded), lowercase, no trailing slash; the root is "/".
    /// Null when there is no path to speak of.
    /// </summary>
    public static string? Normalize(string pathOrUrl)
    {
        if (string.IsNullOrWhiteSpace(pathOrUrl))
        {
            return null;
        }

        var text = pathOrUrl.Trim();
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd > 0 && schemeEnd < 10)
        {
            var pathStart = text.IndexOf('/', schemeEnd + 3);
            text = pathStart < 0 ? "/" : text[pathStart..];
        }
        else if (text.StartsWith("//", StringComparison.Ordinal))
        {
            var pathStart = text.IndexOf('/', 2);
            text = pathStart < 0 ? "/" : text[pathStart..];
        }

        var cut = text.IndexOfAny(['?', '#']);
        if (cut >= 0)
        {
            text = text[..cut];
        }

        try
        {
            text = Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            // A stray '%' is part of the path as written.
        }

        // "//greek/x" (a doubled slash in an old permalink) is the same address to a reader.
        while (text.Contains("//", StringComparison.Ordinal))
        {
            text = text.Replace("//", "/", StringComparison.Ordinal);
        }

        text = text.ToLowerInvariant().TrimEnd('/');
        if (!text.StartsWith('/'))
        {
            text = "/" + text;
        }

        return text.Length > 400 ? null : text;
    }
}
