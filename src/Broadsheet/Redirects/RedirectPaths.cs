using System.Text;

namespace Broadsheet.Redirects;

/// <summary>The one spelling under which an old address is stored and looked up.</summary>
public static class RedirectPaths
{
    /// <summary>The longest path a <see cref="Redirect"/> row holds.</summary>
    public const int MaxLength = 400;

    /// <summary>
    /// "/2024/04/24/Hello-World/?utm=x" or "https://old.example.org/2024/04/24/hello-world/" →
    /// "/2024/04/24/hello-world": the path only (any host, query and fragment dropped), percent-escapes
    /// decoded as ASP.NET Core decodes a request's path, lowercase, without a trailing slash. Null when
    /// there is no usable path (empty, another scheme than http(s), or longer than <see cref="MaxLength"/>).
    /// </summary>
    public static string? Normalize(string pathOrUrl)
    {
        var text = pathOrUrl?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        string path;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && !text.StartsWith('/') && text[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
        {
            // "https://…", but also "mailto:…" or "javascript:…", which have no path here.
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                return null;
            }

            path = uri.AbsolutePath;
        }
        else if (text.StartsWith("//", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate("http:" + text, UriKind.Absolute, out var uri))
            {
                return null;
            }

            path = uri.AbsolutePath;
        }
        else
        {
            var end = text.IndexOfAny(['?', '#']);
            path = end < 0 ? text : text[..end];
        }

        path = Unescape(path);

        // "//greek/x" (a doubled slash in an old permalink) is the same address to a reader.
        while (path.Contains("//", StringComparison.Ordinal))
        {
            path = path.Replace("//", "/", StringComparison.Ordinal);
        }

        path = path.ToLowerInvariant().TrimEnd('/');
        if (!path.StartsWith('/'))
        {
            path = "/" + path;
        }

        return path.Length > MaxLength || path.Any(char.IsControl) ? null : path;
    }

    /// <summary>True for a path on this site: one leading slash, so never "//host" or "/\host", and nothing a header cannot carry.</summary>
    public static bool IsLocalTarget(string? target) =>
        !string.IsNullOrEmpty(target) && target[0] == '/'
        && (target.Length == 1 || (target[1] != '/' && target[1] != '\\'))
        && !target.Any(char.IsControl);

    /// <summary>The target as a Location header carries it: ASCII only, anything else percent-encoded as UTF-8.</summary>
    public static string ToLocation(string target)
    {
        if (target.All(c => c is > ' ' and < (char)0x7F))
        {
            return target;
        }

        var builder = new StringBuilder(target.Length * 2);
        foreach (var b in Encoding.UTF8.GetBytes(target))
        {
            if (b is > (byte)' ' and < 0x7F)
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    // Like the request path, an escaped slash stays escaped: it is part of a segment, not a separator.
    private static string Unescape(string path) =>
        Uri.UnescapeDataString(path.Replace("%2F", "%252F", StringComparison.OrdinalIgnoreCase));
}
