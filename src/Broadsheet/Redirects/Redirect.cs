using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Redirects;

/// <summary>
/// An old address that answers 301 with a new one: a WordPress permalink, category, feed or upload
/// after an import. <see cref="Path"/> is stored lowercase, without a trailing slash or query.
/// </summary>
public sealed class Redirect
{
    public int Id { get; set; }
    public required string Path { get; set; }

    /// <summary>A path on this site (starting with <c>/</c>).</summary>
    public required string Target { get; set; }

    public DateTime CreatedAt { get; set; }
}

internal sealed class RedirectConfiguration : IEntityTypeConfiguration<Redirect>
{
    public void Configure(EntityTypeBuilder<Redirect> redirect)
    {
        redirect.Property(r => r.Path).HasMaxLength(400);
        redirect.HasIndex(r => r.Path).IsUnique();
        redirect.Property(r => r.Target).HasMaxLength(1000);
    }
}
