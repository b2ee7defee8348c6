namespace Broadsheet.Media;

/// <summary>
/// An accepted upload: the original kept byte for byte in <paramref name="FileName"/>, its upright
/// dimensions (after the EXIF orientation), its size in bytes, and the resized WebP copies.
/// </summary>
public sealed record ProcessedImage(
    ImageKind Kind,
    string FileName,
    int Width,
    int Height,
    long Length,
    IReadOnlyList<ImageVariant> Variants);

/// <summary>A resized WebP copy of an image, upright, in the same directory as the original.</summary>
public sealed record ImageVariant(int Width, int Height, string FileName);
