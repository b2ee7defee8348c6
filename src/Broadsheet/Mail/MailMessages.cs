using Broadsheet.Site;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Broadsheet.Mail;

/// <summary>Turns an outbox row into the MIME message that goes on the wire: the same bytes (and Message-ID) every time it is sent.</summary>
public sealed class MailMessages(IOptions<MailOptions> options, SiteSettingsStore settings)
{
    public MimeMessage Build(OutboxMessage row)
    {
        var mail = options.Value;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(mail.From));
        message.To.Add(new MailboxAddress(row.ToName ?? "", row.ToAddress));
        message.Subject = row.Subject;
        message.Date = new DateTimeOffset(row.CreatedAt, TimeSpan.Zero);
        message.MessageId = row.MessageId;
        // RFC 3834: no vacation replies or other robots answering back.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        if (row.UnsubscribeUrl is not null)
        {
            var from = MailboxAddress.Parse(mail.From);
            var mailbox = string.IsNullOrWhiteSpace(mail.UnsubscribeMailbox) ? from.Address : mail.UnsubscribeMailbox;
            // RFC 2369 and RFC 8058: the https link takes a one-click POST; the mailto is for older clients.
            message.Headers.Add("List-Unsubscribe", $"<{row.UnsubscribeUrl}>, <mailto:{mailbox}?subject=unsubscribe>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            message.Headers.Add("List-Id", ListId(settings.Title, from.Domain));
            message.Headers.Add("Precedence", "bulk");
        }

        var text = new TextPart("plain") { Text = row.TextBody };
        if (row.HtmlBody is null)
        {
            message.Body = text;
        }
        else
        {
            message.Body = new MultipartAlternative { text, new TextPart("html") { Text = row.HtmlBody } };
        }

        return message;
    }

    /// <summary>RFC 2919: a phrase and a list identifier under a domain the sender controls.</summary>
    public static string ListId(string title, string domain)
    {
        var phrase = new string(title.Where(c => c >= ' ' && c != '"' && c != '\\' && c < 127).ToArray()).Trim();
        return $"\"{(phrase.Length == 0 ? "News" : phrase)}\" <news.{(string.IsNullOrEmpty(domain) ? "localhost" : domain)}>";
    }
}
