namespace Broadsheet.Media;

/// <summary>
/// An accepted upload: the full-size image to keep as <paramref name="FileName"/> (upright, without metadata),
/// its upright dimensions (after the EXIF orientation), and the resized WebP copies.
/// </summary>
public sealed record ProcessedImage(
    ImageKind Kind,
    string FileName,
    int Width,
    int Height,
    byte[] Content,
    IReadOnlyList<ImageVariant> Variants)
{
    public long Length => Content.Length;
}

/// <summary>A resized WebP copy of an image, upright, kept beside the original.</summary>
public sealed record ImageVariant(int Width, int Height, string FileName, byte[] Content);
