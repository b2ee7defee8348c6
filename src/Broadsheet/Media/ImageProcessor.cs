using System.Globalization;
using SkiaSharp;

namespace Broadsheet.Media;

/// <summary>
/// Turns an uploaded file into a library image: checks it is a JPEG, PNG, WebP or GIF that decodes
/// and is not absurdly large, encodes the full-size image again upright and without its metadata (EXIF
/// and the like can carry the place a photo was taken and the camera's serial number, which a public
/// file must not), and encodes upright WebP copies at the widths the site serves. It gives bytes, which
/// the media store keeps (in a folder or in the database). Stateless, so one
/// instance can serve every request.
/// </summary>
public sealed class ImageProcessor
{
    /// <summary>The widths of the resized copies; only those narrower than the original are made.</summary>
    public static IReadOnlyList<int> VariantWidths { get; } = [480, 960, 1600];

    public const int MaxSide = 12_000;
    public const long MaxPixels = 50_000_000;
    public const int WebPQuality = 80;

    /// <summary>Quality of the full-size JPEG or WebP written in place of the upload: high, as it is the largest size readers get.</summary>
    public const int FullQuality = 92;

    /// <summary>
    /// Checks one upload and encodes it as <c>{baseName}{extension}</c> plus <c>{baseName}-{width}.webp</c>
    /// for each variant; the caller stores the bytes.
    /// </summary>
    /// <exception cref="MediaRejectedException">The upload is not an image the library takes; the message says why, for the uploader.</exception>
    public ProcessedImage Process(Stream upload, long maxBytes, string baseName)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(maxBytes, (long)Array.MaxLength);
        ArgumentException.ThrowIfNullOrWhiteSpace(baseName);
        if (Path.GetFileName(baseName) != baseName || baseName is "." or "..")
        {
            throw new ArgumentException("The base name must be a plain file name, without a directory.", nameof(baseName));
        }

        var original = ReadAtMost(upload, maxBytes);
        var kind = ImageSniffer.Detect(original)
            ?? throw new MediaRejectedException("This file is not a JPEG, PNG, WebP or GIF image. Upload one of those.");

        using var data = SKData.CreateCopy(original);
        using var codec = SKCodec.Create(data) ?? throw Damaged();
        var info = codec.Info;
        // Checked from the header alone, before any pixel memory is allocated: a few kilobytes of
        // compressed data can claim gigabytes of pixels.
        if (info.Width > MaxSide || info.Height > MaxSide || (long)info.Width * info.Height > MaxPixels)
        {
            throw new MediaRejectedException(string.Create(CultureInfo.InvariantCulture,
                $"The image is {info.Width} × {info.Height} pixels, which is too large. Upload an image of at most {MaxSide} pixels on each side and {MaxPixels / 1_000_000} megapixels in all."));
        }

        var origin = codec.EncodedOrigin;
        var sideways = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (width, height) = sideways ? (info.Height, info.Width) : (info.Width, info.Height);

        var variants = new List<ImageVariant>();
        byte[] full;
        using (var image = Decode(codec))
        using (var halvings = new Halvings(image))
        {
            // A GIF keeps its bytes (and its animation): the format has no place for camera or location data.
            full = kind switch
            {
                ImageKind.Gif => original,
                ImageKind.Jpeg => Render(image, origin, sideways, width, height, SKEncodedImageFormat.Jpeg, FullQuality),
                ImageKind.Png => Render(image, origin, sideways, width, height, SKEncodedImageFormat.Png, 100),
                _ => Render(image, origin, sideways, width, height, SKEncodedImageFormat.Webp, FullQuality),
            };

            foreach (var variantWidth in VariantWidths.Where(w => w < width))
            {
                var variantHeight = Math.Max(1, (int)Math.Round((double)height * variantWidth / width));
                var source = halvings.AtLeast(sideways ? variantHeight : variantWidth);
                var bytes = ResizeToWebP(source, origin, sideways, variantWidth, variantHeight);
                var fileName = string.Create(CultureInfo.InvariantCulture, $"{baseName}-{variantWidth}.webp");
                variants.Add(new ImageVariant(variantWidth, variantHeight, fileName, bytes));
            }
        }

