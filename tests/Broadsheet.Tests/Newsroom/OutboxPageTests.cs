using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Mail;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Newsroom;

/// <summary>The outbox page against a real SMTP server: what failed and why, and sending it again.</summary>
public sealed class OutboxPageTests(MailApp app) : AppTest<MailApp>(app), IClassFixture<MailApp>
{
    private Task<OutboxMessage> RowAsync(long id) => App.WithDbAsync((db, _) => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id));

    /// <summary>Waits for the outcome the app's sender records (it may be the one that sent the message, not the test).</summary>
    private async Task<OutboxMessage> SettledAsync(long id)
    {
        var row = await RowAsync(id);
        for (var wait = 0; wait < 200 && row.Status == OutboxStatus.Queued; wait++)
        {
            await Task.Delay(50);
            row = await RowAsync(id);
        }

        return row;
    }

    private static AngleSharp.Dom.IElement? Row(AngleSharp.Dom.IDocument page, long id) => page.QuerySelector($"#message-{id}");

    /// <summary>A message the server refuses for good (550), without a subscriber, so no bounce is counted.</summary>
    private async Task<long> FailedMessageAsync(string address, MailKind kind = MailKind.Account)
    {
        App.Smtp.RecipientRule = to => to == address ? (550, "5.7.1 Relaying denied for this sender") : null;
        var id = await App.QueueAsync(address, $"Message to {address}", kind: kind);
        await App.DeliverMailAsync();
        // The app's own sender may have claimed it first: the refusal must reach it before the rule goes.
        var row = await SettledAsync(id);
        App.Smtp.RecipientRule = null;
        Assert.Equal(OutboxStatus.Failed, row.Status);
        return id;
    }

    [Fact]
    public async Task A_failed_message_shows_the_servers_answer_and_Retry_sends_it()
    {
        var address = $"refused-{Guid.NewGuid():N}@example.org";
        var id = await FailedMessageAsync(address);
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);

        var failed = await editor.Http.GetDocumentAsync("/newsroom/outbox?status=failed");
        var row = Row(failed, id)!;
        Assert.Contains(address, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("550", row.QuerySelector(".nr-answer")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Relaying denied", row.QuerySelector(".nr-answer")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(App.Smtp.For(address));

        using var retry = await editor.PostFormAsync($"/newsroom/outbox?handler=Retry&id={id}&status=failed", new Dictionary<string, string>(), "/newsroom/outbox");
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        // The retry wakes the app's own sender, which may already have sent it again; if not, it is due now, afresh.
        var queued = await RowAsync(id);
        if (queued.Status != OutboxStatus.Sent)
        {
            Assert.Equal((OutboxStatus.Queued, 0), (queued.Status, queued.Attempts));
            Assert.True(queued.NextAttemptAt <= App.Clock.GetUtcNow().UtcDateTime);
        }

        await App.DeliverMailAsync();
        var mail = (await App.Smtp.WaitForAsync(1, m => m.To == address)).Single();
        var sent = await SettledAsync(id);
        Assert.Equal(OutboxStatus.Sent, sent.Status);
        Assert.Equal(sent.MessageId, mail.Message.MessageId);

        var after = await editor.Http.GetDocumentAsync(retry.Headers.Location!.OriginalString);
        Assert.Contains("queued again", after.QuerySelector(".nr-flash")!.TextContent, StringComparison.Ordinal);
        Assert.Null(Row(after, id));
        Assert.Equal("sent", Row(await editor.Http.GetDocumentAsync("/newsroom/outbox?status=sent"), id)!.GetAttribute("data-status"));
        var audit = await App.WithDbAsync((db, _) => db.AuditEntries.Where(a => a.Action == "Retried mail").Select(a => a.Subject).ToListAsync());
        Assert.Contains($"{address}: Message to {address}", audit);
    }

    [Fact]
    public async Task Retry_all_failed_sends_every_failed_message_of_the_chosen_kind_again()
    {
        var first = await FailedMessageAsync($"first-{Guid.NewGuid():N}@example.org", MailKind.Test);
        var second = await FailedMessageAsync($"second-{Guid.NewGuid():N}@example.org", MailKind.Test);
        var otherKind = await FailedMessageAsync($"account-{Guid.NewGuid():N}@example.org", MailKind.Account);
        using var admin = await App.SignInAsNewAsync(NewsroomRoles.Administrator);

        var page = await admin.Http.GetDocumentAsync("/newsroom/outbox?status=failed&kind=Test");
        Assert.NotNull(Row(page, first));
        Assert.NotNull(Row(page, second));
        Assert.Null(Row(page, otherKind));

        using var retry = await admin.PostFormAsync("/newsroom/outbox?handler=RetryAll&kind=Test", new Dictionary<string, string>(), "/newsroom/outbox");
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        await App.DeliverMailAsync();
        Assert.Equal(OutboxStatus.Sent, (await SettledAsync(first)).Status);
        Assert.Equal(OutboxStatus.Sent, (await SettledAsync(second)).Status);
        Assert.Equal(OutboxStatus.Failed, (await RowAsync(otherKind)).Status);
        Assert.Contains(await App.WithDbAsync((db, _) => db.AuditEntries.Where(a => a.Action == "Retried all failed mail").Select(a => a.Subject).ToListAsync()),
            s => s.EndsWith("(Test)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_outbox_lists_newest_first_with_counts_per_status()
    {
        // Held back as if waiting for a retry, so they are still queued when the page is read (the sender runs in the background).
        var later = App.Clock.GetUtcNow().UtcDateTime.AddHours(1);
        var older = await App.QueueAsync($"older-{Guid.NewGuid():N}@example.org", "Older", kind: MailKind.Account, notBefore: later);
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        var newer = await App.QueueAsync($"newer-{Guid.NewGuid():N}@example.org", "Newer", kind: MailKind.Account, notBefore: later);
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);

        var queued = await editor.Http.GetDocumentAsync("/newsroom/outbox?status=queued&kind=Account");
        var ids = queued.QuerySelectorAll(".nr-outbox tbody tr").Select(r => r.Id).ToList();
        Assert.True(ids.IndexOf($"message-{newer}") < ids.IndexOf($"message-{older}") && ids.IndexOf($"message-{newer}") >= 0);
        var counts = await App.WithDbAsync((db, _) => db.Outbox.Where(m => m.Kind == MailKind.Account).GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        foreach (var count in counts)
        {
            Assert.Equal(count.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                queued.QuerySelector($"[data-count={count.Key.ToString().ToLowerInvariant()}]")!.TextContent);
        }

        Assert.Contains("next try", queued.QuerySelector($"#message-{newer}")!.TextContent, StringComparison.Ordinal);
        using var unknownStatus = await editor.Http.GetAsync("/newsroom/outbox?status=lost");
        Assert.Equal(HttpStatusCode.NotFound, unknownStatus.StatusCode);
    }
}
