using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Articles;

/// <summary>
/// A slug a section used to have (or the slug of a section merged into it): its old page, pages and feeds
/// answer 301 to the section's current ones.
/// </summary>
public sealed class RetiredSectionSlug
{
    public required string Slug { get; set; }
    public int SectionId { get; set; }
    public Section Section { get; set; } = null!;
    public DateTime RetiredAt { get; set; }
}

/// <summary>A slug an author used to have (or the slug of an author merged into them): the old author page answers 301.</summary>
public sealed class RetiredAuthorSlug
{
    public required string Slug { get; set; }
    public int AuthorId { get; set; }
    public Author Author { get; set; } = null!;
    public DateTime RetiredAt { get; set; }
}

internal sealed class RetiredSectionSlugConfiguration : IEntityTypeConfiguration<RetiredSectionSlug>
{
    public void Configure(EntityTypeBuilder<RetiredSectionSlug> retired)
    {
        retired.HasKey(r => r.Slug);
        retired.Property(r => r.Slug).HasMaxLength(100);
        retired.HasIndex(r => r.SectionId);
        retired.HasOne(r => r.Section).WithMany().OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RetiredAuthorSlugConfiguration : IEntityTypeConfiguration<RetiredAuthorSlug>
{
    public void Configure(EntityTypeBuilder<RetiredAuthorSlug> retired)
    {
        retired.HasKey(r => r.Slug);
        retired.Property(r => r.Slug).HasMaxLength(100);
        retired.HasIndex(r => r.AuthorId);
        retired.HasOne(r => r.Author).WithMany().OnDelete(DeleteBehavior.Cascade);
    }
}
