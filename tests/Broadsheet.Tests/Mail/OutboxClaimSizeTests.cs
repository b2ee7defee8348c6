using Broadsheet.Mail;

namespace Broadsheet.Tests.Mail;

/// <summary>
/// A sender claims only what it can send before its claim ends: otherwise, on several nodes, another node takes
/// the rest over when the lease runs out while this one is still sending, and subscribers get the message twice.
/// </summary>
public sealed class OutboxClaimSizeTests
{
    [Fact]
    public void A_paced_sender_claims_no_more_than_it_can_send_in_half_a_lease()
    {
        var mail = new MailOptions { BatchSize = 200, MessagesPerSecond = 2, ClaimLease = TimeSpan.FromMinutes(1) };

        Assert.Equal(60, OutboxSender.BatchSize(mail));
    }

    [Fact]
    public void An_unpaced_or_fast_sender_claims_the_configured_batch_and_a_tiny_lease_still_claims_one()
    {
        Assert.Equal(200, OutboxSender.BatchSize(new MailOptions { BatchSize = 200 }));
        Assert.Equal(200, OutboxSender.BatchSize(new MailOptions { BatchSize = 200, MessagesPerSecond = 1000 }));
        Assert.Equal(1, OutboxSender.BatchSize(new MailOptions { BatchSize = 200, MessagesPerSecond = 0.1, ClaimLease = TimeSpan.FromSeconds(1) }));
    }
}
