using Broadsheet.Accounts;
using Broadsheet.Mail;
using Broadsheet.Subscriptions;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Mail;

public sealed class SecureSmtpTests(SecureMailApp app) : AppTest<SecureMailApp>(app), IClassFixture<SecureMailApp>
{
    [Fact]
    public async Task Account_mail_goes_over_STARTTLS_with_AUTH_and_no_list_headers()
    {
        var (email, _) = await App.CreateUserAsync(NewsroomRoles.Author);
        using var client = new NewsroomClient(App.CreateHttpClient());
        using var sent = await client.PostFormAsync("/newsroom/forgot-password", new() { ["Email"] = email });

        var mail = (await App.Smtp.WaitForAsync(1, m => m.To == email)).Single();
        Assert.True(mail.OverTls);
        Assert.Equal(SmtpTestServer.UserName, mail.User);
        Assert.Contains("/newsroom/reset-password", mail.Text, StringComparison.Ordinal);
        Assert.Equal("auto-generated", mail.Header("Auto-Submitted"));
        Assert.Null(mail.Header("List-Unsubscribe"));
        Assert.Equal("news@gazette.example", mail.Message.From.Mailboxes.Single().Address);
    }
}

public sealed class OutboxDeliveryTests(MailApp app) : AppTest<MailApp>(app), IClassFixture<MailApp>
{
    [Fact]
    public async Task A_subscription_message_has_both_parts_and_the_list_headers_with_its_queued_Message_ID()
    {
        var subscriber = await App.AddConfirmedSubscriberAsync("headers@example.org");
        var id = await App.QueueAsync(subscriber.Email, "Headers", subscriber.Id);
        await App.DeliverMailAsync();

        var mail = App.Smtp.For(subscriber.Email).Single();
        var row = await App.WithDbAsync((db, _) => db.Outbox.SingleAsync(m => m.Id == id));
        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.Equal(row.MessageId, mail.Message.MessageId);
        Assert.Equal("<https://gazette.example/subscription/unsubscribe?token=t>, <mailto:news@gazette.example?subject=unsubscribe>", mail.Header("List-Unsubscribe"));
        Assert.Equal("List-Unsubscribe=One-Click", mail.Header("List-Unsubscribe-Post"));
        Assert.Contains("<news.gazette.example>", mail.Header("List-Id"), StringComparison.Ordinal);
        Assert.Equal("auto-generated", mail.Header("Auto-Submitted"));
        Assert.Equal("Plain words.", mail.Text.Trim());
        Assert.Contains("<p>Plain words.</p>", mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_temporary_refusal_is_retried_after_the_backoff_and_then_delivered_once()
    {
        const string address = "busy@example.org";
        var refusals = 0;
        App.Smtp.RecipientRule = to => to == address && refusals++ == 0 ? (451, "Mailbox busy, try later") : null;
        var subscriber = await App.AddConfirmedSubscriberAsync(address);
        var id = await App.QueueAsync(address, "Retry me", subscriber.Id);

        await App.DeliverMailAsync();
        var row = await App.WithDbAsync((db, _) => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id));
        Assert.Equal(OutboxStatus.Queued, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.Contains("451", row.LastError, StringComparison.Ordinal);
        Assert.Empty(App.Smtp.For(address));

        // Not before the backoff.
        await App.DeliverMailAsync();
        Assert.Empty(App.Smtp.For(address));

        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await App.DeliverMailAsync();
        Assert.Single(App.Smtp.For(address));
        row = await App.WithDbAsync((db, _) => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id));
        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.Equal(2, row.Attempts);
    }

    [Fact]
    public async Task Permanent_refusals_count_as_bounces_and_suspend_the_address_after_the_limit()
    {
        const string address = "gone@example.org";
        App.Smtp.RecipientRule = to => to == address ? (550, "5.1.1 No such user here") : null;
        var subscriber = await App.AddConfirmedSubscriberAsync(address);
        for (var i = 1; i <= 3; i++)
        {
            var id = await App.QueueAsync(address, $"Bounce {i}", subscriber.Id);
            await App.DeliverMailAsync();
            var row = await App.WithDbAsync((db, _) => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id));
            Assert.Equal(OutboxStatus.Failed, row.Status);
            Assert.Contains("550", row.LastError, StringComparison.Ordinal);
        }

        var suspended = await App.WithDbAsync((db, _) => db.Subscribers.AsNoTracking().SingleAsync(s => s.Id == subscriber.Id));
        Assert.Equal(SubscriberStatus.Bouncing, suspended.Status);
        Assert.Contains("No such user", suspended.BounceReason, StringComparison.Ordinal);

        // Nothing more goes to a suspended address.
        var after = await App.QueueAsync(address, "After suspension", subscriber.Id);
        await App.DeliverMailAsync();
        var cancelled = await App.WithDbAsync((db, _) => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == after));
        Assert.Equal(OutboxStatus.Cancelled, cancelled.Status);
        App.Errors.Clear();
    }

    [Fact]
    public async Task A_message_that_keeps_failing_for_a_while_is_marked_failed_with_the_servers_answer()
    {
        const string address = "never@example.org";
        App.Smtp.RecipientRule = to => to == address ? (452, "4.2.2 Mailbox full") : null;
        var subscriber = await App.AddConfirmedSubscriberAsync(address);
        var id = await App.QueueAsync(address, "Keeps failing", subscriber.Id);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await App.DeliverMailAsync();
            App.Clock.Advance(TimeSpan.FromHours(1));
        }

        var row = await App.WithDbAsync((db, _) => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id));
        Assert.Equal(OutboxStatus.Failed, row.Status);
        Assert.Equal(3, row.Attempts);
        Assert.Contains("Mailbox full", row.LastError, StringComparison.Ordinal);
        App.Errors.Clear();
    }

    [Fact]
    public async Task A_message_for_an_address_that_unsubscribed_after_it_was_queued_is_not_sent()
    {
        var subscriber = await App.AddConfirmedSubscriberAsync("changed-mind@example.org");
        // Queued and unsubscribed in one commit, so that no delivery can come between the two.
        var id = await App.WithDbAsync(async (db, services) =>
        {
            var message = services.GetRequiredService<Outbox>().Queue(db, MailKind.Alert, subscriber.Email, null, "Too late", "Text", null, subscriber.Id, "https://gazette.example/u");
            var tracked = await db.Subscribers.SingleAsync(s => s.Id == subscriber.Id);
            tracked.Status = SubscriberStatus.Unsubscribed;
            await db.SaveChangesAsync();
            return message.Id;
        });
        await App.DeliverMailAsync();

        Assert.Empty(App.Smtp.For(subscriber.Email));
        var row = await App.WithDbAsync((db, _) => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id));
        Assert.Equal(OutboxStatus.Cancelled, row.Status);
    }

    [Fact]
    public async Task Sent_messages_are_deleted_after_the_keeping_time_and_failed_ones_stay()
    {
        var subscriber = await App.AddConfirmedSubscriberAsync("old-news@example.org");
        var sent = await App.QueueAsync(subscriber.Email, "Old news", subscriber.Id);
        await App.DeliverMailAsync();
        Assert.Single(App.Smtp.For(subscriber.Email));

        App.Clock.Advance(TimeSpan.FromHours(3));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await App.WithDbAsync((db, _) => db.Outbox.AnyAsync(m => m.Id == sent)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.False(await App.WithDbAsync((db, _) => db.Outbox.AnyAsync(m => m.Id == sent)), "A sent message older than the keeping time is still there.");
    }
}
