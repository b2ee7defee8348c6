using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Broadsheet.Articles;
using Broadsheet.Mail;
using Broadsheet.Site;

namespace Broadsheet.Subscriptions;

/// <summary>An article as a mailing shows it.</summary>
public sealed record MailArticle(int Id, string Headline, string? Standfirst, string Slug, DateTime PublishedAt, int SectionId, string SectionName, string? ImageUrl, string? ImageAlt);

/// <summary>Who a subscription message goes to: enough for the address and the signed footer links.</summary>
public sealed record Recipient(int Id, string Email, string LinkKey);

/// <summary>One message ready for the outbox.</summary>
public sealed record MailContent(string Subject, string Text, string Html, string? UnsubscribeUrl);

/// <summary>
/// A message whose body is the same for every recipient: rendered once per mailing, then finished per
/// recipient with only the footer's signed links (so 10,000 alerts cost 10,000 footers, not 10,000 renderings).
/// </summary>
public sealed record MailTemplate(string Subject, string Text, string HtmlBefore, string HtmlAfter);

/// <summary>
/// Renders alerts, digests and discussion follow-ups: a plain-text part and an HTML part in <see cref="MailLayout"/>,
/// every link absolute (<see cref="SiteUrls.ForMail"/>, never the request's host), no remote images and nothing that tracks.
/// </summary>
public sealed class MailingContent(SiteUrls urls, SiteCalendar calendar, SiteSettingsStore settings, SubscriptionLinks links)
{
    private const string FooterMarker = "\u0001footer\u0001";

    public static System.Linq.Expressions.Expression<Func<Article, MailArticle>> Projection { get; } =
        a => new MailArticle(a.Id, a.Headline, a.Standfirst, a.Slug, a.PublishedAt!.Value, a.SectionId, a.Section.Name, a.ImageUrl, a.ImageAlt);

    public string ArticleUrl(MailArticle article) => urls.ForMail(calendar.ArticlePath(article.PublishedAt, article.Slug));

    /// <summary>The alert for a newly published article.</summary>
    public MailTemplate Alert(MailArticle article)
    {
        var url = ArticleUrl(article);
        var text = new StringBuilder();
        text.Append(article.Headline).Append("\n\n");
        if (article.Standfirst is { Length: > 0 } standfirst)
        {
            text.Append(standfirst).Append("\n\n");
        }

        var html = new StringBuilder();
        html.Append(Kicker(article.SectionName, article.PublishedAt));
        if (article.Standfirst is { Length: > 0 })
        {
            html.Append(MailLayout.Paragraph(article.Standfirst));
        }

        // The picture is described and linked, never loaded: a remote image in mail tells the sender who opened it.
        if (ImageLink(article) is { } image)
        {
            var alt = string.IsNullOrWhiteSpace(article.ImageAlt) ? "The article's picture" : article.ImageAlt.Trim();
            text.Append("Picture: ").Append(alt).Append("\n\n");
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\" style=\"margin:0 0 16px;font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#555555;\">Picture: {Isolated(alt)} ({MailLayout.Anchor("see it on the site", image)})</p>");
        }

