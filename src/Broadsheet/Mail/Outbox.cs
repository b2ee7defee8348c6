using Broadsheet.Data;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Broadsheet.Mail;

/// <summary>
/// Queues mail. <see cref="Queue"/> only adds the row to the caller's unit of work: it is saved in the same
/// transaction as whatever caused it (a publication, an approval, a subscription), or not at all. Call
/// <see cref="Wake"/> after the commit so the sender starts at once instead of at its next look.
/// </summary>
public sealed class Outbox(IOptions<MailOptions> options, TimeProvider time, OutboxSignal signal)
{
    /// <summary>The host part of every Message-ID: the From address's domain.</summary>
    public string Domain { get; } = MailboxAddress.Parse(options.Value.From).Domain is { Length: > 0 } domain ? domain : "localhost";

    public OutboxMessage Create(MailKind kind, string toAddress, string? toName, string subject, string textBody, string? htmlBody,
        int? subscriberId = null, string? unsubscribeUrl = null, long? jobId = null)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new OutboxMessage
        {
            MessageId = $"{Guid.NewGuid():N}@{Domain}",
            Kind = kind,
            ToAddress = toAddress,
            ToName = toName,
            Subject = subject.Length > 500 ? subject[..499] + "…" : subject,
            TextBody = textBody,
            HtmlBody = htmlBody,
            SubscriberId = subscriberId,
            UnsubscribeUrl = unsubscribeUrl,
            JobId = jobId,
            Status = OutboxStatus.Queued,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    /// <summary>Adds a message to <paramref name="db"/>'s pending changes; the caller saves (and commits) it.</summary>
    public OutboxMessage Queue(BroadsheetDb db, MailKind kind, string toAddress, string? toName, string subject, string textBody, string? htmlBody,
        int? subscriberId = null, string? unsubscribeUrl = null)
    {
        var message = Create(kind, toAddress, toName, subject, textBody, htmlBody, subscriberId, unsubscribeUrl);
        db.Outbox.Add(message);
        return message;
    }

    /// <summary>Tells this node's sender that committed mail is waiting.</summary>
    public void Wake() => signal.Wake();
}

/// <summary>Wakes the sender when mail has been queued on this node (other nodes' mail is found by polling).</summary>
public sealed class OutboxSignal : Site.WakeSignal;
