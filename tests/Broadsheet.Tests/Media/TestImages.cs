using SkiaSharp;

namespace Broadsheet.Tests.Media;

/// <summary>Builds small image files in memory, so the tests ship no binaries.</summary>
internal static class TestImages
{
    /// <summary>The left half red, the right half blue: which way round it ends up shows the orientation.</summary>
    public static byte[] Encode(SKEncodedImageFormat format, int width, int height, int quality = 90)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var red = new SKPaint { Color = SKColors.Red };
            using var blue = new SKPaint { Color = SKColors.Blue };
            canvas.DrawRect(0, 0, width / 2f, height, red);
            canvas.DrawRect(width / 2f, 0, width - (width / 2f), height, blue);
        }
        using var data = bitmap.Encode(format, quality);
        return data.ToArray();
    }

    public static byte[] Jpeg(int width, int height) => Encode(SKEncodedImageFormat.Jpeg, width, height);

    public static byte[] Png(int width, int height) => Encode(SKEncodedImageFormat.Png, width, height);

    public static byte[] WebP(int width, int height) => Encode(SKEncodedImageFormat.Webp, width, height);

    /// <summary>
    /// A GIF89a whose first frame is one transparent pixel on a logical screen of the given size.
    /// SkiaSharp cannot encode GIF; a decoder shows the whole screen, so this is a width × height image.
    /// </summary>
    public static byte[] Gif(ushort width, ushort height) =>
    [
        .. "GIF89a"u8,
        (byte)width, (byte)(width >> 8), (byte)height, (byte)(height >> 8),
        0x80, 0x00, 0x00, // global colour table of two entries
        0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00,
        0x21, 0xF9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, // graphic control: index 0 is transparent
        0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, // image descriptor, 1 × 1 at 0,0
        0x02, 0x02, 0x44, 0x01, 0x00, // LZW data
        0x3B,
    ];

    /// <summary>
    /// <paramref name="jpeg"/> with an EXIF segment saying how to turn it upright, as a phone camera
    /// writes it (6: the stored image is to be turned 90° clockwise).
    /// </summary>
    public static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] app1 =
        [
            0xFF, 0xE1, 0x00, 0x22, // APP1, 34 bytes including this length
            .. "Exif\0\0"u8,
            0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, // big-endian TIFF header, first IFD at 8
            0x00, 0x01, // one entry
            0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, (byte)(orientation >> 8), (byte)orientation, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, // no next IFD
        ];
        return [.. jpeg.AsSpan(0, 2), .. app1, .. jpeg.AsSpan(2)];
    }

    /// <summary>
    /// <paramref name="jpeg"/> with the dimensions in its frame header replaced: what a
    /// decompression bomb looks like to a decoder that trusts the header.
    /// </summary>
    public static byte[] WithClaimedSize(byte[] jpeg, ushort width, ushort height)
    {
        var bytes = (byte[])jpeg.Clone();
        var at = 2;
        while (at + 9 < bytes.Length)
        {
            var marker = bytes[at + 1];
            var length = (bytes[at + 2] << 8) | bytes[at + 3];
            if (marker is >= 0xC0 and <= 0xC2)
            {
                bytes[at + 5] = (byte)(height >> 8);
                bytes[at + 6] = (byte)height;
                bytes[at + 7] = (byte)(width >> 8);
                bytes[at + 8] = (byte)width;
                return bytes;
            }
            at += 2 + length;
        }
        throw new InvalidOperationException("No frame header found in the JPEG.");
    }
}
