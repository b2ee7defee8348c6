using Broadsheet.Articles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.StaticPages;

/// <summary>A page outside the news flow (About, Contact, Privacy policy), served at <c>/{slug}</c>.</summary>
public sealed class StaticPage
{
    public int Id { get; set; }
    public required string Title { get; set; }

    /// <summary>Lowercase, unique among pages and never the first segment of another site path.</summary>
    public required string Slug { get; set; }

    public required string Body { get; set; }
    public BodyFormat BodyFormat { get; set; }

    /// <summary>The search-result and social-card description; the body's first paragraph when empty.</summary>
    public string? Description { get; set; }

    public StaticPageStatus Status { get; set; }

    /// <summary>UTC; when the page was first published.</summary>
    public DateTime? PublishedAt { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>The page's place in the footer menu, or null when it is not in the menu.</summary>
    public int? FooterPosition { get; set; }

    /// <summary>The page's id on the WordPress site it was imported from.</summary>
    public int? WordPressId { get; set; }

    public bool IsVisible() => Status == StaticPageStatus.Published;
}

public enum StaticPageStatus
{
    Draft = 0,
    Published = 1,
}

/// <summary>A static page as it was saved once; kept for its history and restore.</summary>
public sealed class StaticPageRevision
{
    public int Id { get; set; }
    public int StaticPageId { get; set; }
    public StaticPage StaticPage { get; set; } = null!;
    public required string Title { get; set; }
    public required string Body { get; set; }
    public BodyFormat BodyFormat { get; set; }
    public string? Description { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? UserId { get; set; }
    public string? UserName { get; set; }
}

internal sealed class StaticPageConfiguration : IEntityTypeConfiguration<StaticPage>
{
    public void Configure(EntityTypeBuilder<StaticPage> page)
    {
        page.Property(p => p.Title).HasMaxLength(300);
        page.Property(p => p.Slug).HasMaxLength(100);
        page.HasIndex(p => p.Slug).IsUnique();
        page.Property(p => p.Description).HasMaxLength(1000);
        page.HasIndex(p => p.WordPressId).IsUnique();
        page.HasIndex(p => new { p.Status, p.FooterPosition });
    }
}

internal sealed class StaticPageRevisionConfiguration : IEntityTypeConfiguration<StaticPageRevision>
{
    public void Configure(EntityTypeBuilder<StaticPageRevision> revision)
    {
        revision.Property(r => r.Title).HasMaxLength(300);
        revision.Property(r => r.Description).HasMaxLength(1000);
        revision.Property(r => r.UserId).HasMaxLength(450);
        revision.Property(r => r.UserName).HasMaxLength(200);
        revision.HasIndex(r => new { r.StaticPageId, r.CreatedAt });
        revision.HasOne(r => r.StaticPage).WithMany().OnDelete(DeleteBehavior.Cascade);
    }
}
