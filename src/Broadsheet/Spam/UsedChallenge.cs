using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Spam;

/// <summary>
/// An anti-spam challenge that has been spent. Kept in the database until it would have expired anyway,
/// so a solution is accepted once across restarts and across nodes.
/// </summary>
public sealed class UsedChallenge
{
    /// <summary>The challenge's signature (hex), which identifies it.</summary>
    public required string Signature { get; set; }

    public DateTime ExpiresAt { get; set; }
}

internal sealed class UsedChallengeConfiguration : IEntityTypeConfiguration<UsedChallenge>
{
    public void Configure(EntityTypeBuilder<UsedChallenge> used)
    {
        used.HasKey(u => u.Signature);
        used.Property(u => u.Signature).HasMaxLength(128);
        used.HasIndex(u => u.ExpiresAt);
    }
}
