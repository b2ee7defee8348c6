using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Media;

/// <summary>
/// The bytes of one media file (an original or a resized copy) kept in the database, for installations whose
/// nodes share no disk (<c>Broadsheet:Media:Store=Database</c>). Keyed by the same path the file would have under
/// the media folder, so addresses do not depend on the store.
/// </summary>
public sealed class MediaFile
{
    /// <summary>Path under <c>/media/</c>, e.g. <c>2026/11/3f2a….jpg</c> or <c>2026/11/3f2a…-480.webp</c>.</summary>
    public required string Path { get; set; }

    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    public long Length { get; set; }
    public DateTime StoredAt { get; set; }
}

internal sealed class MediaFileConfiguration : IEntityTypeConfiguration<MediaFile>
{
    public void Configure(EntityTypeBuilder<MediaFile> file)
    {
        file.HasKey(f => f.Path);
        file.Property(f => f.Path).HasMaxLength(220);
        file.Property(f => f.ContentType).HasMaxLength(50);
    }
}
