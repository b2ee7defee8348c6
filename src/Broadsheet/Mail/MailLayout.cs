using System.Text.Encodings.Web;

namespace Broadsheet.Mail;

/// <summary>
/// The frame around every HTML message: inline CSS (mail programs drop style sheets), light and dark colours
/// that both read well, no remote images and nothing that tracks. <see cref="Footer"/> adds the links every
/// subscription message carries.
/// </summary>
public static class MailLayout
{
    private const string Ink = "#1a1a1a";
    private const string Muted = "#555555";
    private const string Link = "#0b57a4";

    /// <summary>A whole HTML document; <paramref name="contentHtml"/> must already be encoded.</summary>
    public static string Html(string language, string siteTitle, string heading, string contentHtml, string? footerHtml)
    {
        var e = HtmlEncoder.Default;
        return $$"""
            <!DOCTYPE html>
            <html lang="{{e.Encode(language)}}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <meta name="supported-color-schemes" content="light dark">
            <title>{{e.Encode(heading)}}</title>
            <style>
            @media (prefers-color-scheme: dark) {
              body, .page { background: #161616 !important; color: #ececec !important; }
              a { color: #8ab8ff !important; }
              a.button { color: #ffffff !important; }
              .muted { color: #b8b8b8 !important; }
            }
            </style>
            </head>
            <body style="margin:0;padding:0;background:#ffffff;color:{{Ink}};">
            <main class="page" style="max-width:600px;margin:0 auto;padding:24px 16px;font-family:Georgia,'Times New Roman',serif;font-size:18px;line-height:1.5;color:{{Ink}};background:#ffffff;">
            <p class="muted" style="margin:0 0 16px;font-family:Arial,Helvetica,sans-serif;font-size:14px;letter-spacing:0.05em;text-transform:uppercase;color:{{Muted}};">{{e.Encode(siteTitle)}}</p>
            <h1 style="margin:0 0 16px;font-size:26px;line-height:1.25;">{{e.Encode(heading)}}</h1>
            {{contentHtml}}
            {{footerHtml}}
            </main>
            </body>
            </html>
            """;
    }

    /// <summary>A paragraph of encoded text.</summary>
    public static string Paragraph(string text) =>
        $"<p style=\"margin:0 0 16px;\">{HtmlEncoder.Default.Encode(text)}</p>";

    /// <summary>A link styled as a button; the URL is absolute.</summary>
    public static string Button(string text, string url) =>
        $"<p style=\"margin:24px 0;\"><a class=\"button\" href=\"{HtmlEncoder.Default.Encode(url)}\" style=\"display:inline-block;padding:12px 20px;background:{Link};color:#ffffff;text-decoration:none;border-radius:4px;font-family:Arial,Helvetica,sans-serif;font-size:16px;\">{HtmlEncoder.Default.Encode(text)}</a></p>";

    public static string Anchor(string text, string url) =>
        $"<a href=\"{HtmlEncoder.Default.Encode(url)}\" style=\"color:{Link};\">{HtmlEncoder.Default.Encode(text)}</a>";

    /// <summary>The footer of every subscription message: why it came, the preferences page and a one-click unsubscribe.</summary>
    public static string Footer(string reason, string preferencesUrl, string unsubscribeUrl) =>
        $"""
        <hr style="border:0;border-top:1px solid #cccccc;margin:32px 0 16px;">
        <p class="muted" style="margin:0 0 8px;font-family:Arial,Helvetica,sans-serif;font-size:14px;color:{Muted};">{HtmlEncoder.Default.Encode(reason)}</p>
        <p class="muted" style="margin:0;font-family:Arial,Helvetica,sans-serif;font-size:14px;color:{Muted};">{Anchor("Change your preferences", preferencesUrl)} · {Anchor("Unsubscribe", unsubscribeUrl)}</p>
        """;

    /// <summary>The same footer for the plain-text part.</summary>
    public static string TextFooter(string reason, string preferencesUrl, string unsubscribeUrl) =>
        $"""

        --
        {reason}
        Change your preferences: {preferencesUrl}
        Unsubscribe: {unsubscribeUrl}
        """;
}
