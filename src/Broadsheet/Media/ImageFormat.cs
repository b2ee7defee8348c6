namespace Broadsheet.Media;

/// <summary>The image formats the media library accepts.</summary>
public enum ImageKind
{
    Jpeg,
    Png,
    WebP,
    Gif,
}

/// <summary>
/// Recognizes an image format from its first bytes. The file name and the browser's content type
/// are never trusted: an upload is what its magic bytes say it is.
/// </summary>
public static class ImageSniffer
{
    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> Gif87a => "GIF87a"u8;
    private static ReadOnlySpan<byte> Gif89a => "GIF89a"u8;
    private static ReadOnlySpan<byte> Riff => "RIFF"u8;
    private static ReadOnlySpan<byte> WebP => "WEBP"u8;

    /// <summary>The format whose magic bytes start <paramref name="header"/>, or null for anything else.</summary>
    public static ImageKind? Detect(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith(JpegMagic))
        {
            return ImageKind.Jpeg;
        }
        if (header.StartsWith(PngMagic))
        {
            return ImageKind.Png;
        }
        if (header.StartsWith(Gif87a) || header.StartsWith(Gif89a))
        {
            return ImageKind.Gif;
        }
        // RIFF, then a four-byte chunk size, then the form type.
        if (header.Length >= 12 && header.StartsWith(Riff) && header[8..12].SequenceEqual(WebP))
        {
            return ImageKind.WebP;
        }
        return null;
    }

    public static string ContentType(ImageKind kind) => kind switch
    {
        ImageKind.Jpeg => "image/jpeg",
        ImageKind.Png => "image/png",
        ImageKind.WebP => "image/webp",
        ImageKind.Gif => "image/gif",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The file extension for <paramref name="kind"/>, with its leading dot.</summary>
    public static string Extension(ImageKind kind) => kind switch
    {
        ImageKind.Jpeg => ".jpg",
        ImageKind.Png => ".png",
        ImageKind.WebP => ".webp",
        ImageKind.Gif => ".gif",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
