using Broadsheet.Comments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Site;

/// <summary>
/// The site settings the newsroom edits (one row). Until an Administrator saves them, the values from
/// configuration (<c>Broadsheet:Site</c>) apply.
/// </summary>
public sealed class SiteSettings
{
    public int Id { get; set; }
    public required string Title { get; set; }
    public required string Tagline { get; set; }
    public required string TimeZone { get; set; }
    public required string Culture { get; set; }
    public required string DateFormat { get; set; }

    /// <summary>The discussion settings, kept in the same row.</summary>
    public DiscussionSettings Discussion { get; set; } = new();

    public DateTime UpdatedAt { get; set; }
}

internal sealed class SiteSettingsConfiguration : IEntityTypeConfiguration<SiteSettings>
{
    public void Configure(EntityTypeBuilder<SiteSettings> settings)
    {
        // The table keeps the name it was created with (the type was once called SiteProfile).
        settings.ToTable("SiteProfiles");
        settings.Property(p => p.Id).ValueGeneratedNever();
        settings.Property(p => p.Title).HasMaxLength(200);
        settings.Property(p => p.Tagline).HasMaxLength(300);
        settings.Property(p => p.TimeZone).HasMaxLength(100);
        settings.Property(p => p.Culture).HasMaxLength(20);
        settings.Property(p => p.DateFormat).HasMaxLength(50);
        settings.ComplexProperty(p => p.Discussion, DiscussionSettings.Configure);
    }
}
