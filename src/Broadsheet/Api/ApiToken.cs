using Broadsheet.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Api;

/// <summary>
/// A personal token for the Admin API. It acts as its owner, with the owner's role at the time of each request;
/// only a SHA-256 hash of the secret is kept, so a stolen database does not give the token away.
/// </summary>
public sealed class ApiToken
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public NewsroomUser User { get; set; } = null!;

    /// <summary>What the owner called it ("Newsletter tool").</summary>
    public required string Name { get; set; }

    /// <summary>Lowercase hex SHA-256 of the whole token string.</summary>
    public required string TokenHash { get; set; }

    /// <summary>The token's first characters, shown in lists so the owner can tell tokens apart.</summary>
    public required string Prefix { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

/// <summary>
/// The stored answer to a POST sent with an <c>Idempotency-Key</c>: a repeat with the same key and the same request
/// gets the same answer without doing the work twice; the same key with a different request is refused.
/// </summary>
public sealed class IdempotencyRecord
{
    public long Id { get; set; }
    public int TokenId { get; set; }
    public ApiToken Token { get; set; } = null!;
    public required string Key { get; set; }

    /// <summary>SHA-256 (hex) of method, path and body, to tell a true repeat from a reused key.</summary>
    public required string RequestHash { get; set; }

    public int StatusCode { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public string? ResponseBody { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> token)
    {
        token.Property(t => t.Name).HasMaxLength(100);
        token.Property(t => t.TokenHash).HasMaxLength(64);
        token.HasIndex(t => t.TokenHash).IsUnique();
        token.Property(t => t.Prefix).HasMaxLength(20);
        token.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        token.HasIndex(t => t.UserId);
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> record)
    {
        record.Property(r => r.Key).HasMaxLength(255);
        record.Property(r => r.RequestHash).HasMaxLength(64);
        record.Property(r => r.ContentType).HasMaxLength(200);
        record.Property(r => r.Location).HasMaxLength(2000);
        record.HasOne(r => r.Token).WithMany().HasForeignKey(r => r.TokenId).OnDelete(DeleteBehavior.Cascade);
        record.HasIndex(r => new { r.TokenId, r.Key }).IsUnique();
        // Old records are pruned by age.
        record.HasIndex(r => r.CreatedAt);
    }
}
