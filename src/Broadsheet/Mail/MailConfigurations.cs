using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Mail;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> message)
    {
        message.ToTable("Outbox");
        message.Property(m => m.MessageId).HasMaxLength(200);
        message.HasIndex(m => m.MessageId).IsUnique();
        message.Property(m => m.ToAddress).HasMaxLength(254);
        message.Property(m => m.ToName).HasMaxLength(200);
        message.Property(m => m.Subject).HasMaxLength(500);
        message.Property(m => m.UnsubscribeUrl).HasMaxLength(1000);
        message.Property(m => m.LastError).HasMaxLength(1000);
        // The sender's claim takes the first due queued messages in id order: walking this index it stops after
        // a batch, where an index on the due time would sort every queued message for each batch.
        message.HasIndex(m => new { m.Status, m.Id });
        message.HasIndex(m => m.SubscriberId);
        // A fan-out page is written once per subscriber, whatever happens to the worker.
        message.HasIndex(m => new { m.JobId, m.SubscriberId }).IsUnique();
        message.HasIndex(m => m.CreatedAt);
        message.Property(m => m.ClaimedBy).HasMaxLength(200);
        message.Property(m => m.ClaimToken).HasMaxLength(40);
        message.HasIndex(m => m.ClaimToken);
    }
}

internal sealed class MailJobConfiguration : IEntityTypeConfiguration<MailJob>
{
    public void Configure(EntityTypeBuilder<MailJob> job)
    {
        job.HasIndex(j => new { j.Kind, j.ArticleId, j.PeriodEnd }).IsUnique();
        job.HasIndex(j => j.Done);
    }
}
