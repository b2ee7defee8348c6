using Broadsheet.Mail;
using Broadsheet.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Infrastructure;

/// <summary>
/// The newsroom app (its clock is the test's) delivering over SMTP to a real server on 127.0.0.1 that the test
/// process hosts. Use <see cref="SecureMailApp"/> for STARTTLS with AUTH.
/// </summary>
public class MailApp : NewsroomApp
{
    public MailApp()
        : this(SmtpTestServer.Start())
    {
    }

    protected MailApp(SmtpTestServer smtp)
    {
        Smtp = smtp;
        foreach (var (key, value) in smtp.AppSettings())
        {
            Configure(key, value);
        }

        Configure("Broadsheet:Mail:From", "\"The Test Gazette\" <news@gazette.example>");
        Configure("Broadsheet:Mail:MaxAttempts", "3");
        // Short, because moving the test clock by days is slow: the clock fires every periodic timer of the app once per period.
        Configure("Broadsheet:Mail:KeepSentFor", "02:00:00");
        // Small pages, so that a mailing test spans several of them without thousands of subscribers.
        Configure("Broadsheet:Subscriptions:MailingPageSize", "100");
    }

    public SmtpTestServer Smtp { get; }

    /// <summary>A confirmed subscriber (as after following the confirmation link), for delivery tests.</summary>
    public Task<Subscriber> AddConfirmedSubscriberAsync(string email, Frequency frequency = Frequency.AsPublished, params int[] sectionIds) =>
        this.AddSubscriberAsync(email, SubscriberStatus.Confirmed, frequency, sectionIds);

    /// <summary>
    /// Runs the mailings that are due now (the app's worker would within two seconds; this makes the moment
    /// certain): creates due digest jobs and expands every waiting job into the outbox. Returns the messages queued.
    /// </summary>
    public Task<int> RunMailingsAsync() => Services.GetRequiredService<MailingWorker>().RunDueAsync();

    /// <summary>Runs the due mailings, then delivers everything due.</summary>
    public async Task SendMailingsAsync()
    {
        await RunMailingsAsync();
        await DeliverMailAsync();
    }

    /// <summary>Queues one message as a feature would (in its own unit of work) and returns its row id.</summary>
    /// <param name="notBefore">When the message is first due; until then the sender, running in the background, leaves it alone.</param>
    public Task<long> QueueAsync(string to, string subject, int? subscriberId = null, MailKind kind = MailKind.Alert, DateTime? notBefore = null) =>
        WithDbAsync(async (db, services) =>
        {
            var message = services.GetRequiredService<Outbox>().Queue(db, kind, to, null, subject, "Plain words.", "<p>Plain words.</p>", subscriberId,
                subscriberId is null ? null : "https://gazette.example/subscription/unsubscribe?token=t");
            if (notBefore is { } due)
            {
                message.NextAttemptAt = due;
            }

            await db.SaveChangesAsync();
            return message.Id;
        });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>SMTP with STARTTLS (a self-signed certificate the app is told to trust by fingerprint) and AUTH.</summary>
public sealed class SecureMailApp() : MailApp(SmtpTestServer.StartWithTlsAndAuth());
