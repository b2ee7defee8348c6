using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Audit;

/// <summary>One newsroom action: who did what to which thing, and when.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string? UserId { get; set; }
    public required string UserName { get; set; }

    /// <summary>A short verb phrase: "Published article", "Changed role", "Signed in" …</summary>
    public required string Action { get; set; }

    /// <summary>What the action was about, in words: an article's headline, a user's email.</summary>
    public required string Subject { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.Property(e => e.UserId).HasMaxLength(450);
        entry.Property(e => e.UserName).HasMaxLength(256);
        entry.Property(e => e.Action).HasMaxLength(100);
        entry.Property(e => e.Subject).HasMaxLength(500);
        entry.HasIndex(e => e.At);
    }
}
