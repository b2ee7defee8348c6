using Broadsheet.Articles;
using Broadsheet.Mail;
using Broadsheet.Subscriptions;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Nodes;

/// <summary>
/// Two nodes sharing PostgreSQL without Redis (each its own output cache), media in one shared folder, and a
/// thousand confirmed subscribers to the City section. Mail is paced and claimed with a short lease, so a mailing
/// lasts long enough to kill a node in the middle and its claims end soon after.
/// </summary>
public sealed class MailingNodes() : TwoNodes(redis: false, sharedMediaFolder: true)
{
    public const int Subscribers = 1000;
    public const string Section = "alerts-desk";

    protected override void Configure(Dictionary<string, string> settings)
    {
        settings["Broadsheet:Mail:MessagesPerSecond"] = "50";
        settings["Broadsheet:Mail:ClaimLease"] = "00:00:04";
    }

    protected override async Task SeedAsync()
    {
        await using var db = OpenDb();
        var section = new Section { Name = "Alerts desk", Slug = Section };
        db.Sections.Add(section);
        await db.SaveChangesAsync();
        for (var i = 0; i < Subscribers; i++)
        {
            db.Subscribers.Add(new Subscriber
            {
                Email = $"reader{i:0000}@example.org",
                NormalizedEmail = $"READER{i:0000}@EXAMPLE.ORG",
                Status = SubscriberStatus.Confirmed,
                Frequency = Frequency.AsPublished,
                CreatedAt = DateTime.UtcNow,
                ConsentedAt = DateTime.UtcNow,
                LinkKey = SubscriptionLinks.NewLinkKey(),
                Sections = [new SubscriberSection { SectionId = section.Id }],
            });
        }

        await db.SaveChangesAsync();
    }

    /// <summary>Schedules a City article, with its alert, a moment from now; returns its headline.</summary>
    public async Task<string> ScheduleAlertAsync()
    {
        var headline = $"Harbour bridge news {Guid.NewGuid().ToString("N")[..8]}";
        await using var db = OpenDb();
        var section = await db.Sections.SingleAsync(s => s.Slug == Section);
        db.Articles.Add(new Article
        {
            Headline = headline,
            Slug = Slugs.From(headline),
            Body = "The bridge reopened this morning.",
            Status = ArticleStatus.Scheduled,
            PublishedAt = DateTime.UtcNow.AddSeconds(1),
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
            SectionId = section.Id,
            EmailSubscribers = true,
        });
        await db.SaveChangesAsync();
        return headline;
    }

    public IReadOnlyList<ReceivedMail> AlertsFor(string headline) =>
        [.. Smtp.Messages.Where(m => m.Message.Subject is { } subject && subject.Contains(headline, StringComparison.Ordinal))];
}

[CollectionDefinition(Name)]
public sealed class MailingNodesGroup : ICollectionFixture<MailingNodes>
{
    public const string Name = "Two nodes sharing PostgreSQL, without Redis, sending mail";
}

/// <summary>Jobs run once whatever the number of nodes: publication, alerts, and a killed node's share of them.</summary>
[Collection(MailingNodesGroup.Name)]
public sealed class NodeJobsTests(MailingNodes nodes) : IAsyncLifetime
{
    [Fact]
    public async Task A_thousand_alerts_go_out_with_both_nodes_sending_and_each_subscriber_gets_exactly_one()
    {
        var headline = await nodes.ScheduleAlertAsync();

        await NodeSteps.UntilAsync(() => Task.FromResult(nodes.AlertsFor(headline).Select(m => m.To).Distinct().Count() >= MailingNodes.Subscribers),
            TimeSpan.FromSeconds(120), "Not every subscriber got the alert.");
        // A little longer, so that a repeat sent late would be seen too.
        await Task.Delay(TimeSpan.FromSeconds(2));

        var received = nodes.AlertsFor(headline);
        Assert.Equal(MailingNodes.Subscribers, received.Count);
        Assert.Equal(MailingNodes.Subscribers, received.Select(m => m.To).Distinct().Count());
        Assert.Equal(1, await nodes.ScheduledPublicationsAsync(headline));
        await using var db = nodes.OpenDb();
        var job = await db.MailJobs.SingleAsync(j => j.Kind == MailJobKind.Alert && j.ArticleId == db.Articles.Single(a => a.Headline == headline).Id);
        var senders = await db.Outbox.Where(m => m.JobId == job.Id).GroupBy(m => m.ClaimedBy).Select(g => new { Node = g.Key, Count = g.Count() }).ToListAsync();
        Assert.True(senders.Count == 2, "Both nodes should have sent part of the mailing: " + string.Join(", ", senders.Select(s => $"{s.Node}: {s.Count}")));
        Assert.Equal(MailingNodes.Subscribers, await db.Outbox.CountAsync(m => m.JobId == job.Id && m.Status == OutboxStatus.Sent));
    }

