using System.Text;
using Broadsheet.Media;
using SkiaSharp;

namespace Broadsheet.Tests.Media;

public sealed class ImageProcessorTests : IDisposable
{
    private const long TenMegabytes = 10 * 1024 * 1024;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "broadsheet-media-" + Guid.NewGuid().ToString("N"));
    private readonly ImageProcessor _processor = new();

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private ProcessedImage Process(byte[] upload, long maxBytes = TenMegabytes, string baseName = "harbour")
    {
        using var stream = new MemoryStream(upload);
        return Store(_processor.Process(stream, maxBytes, baseName));
    }

    /// <summary>Keeps the image in a file store on <see cref="_directory"/>, as the media library does.</summary>
    private ProcessedImage Store(ProcessedImage image)
    {
        new FileSystemMediaStore(new MediaFolder(_directory)).Add(
            [new(image.FileName, ImageSniffer.ContentType(image.Kind), image.Content), .. image.Variants.Select(v => new MediaFileContent(v.FileName, "image/webp", v.Content))]);
        return image;
    }

    private string Rejection(byte[] upload, long maxBytes = TenMegabytes) =>
        Assert.Throws<MediaRejectedException>(() => Process(upload, maxBytes)).Message;

    private static SKBitmap DecodeFile(string path)
    {
        using var codec = SKCodec.Create(path);
        Assert.NotNull(codec);
        Assert.Equal(SKEncodedImageFormat.Webp, codec.EncodedFormat);
        return SKBitmap.Decode(codec);
    }

    /// <summary>Each variant the processor reports is a WebP file on disk with the dimensions it claims.</summary>
    private void AssertVariantFiles(ProcessedImage image)
    {
        foreach (var variant in image.Variants)
        {
            using var bitmap = DecodeFile(Path.Combine(_directory, variant.FileName));
            Assert.Equal((variant.Width, variant.Height), (bitmap.Width, bitmap.Height));
        }
    }

    [Fact]
    public void Each_format_is_detected_by_its_magic_bytes()
    {
        Assert.Equal(ImageKind.Jpeg, ImageSniffer.Detect(TestImages.Jpeg(10, 10)));
        Assert.Equal(ImageKind.Png, ImageSniffer.Detect(TestImages.Png(10, 10)));
        Assert.Equal(ImageKind.WebP, ImageSniffer.Detect(TestImages.WebP(10, 10)));
        Assert.Equal(ImageKind.Gif, ImageSniffer.Detect(TestImages.Gif(1, 1)));
        Assert.Equal(ImageKind.Gif, ImageSniffer.Detect("GIF87a"u8));
    }

    [Fact]
    public void Text_and_near_misses_are_not_detected()
    {
        Assert.Null(ImageSniffer.Detect("hello, world"u8));
        Assert.Null(ImageSniffer.Detect([]));
        Assert.Null(ImageSniffer.Detect([0xFF, 0xD8]));
        Assert.Null(ImageSniffer.Detect("RIFF\0\0\0\0WAVE"u8));
        Assert.Null(ImageSniffer.Detect("GIF88a"u8));
    }

    [Theory]
    [InlineData(ImageKind.Jpeg, "image/jpeg", ".jpg")]
    [InlineData(ImageKind.Png, "image/png", ".png")]
    [InlineData(ImageKind.WebP, "image/webp", ".webp")]
    [InlineData(ImageKind.Gif, "image/gif", ".gif")]
    public void Each_kind_has_its_content_type_and_extension(ImageKind kind, string contentType, string extension)
    {
        Assert.Equal(contentType, ImageSniffer.ContentType(kind));
        Assert.Equal(extension, ImageSniffer.Extension(kind));
    }

    [Fact]
    public void A_png_renamed_to_jpg_is_detected_by_content()
    {
        var image = Process(TestImages.Png(700, 300), baseName: "chart.jpg");

        Assert.Equal(ImageKind.Png, image.Kind);
        Assert.Equal("chart.jpg.png", image.FileName);
    }

    [Fact]
    public void The_full_size_file_is_written_upright_without_the_uploads_metadata()
    {
        var upload = TestImages.WithExifOrientation(TestImages.Jpeg(2000, 1000), 6);
        Assert.True(upload.AsSpan().IndexOf("Exif"u8) >= 0);

        var image = Process(upload);

        Assert.Equal("harbour.jpg", image.FileName);
        var stored = File.ReadAllBytes(Path.Combine(_directory, image.FileName));
        Assert.Equal(stored.Length, image.Length);
        Assert.Equal(ImageKind.Jpeg, ImageSniffer.Detect(stored));
        Assert.True(stored.AsSpan().IndexOf("Exif"u8) < 0, "The public file carries no EXIF block.");
        using var codec = SkiaSharp.SKCodec.Create(new MemoryStream(stored));
        Assert.Equal((1000, 2000), (codec.Info.Width, codec.Info.Height));
        Assert.Equal(SkiaSharp.SKEncodedOrigin.TopLeft, codec.EncodedOrigin);
    }

    [Fact]
    public void A_gif_keeps_its_bytes()
    {
        var gif = TestImages.Gif(600, 300);
        var image = Process(gif, baseName: "anim");
        Assert.Equal(gif, File.ReadAllBytes(Path.Combine(_directory, image.FileName)));
    }

    [Fact]
    public void A_wide_jpeg_gets_all_three_variants_in_proportion()
    {
        var image = Process(TestImages.Jpeg(2000, 1000));

        Assert.Equal((2000, 1000), (image.Width, image.Height));
        Assert.Equal(
            [(480, 240, "harbour-480.webp"), (960, 480, "harbour-960.webp"), (1600, 800, "harbour-1600.webp")],
            image.Variants.Select(v => (v.Width, v.Height, v.FileName)));
        AssertVariantFiles(image);
    }

    [Fact]
    public void A_png_narrower_than_960_gets_only_the_480_variant()
    {
        var image = Process(TestImages.Png(700, 300));

        Assert.Equal((700, 300), (image.Width, image.Height));
        var variant = Assert.Single(image.Variants);
        Assert.Equal((480, 206, "harbour-480.webp"), (variant.Width, variant.Height, variant.FileName));
        using var bitmap = DecodeFile(Path.Combine(_directory, variant.FileName));
        Assert.Equal((480, 206), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void A_webp_upload_is_accepted_and_resized()
    {
        var image = Process(TestImages.WebP(1000, 500));

        Assert.Equal(ImageKind.WebP, image.Kind);
        Assert.Equal("harbour.webp", image.FileName);
        Assert.Equal([(480, 240), (960, 480)], image.Variants.Select(v => (v.Width, v.Height)));
        AssertVariantFiles(image);
    }

    [Fact]
    public void A_gif_gets_variants_from_its_first_frame()
    {
        var image = Process(TestImages.Gif(600, 300));

        Assert.Equal(ImageKind.Gif, image.Kind);
        Assert.Equal("harbour.gif", image.FileName);
        Assert.Equal((600, 300), (image.Width, image.Height));
        var single = Assert.Single(image.Variants);
        Assert.Equal((480, 240, "harbour-480.webp"), (single.Width, single.Height, single.FileName));
        AssertVariantFiles(image);
    }

    [Fact]
    public void An_image_no_wider_than_480_gets_no_variants()
    {
        var image = Process(TestImages.Png(480, 100));

        Assert.Empty(image.Variants);
        Assert.Equal(["harbour.png"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void A_phone_photo_taken_sideways_is_stored_upright()
    {
        // Stored 2000 × 1000, red on the left; EXIF 6 turns it clockwise, so red ends up on top.
        var image = Process(TestImages.WithExifOrientation(TestImages.Jpeg(2000, 1000), orientation: 6));

        Assert.Equal((1000, 2000), (image.Width, image.Height));
        Assert.Equal([(480, 960), (960, 1920)], image.Variants.Select(v => (v.Width, v.Height)));
        using var bitmap = DecodeFile(Path.Combine(_directory, "harbour-480.webp"));
        Assert.Equal((480, 960), (bitmap.Width, bitmap.Height));
        AssertMostly(SKColors.Red, bitmap.GetPixel(240, 240));
        AssertMostly(SKColors.Blue, bitmap.GetPixel(240, 720));
    }

    [Fact]
    public void Fine_detail_is_averaged_not_aliased_when_shrinking_by_half_or_more()
    {
        // One-pixel black and white stripes: a sampler that skips pixels shows bands of solid
        // black or white; a proper reduction gives an even grey. (Shrunk by less than half, the
        // cubic step alone still shimmers on stripes this fine; photographs seldom have them.)
        using var stripes = new SKBitmap(4000, 200);
        for (var x = 0; x < 4000; x++)
        {
            for (var y = 0; y < 200; y++)
            {
                stripes.SetPixel(x, y, x % 2 == 0 ? SKColors.Black : SKColors.White);
            }
        }
        using var png = stripes.Encode(SKEncodedImageFormat.Png, 100);

        var image = Process(png.ToArray());

        Assert.Equal([(480, 24), (960, 48), (1600, 80)], image.Variants.Select(v => (v.Width, v.Height)));
        foreach (var variant in image.Variants)
        {
            using var bitmap = DecodeFile(Path.Combine(_directory, variant.FileName));
            for (var x = 10; x < bitmap.Width - 10; x += 7)
            {
                Assert.InRange(bitmap.GetPixel(x, bitmap.Height / 2).Red, (byte)96, (byte)160);
            }
        }
    }

    [Fact]
    public void A_text_file_is_rejected()
    {
        Assert.Equal(
            "This file is not a JPEG, PNG, WebP or GIF image. Upload one of those.",
            Rejection(Encoding.UTF8.GetBytes("Council minutes, 24 April\n")));
        Assert.False(Directory.Exists(_directory));
    }

    [Fact]
    public void An_html_file_named_jpg_is_rejected()
    {
        var html = Encoding.UTF8.GetBytes("<!DOCTYPE html><html><script>alert(1)</script></html>");

        var error = Assert.Throws<MediaRejectedException>(() => Process(html, baseName: "photo.jpg"));

        Assert.Equal("This file is not a JPEG, PNG, WebP or GIF image. Upload one of those.", error.Message);
    }

    [Fact]
    public void A_truncated_jpeg_is_rejected_as_damaged()
    {
        var jpeg = TestImages.Jpeg(2000, 1000);

        Assert.Equal("The image could not be read; the file may be damaged.", Rejection(jpeg[..(jpeg.Length / 2)]));
        Assert.Equal("The image could not be read; the file may be damaged.", Rejection(jpeg[..20]));
        Assert.False(Directory.Exists(_directory));
    }

    [Fact]
    public void A_file_over_the_limit_is_rejected_with_the_limit_in_words()
    {
        var jpeg = TestImages.Jpeg(2000, 1000);

        Assert.Equal(
            "The file is larger than 1 KB. Upload an image up to 1 KB.",
            Rejection(jpeg, maxBytes: 1024));
        Assert.False(Directory.Exists(_directory));
    }

    [Fact]
    public void A_file_of_exactly_the_limit_is_accepted()
    {
        var jpeg = TestImages.Jpeg(200, 100);

        var image = Process(jpeg, maxBytes: jpeg.Length);

        Assert.Equal((200, 100), (image.Width, image.Height));
        using var stored = SKCodec.Create(Path.Combine(_directory, image.FileName));
        Assert.Equal((200, 100), (stored.Info.Width, stored.Info.Height));
    }

    [Fact]
    public void An_upload_of_ten_megabytes_and_a_byte_is_refused_without_reading_further()
    {
        using var upload = new EndlessStream();

        var error = Assert.Throws<MediaRejectedException>(() => Store(_processor.Process(upload, TenMegabytes, "harbour")));

        Assert.Equal("The file is larger than 10 MB. Upload an image up to 10 MB.", error.Message);
        Assert.Equal(TenMegabytes + 1, upload.Position);
    }

    [Theory]
    [InlineData(10L * 1024 * 1024, "10 MB")]
    [InlineData(1536L * 1024, "1.5 MB")]
    [InlineData(500L * 1024, "500 KB")]
    [InlineData(900L, "900 bytes")]
    public void Size_limits_are_written_for_people(long bytes, string expected)
    {
        Assert.Equal(expected, ImageProcessor.FormatSize(bytes));
    }

    [Theory]
    [InlineData(13_000, 100)]
    [InlineData(100, 13_000)]
    [InlineData(8_000, 7_000)]
    public void A_header_claiming_absurd_dimensions_is_rejected_before_decoding(int width, int height)
    {
        var bomb = TestImages.WithClaimedSize(TestImages.Jpeg(16, 16), (ushort)width, (ushort)height);

        var message = Rejection(bomb);

        Assert.StartsWith($"The image is {width} × {height} pixels, which is too large.", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_existing_file_is_never_overwritten()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "harbour-480.webp"), "someone else's");

        Assert.Throws<IOException>(() => Process(TestImages.Jpeg(2000, 1000)));

        Assert.Equal(["harbour-480.webp"], Directory.GetFiles(_directory).Select(Path.GetFileName));
        Assert.Equal("someone else's", File.ReadAllText(Path.Combine(_directory, "harbour-480.webp")));
    }

    [Fact]
    public void A_base_name_with_a_directory_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Process(TestImages.Png(10, 10), baseName: "../harbour"));
    }

    private static void AssertMostly(SKColor expected, SKColor actual)
    {
        Assert.InRange(Math.Abs(expected.Red - actual.Red), 0, 24);
        Assert.InRange(Math.Abs(expected.Green - actual.Green), 0, 24);
        Assert.InRange(Math.Abs(expected.Blue - actual.Blue), 0, 24);
    }

    /// <summary>Zeros for ever, counting what was read: shows the processor stops at the limit.</summary>
    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Clear(buffer, offset, count);
            Position += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
