using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Subscriptions;

internal sealed class SubscriberConfiguration : IEntityTypeConfiguration<Subscriber>
{
    public void Configure(EntityTypeBuilder<Subscriber> subscriber)
    {
        subscriber.Property(s => s.Email).HasMaxLength(254);
        subscriber.Property(s => s.NormalizedEmail).HasMaxLength(254);
        subscriber.HasIndex(s => s.NormalizedEmail).IsUnique();
        // Alerts and digests page through the confirmed subscribers of one frequency by id.
        subscriber.HasIndex(s => new { s.Status, s.Frequency, s.Id });
        subscriber.Property(s => s.ConsentSource).HasMaxLength(200);
        subscriber.Property(s => s.BounceReason).HasMaxLength(1000);
        subscriber.Property(s => s.LinkKey).HasMaxLength(32);
        subscriber.Ignore(s => s.CanReceive);
        subscriber.Ignore(s => s.GetsNews);
    }
}

internal sealed class SubscriberSectionConfiguration : IEntityTypeConfiguration<SubscriberSection>
{
    public void Configure(EntityTypeBuilder<SubscriberSection> section)
    {
        section.HasKey(s => new { s.SubscriberId, s.SectionId });
        section.HasIndex(s => s.SectionId);
        section.HasOne(s => s.Subscriber).WithMany(s => s.Sections).OnDelete(DeleteBehavior.Cascade);
        section.HasOne(s => s.Section).WithMany().OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DiscussionFollowConfiguration : IEntityTypeConfiguration<DiscussionFollow>
{
    public void Configure(EntityTypeBuilder<DiscussionFollow> follow)
    {
        follow.HasOne(f => f.Subscriber).WithMany().OnDelete(DeleteBehavior.Cascade);
        follow.HasOne(f => f.Article).WithMany().OnDelete(DeleteBehavior.Cascade);
        // An approval looks up the followers of its article.
        follow.HasIndex(f => new { f.ArticleId, f.Kind });
        follow.HasIndex(f => f.CommentId);
        follow.HasIndex(f => new { f.SubscriberId, f.ArticleId, f.Kind, f.CommentId }).IsUnique();
    }
}

internal sealed class SpentLinkConfiguration : IEntityTypeConfiguration<SpentLink>
{
    public void Configure(EntityTypeBuilder<SpentLink> link)
    {
        link.HasKey(l => l.Nonce);
        link.Property(l => l.Nonce).HasMaxLength(64);
        link.HasIndex(l => l.ExpiresAt);
    }
}