    [Fact]
    public async Task A_killed_node_s_claimed_alerts_are_sent_by_the_other_after_the_lease_none_lost_and_a_repeat_keeps_its_Message_ID()
    {
        var headline = await nodes.ScheduleAlertAsync();
        await NodeSteps.UntilAsync(() => Task.FromResult(nodes.AlertsFor(headline).Count >= MailingNodes.Subscribers / 4),
            TimeSpan.FromSeconds(60), "The mailing did not start.");
        // Killed between two batches, A would hold no claim, and the test would prove nothing about claims: the kill
        // comes while A holds messages it has claimed and not yet sent (a batch lasts far longer than this check).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await HoldsClaimsAsync("node-a"))
        {
            Assert.True(DateTime.UtcNow < deadline, "Node A never held a claimed message to be killed with.");
            await Task.Delay(10);
        }

        await nodes.A.KillAsync();
        // A message whose data A had sent before it died may still be in the server's hands: it counts as received
        // before the kill (A never heard the answer, so it is sent again). B goes on sending meanwhile, so the
        // server never falls quiet: a moment is enough.
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        var receivedAtKill = nodes.Smtp.Messages.Count;
        var alertsAtKill = nodes.AlertsFor(headline).Count;
        List<long> claimedByA;
        await using (var db = nodes.OpenDb())
        {
            claimedByA = await db.Outbox.Where(m => m.ClaimedBy == "node-a" && m.Status == OutboxStatus.Queued && m.ClaimToken != null)
                .Select(m => m.Id).ToListAsync();
        }

        Assert.True(alertsAtKill < MailingNodes.Subscribers, "The kill came after every alert had gone; the test proves nothing.");
        await NodeSteps.UntilAsync(() => Task.FromResult(nodes.AlertsFor(headline).Select(m => m.To).Distinct().Count() >= MailingNodes.Subscribers),
            TimeSpan.FromSeconds(120), "Node B did not send the rest of the mailing, node A's claims included.");
        await Task.Delay(TimeSpan.FromSeconds(2));

        var received = nodes.AlertsFor(headline);
        var byRecipient = received.GroupBy(m => m.To).ToList();
        Assert.Equal(MailingNodes.Subscribers, byRecipient.Count);
        Assert.All(byRecipient, copies => Assert.Single(copies.Select(m => m.Message.MessageId).Distinct()));
        // A repeat is a message A had handed to the server just before the kill without recording it: at 50
        // messages a second on two connections, a handful at most, and all among the last to arrive before the kill.
        const int InFlight = 10;
        var repeated = byRecipient.Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        Assert.True(repeated.Count <= InFlight, $"{repeated.Count} alerts were sent twice; only those in flight at the kill may be.");
        // The last messages before the kill, B's of the moment after it included (about 15 in 300 ms).
        var lastBeforeKill = nodes.Smtp.Messages.Take(receivedAtKill).TakeLast(InFlight * 5).Select(m => m.To).ToHashSet();
        Assert.All(repeated, address => Assert.Contains(address, lastBeforeKill));

        await using var check = nodes.OpenDb();
        Assert.NotEmpty(claimedByA);
        Assert.All(await check.Outbox.Where(m => claimedByA.Contains(m.Id)).Select(m => new { m.Status, m.ClaimedBy }).ToListAsync(), m =>
        {
            Assert.Equal(OutboxStatus.Sent, m.Status);
            Assert.Equal("node-b", m.ClaimedBy);
        });
        Assert.Equal(1, await nodes.ScheduledPublicationsAsync(headline));
        Assert.Empty(nodes.B.Errors);
    }

    private async Task<bool> HoldsClaimsAsync(string node)
    {
        await using var db = nodes.OpenDb();
        return await db.Outbox.AnyAsync(m => m.ClaimedBy == node && m.Status == OutboxStatus.Queued && m.ClaimToken != null);
    }

    [Fact]
    public async Task Without_Redis_a_scheduled_article_goes_live_once_and_each_node_evicts_its_own_cache()
    {
        using var readerOnA = nodes.A.CreateHttpClient();
        using var readerOnB = nodes.B.CreateHttpClient();
        var (sinceA, sinceB) = (nodes.A.Output.Length, nodes.B.Output.Length);
        await readerOnA.GetStringAsync("/");
        await readerOnB.GetStringAsync("/");

        var article = await nodes.ScheduleAndWaitAsync();

        Assert.Equal(1, await nodes.ScheduledPublicationsAsync(article.Headline));
        Assert.Equal(1, NodeSteps.LinesSince(nodes.A, sinceA, "Published 1 scheduled article") + NodeSteps.LinesSince(nodes.B, sinceB, "Published 1 scheduled article"));
        Assert.Equal(1, NodeSteps.LinesSince(nodes.A, sinceA, "Evicting the cached pages"));
        Assert.Equal(1, NodeSteps.LinesSince(nodes.B, sinceB, "Evicting the cached pages"));
        Assert.Contains(System.Net.WebUtility.HtmlEncode(article.Headline), await readerOnA.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(article.Headline), await readerOnB.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_uploaded_through_node_A_is_served_by_node_B_from_a_shared_folder()
    {
        await MediaAcrossNodes.UploadOnAServedByBAsync(nodes);
    }

    private (int A, int B) errorMarks;

    public async Task InitializeAsync()
    {
        await nodes.EnsureBothRunningAsync();
        errorMarks = nodes.ErrorMarks;
    }

    public Task DisposeAsync()
    {
        nodes.AssertNoErrorsSince(errorMarks);
        return Task.CompletedTask;
    }
}
