using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Media;

/// <summary>An uploaded image in the media library, kept in the media store with a generated name.</summary>
public sealed class MediaItem
{
    public int Id { get; set; }

    /// <summary>Path in the media store, e.g. <c>2026/11/3f2a….jpg</c>; served at <c>/media/{Path}</c>.</summary>
    public required string Path { get; set; }

    /// <summary>The name the file had on the uploader's computer; shown, never used on disk.</summary>
    public required string OriginalName { get; set; }

    public required string ContentType { get; set; }
    public long Length { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }

    /// <summary>Widths of the resized WebP copies, e.g. "480,960,1600"; each at <c>{path without extension}-{width}.webp</c>.</summary>
    public string Variants { get; set; } = "";

    /// <summary>
    /// Suggested alt text, caption and credit, offered when the image is chosen for an article. Articles keep copies;
    /// editing them here updates the copies that still match (see <see cref="MediaDescriptions"/>).
    /// </summary>
    public string? Alt { get; set; }
    public string? Caption { get; set; }
    public string? Credit { get; set; }

    /// <summary>Where the file was found on the site it was imported from (a WordPress attachment's URL); null for uploads.</summary>
    public string? SourceUrl { get; set; }

    /// <summary>The attachment's id on the WordPress site it was imported from.</summary>
    public int? WordPressId { get; set; }

    public DateTime UploadedAt { get; set; }
    public string? UploadedById { get; set; }

    public string Url => $"/media/{Path}";

    /// <summary>The path without its extension: what the image and every resized copy share, so text that names any of them contains it.</summary>
    public string Stem => Path[..Path.LastIndexOf('.')];

    /// <summary>The paths of the image and of each resized copy in the media store.</summary>
    public IReadOnlyList<string> FilePaths() =>
        [Path, .. Variants.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(w => ImageSources.VariantUrl(Path, w))];

    /// <summary>The smallest resized copy (or the image itself when it is smaller than every copy), for lists and pickers.</summary>
    public string ThumbnailUrl => ImageSources.SmallestUrl(Url, Variants);
}

internal sealed class MediaItemConfiguration : IEntityTypeConfiguration<MediaItem>
{
    public void Configure(EntityTypeBuilder<MediaItem> media)
    {
        media.Property(m => m.Path).HasMaxLength(200);
        media.HasIndex(m => m.Path).IsUnique();
        media.Property(m => m.OriginalName).HasMaxLength(260);
        media.Property(m => m.ContentType).HasMaxLength(50);
        media.Property(m => m.Variants).HasMaxLength(100);
        media.Property(m => m.Alt).HasMaxLength(500);
        media.Property(m => m.Caption).HasMaxLength(MediaText.MaxCaption);
        media.Property(m => m.Credit).HasMaxLength(300);
        media.Property(m => m.UploadedById).HasMaxLength(450);
        media.HasIndex(m => m.UploadedAt);
        media.Property(m => m.SourceUrl).HasMaxLength(1000);
        media.HasIndex(m => m.WordPressId).IsUnique();
    }
}