        return new ProcessedImage(kind, baseName + ImageSniffer.Extension(kind), width, height, full, variants);
    }

    /// <summary>What an uploader is told when the file is over the limit.</summary>
    public static string TooLargeMessage(long maxBytes) =>
        $"The file is larger than {FormatSize(maxBytes)}. Upload an image up to {FormatSize(maxBytes)}.";

    /// <summary>A byte count as the uploader would say it: "10 MB", "1.5 MB", "500 KB".</summary>
    internal static string FormatSize(long bytes) => bytes switch
    {
        >= 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MB"),
        >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };

    private static MediaRejectedException Damaged() => new("The image could not be read; the file may be damaged.");

    private static byte[] ReadAtMost(Stream upload, long maxBytes)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        // One byte past the limit is enough to know the file is too large without reading all of it.
        while ((read = upload.Read(chunk, 0, (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length))) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                var limit = FormatSize(maxBytes);
                throw new MediaRejectedException($"The file is larger than {limit}. Upload an image up to {limit}.");
            }
        }
        return buffer.ToArray();
    }

    /// <summary>Decodes the first frame (the only one, except in an animated GIF or WebP) as sRGB.</summary>
    private static SKImage Decode(SKCodec codec)
    {
        // Converting to sRGB once here means the WebP copies need no colour profile: browsers take
        // untagged images as sRGB.
        var info = new SKImageInfo(
            codec.Info.Width,
            codec.Info.Height,
            SKImageInfo.PlatformColorType,
            codec.Info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul,
            SKColorSpace.CreateSrgb());
        using var bitmap = new SKBitmap(info);
        // Anything short of success, including a truncated file that decodes partly, is refused:
        // a half-grey photo on the front page is worse than asking for the file again.
        if (bitmap.IsNull || codec.GetPixels(info, bitmap.GetPixels()) != SKCodecResult.Success)
        {
            throw Damaged();
        }
        bitmap.SetImmutable();
        return SKImage.FromBitmap(bitmap) ?? throw Damaged();
    }

    private static byte[] ResizeToWebP(SKImage image, SKEncodedOrigin origin, bool sideways, int width, int height) =>
        Render(image, origin, sideways, width, height, SKEncodedImageFormat.Webp, WebPQuality);

    /// <summary>Draws the image upright at the size and encodes it; the encoder writes pixels only, no metadata.</summary>
    private static byte[] Render(SKImage image, SKEncodedOrigin origin, bool sideways, int width, int height, SKEncodedImageFormat format, int quality)
    {
        var info = new SKImageInfo(width, height, SKImageInfo.PlatformColorType, SKAlphaType.Premul, SKColorSpace.CreateSrgb());
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException("Could not allocate an image surface.");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Transparent);
        canvas.SetMatrix(OrientationMatrix(origin, width, height));
        // The image is drawn in its stored orientation; the matrix turns it upright.
        var destination = sideways ? SKRect.Create(height, width) : SKRect.Create(width, height);
        canvas.DrawImage(image, destination, new SKSamplingOptions(SKCubicResampler.Mitchell));
        canvas.Flush();

        using var snapshot = surface.Snapshot();
        using var encoded = snapshot.Encode(format, quality)
            ?? throw new InvalidOperationException($"SkiaSharp could not encode {format}.");
        return encoded.ToArray();
    }

    /// <summary>
    /// The decoded image and its successive halvings, made as the variants need them. Cubic
    /// resampling reads only a few source pixels around each target pixel, so a strong reduction
    /// in one step skips detail and shimmers (moiré on shirts and fences); halving first averages
    /// every source pixel, and the cubic step that follows shrinks by less than half.
    /// </summary>
    private sealed class Halvings(SKImage original) : IDisposable
    {
        private readonly List<SKImage> _levels = [original];

        /// <summary>The smallest level at least <paramref name="width"/> pixels wide.</summary>
        public SKImage AtLeast(int width)
        {
            while (_levels[^1].Width / 2 >= width)
            {
                _levels.Add(Halve(_levels[^1]));
            }
            return _levels.Last(level => level.Width >= width);
        }

        public void Dispose()
        {
            // The original belongs to the caller.
            foreach (var level in _levels.Skip(1))
            {
                level.Dispose();
            }
        }

        private static SKImage Halve(SKImage image)
        {
            var info = new SKImageInfo(image.Width / 2, Math.Max(1, image.Height / 2), SKImageInfo.PlatformColorType, SKAlphaType.Premul, SKColorSpace.CreateSrgb());
            using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException("Could not allocate an image surface.");
            // Bilinear at exactly half size is the average of each 2 × 2 block.
            surface.Canvas.DrawImage(image, SKRect.Create(info.Width, info.Height), new SKSamplingOptions(SKFilterMode.Linear));
            return surface.Snapshot();
        }
    }

    /// <summary>
    /// Maps the stored pixels onto the upright <paramref name="width"/> × <paramref name="height"/>
    /// image, as Skia's own SkEncodedOriginToMatrix does.
    /// </summary>
    private static SKMatrix OrientationMatrix(SKEncodedOrigin origin, int width, int height) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, width, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, width, 0, -1, height, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, height, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, width, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, width, -1, 0, height, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, height, 0, 0, 1),
        _ => SKMatrix.Identity,
    };
}