        text.Append("Read it: ").Append(url).Append('\n');
        html.Append(MailLayout.Button("Read the article", url));
        return Template(article.Headline, article.Headline, text.ToString(), html.ToString());
    }

    /// <summary>A digest of the period's articles (newest first), the same for everyone with the same sections.</summary>
    public MailTemplate Digest(MailJobKind kind, DateTime periodEnd, IReadOnlyList<MailArticle> articles, int more)
    {
        var name = kind == MailJobKind.WeeklyDigest ? "weekly" : "daily";
        var heading = $"Your {name} digest";
        var date = calendar.PlainDate(periodEnd.AddTicks(-1));
        var subject = articles.Count + more == 1
            ? $"{settings.Title} {name}: {articles[0].Headline}"
            : $"{settings.Title} {name}: {articles[0].Headline} and {articles.Count + more - 1} more";
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{heading}, {date}\n\n");
        var html = new StringBuilder();
        html.Append(MailLayout.Paragraph($"{Count(articles.Count + more)} since the last one, up to {date}."));
        foreach (var article in articles)
        {
            var url = ArticleUrl(article);
            text.Append("* ").Append(article.Headline).Append('\n');
            if (article.Standfirst is { Length: > 0 } standfirst)
            {
                text.Append("  ").Append(standfirst).Append('\n');
            }

            text.Append("  ").Append(url).Append("\n\n");
            html.Append(CultureInfo.InvariantCulture, $"<h2 style=\"margin:24px 0 4px;font-size:20px;line-height:1.3;\">{MailLayout.Anchor(article.Headline, url)}</h2>");
            html.Append(Kicker(article.SectionName, article.PublishedAt));
            if (article.Standfirst is { Length: > 0 })
            {
                html.Append(MailLayout.Paragraph(article.Standfirst));
            }
        }

        if (more > 0)
        {
            var home = urls.ForMail("/");
            text.Append(CultureInfo.InvariantCulture, $"And {Count(more)} more: {home}\n");
            html.Append(MailLayout.Button($"And {Count(more)} more on the site", home));
        }

        return Template(subject, heading, text.ToString(), html.ToString());
    }

    /// <summary>A newly approved comment on a discussion the reader follows; the comment is plain text.</summary>
    public MailTemplate FollowUp(MailArticle article, int commentId, string authorName, string body, bool isReply)
    {
        // Through the lasting link: the comment's page of the discussion may have moved by the time it is read.
        var permalink = urls.ForMail(Broadsheet.Comments.CommentPermalinks.Route(commentId));
        var subject = isReply ? $"{authorName} replied to your comment on “{article.Headline}”" : $"New comment on “{article.Headline}”";
        var paragraphs = body.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{authorName} wrote on “{article.Headline}”:\n\n");
        var html = new StringBuilder();
        html.Append(MailLayout.Paragraph($"{authorName} wrote on “{article.Headline}”:"));
        html.Append("<blockquote style=\"margin:0 0 16px;padding:0 0 0 16px;border-left:4px solid #cccccc;\">");
        foreach (var paragraph in paragraphs)
        {
            text.Append("> ").Append(paragraph.Replace("\n", "\n> ", StringComparison.Ordinal)).Append("\n>\n");
            html.Append(CultureInfo.InvariantCulture, $"<p style=\"margin:0 0 12px;\">{Encode(paragraph).Replace("\n", "<br>", StringComparison.Ordinal)}</p>");
        }

        html.Append("</blockquote>");
        text.Append("\nSee it in the discussion: ").Append(permalink).Append('\n');
        html.Append(MailLayout.Button("See it in the discussion", permalink));
        return Template(subject, isReply ? "A reply to your comment" : "A new comment", text.ToString(), html.ToString());
    }

    /// <summary>Finishes a message for one recipient: the footer with their own signed links.</summary>
    public MailContent For(MailTemplate template, Recipient recipient, string reason)
    {
        var subscriber = new Subscriber { Id = recipient.Id, Email = recipient.Email, NormalizedEmail = "", LinkKey = recipient.LinkKey };
        var preferences = urls.ForMail(links.PreferencesPath(subscriber));
        var unsubscribe = urls.ForMail(links.UnsubscribePath(subscriber));
        return new MailContent(
            template.Subject,
            template.Text + MailLayout.TextFooter(reason, preferences, unsubscribe),
            string.Concat(template.HtmlBefore, MailLayout.Footer(reason, preferences, unsubscribe), template.HtmlAfter),
            unsubscribe);
    }

    /// <summary>A test for a newsroom member: the footer explains that its links are examples.</summary>
    public MailContent ForTest(MailTemplate template)
    {
        const string reason = "This is a test sent from the newsroom. Subscribers get their own preferences and unsubscribe links here.";
        var subscribe = urls.ForMail("/subscribe");
        return new MailContent(
            "[Test] " + template.Subject,
            template.Text + MailLayout.TextFooter(reason, subscribe, subscribe),
            string.Concat(template.HtmlBefore, MailLayout.Footer(reason, subscribe, subscribe), template.HtmlAfter),
            null);
    }

    public static string AlertReason(string siteTitle) => $"You get this because you subscribed to new articles from {siteTitle}.";

    public string Reason(MailJobKind kind) => kind switch
    {
        MailJobKind.DailyDigest => $"You get this because you subscribed to the daily digest of {settings.Title}.",
        MailJobKind.WeeklyDigest => $"You get this because you subscribed to the weekly digest of {settings.Title}.",
        _ => AlertReason(settings.Title),
    };

    public string FollowReason(bool isReply) => isReply
        ? $"You get this because you asked {settings.Title} to tell you about replies to your comment."
        : $"You get this because you follow this discussion on {settings.Title}.";

    private MailTemplate Template(string subject, string heading, string text, string contentHtml)
    {
        var html = MailLayout.Html(calendar.Culture.Name is { Length: > 0 } name ? name : "en", settings.Title, heading, contentHtml, FooterMarker);
        var at = html.IndexOf(FooterMarker, StringComparison.Ordinal);
        return new MailTemplate(subject, text, html[..at], html[(at + FooterMarker.Length)..]);
    }

    private string Kicker(string section, DateTime publishedAt) =>
        $"<p class=\"muted\" style=\"margin:0 0 8px;font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#555555;\">{Isolated(section)} · {Encode(calendar.DateLine(publishedAt))}</p>";

    /// <summary>An absolute link to the picture when it is the site's own (a site-relative path); none for a picture hosted elsewhere.</summary>
    private string? ImageLink(MailArticle article) =>
        article.ImageUrl is { Length: > 1 } path && path[0] == '/' && path[1] != '/' ? urls.ForMail(path) : null;

    private static string Count(int articles) => articles == 1 ? "1 article" : $"{articles.ToString(CultureInfo.InvariantCulture)} articles";

    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);

    // Writer-supplied text inline with other words gets its own direction, so bidi controls in it cannot reorder the rest of the
    // line. A span with dir rather than bdi: mail clients know it, and some strip elements they do not know.
    private static string Isolated(string text) => $"<span dir=\"auto\">{Encode(text)}</span>";
}
