using System.Buffers;

namespace Broadsheet.Site;

/// <summary>Passes the body through and keeps a copy of it, up to a limit.</summary>
internal sealed class CaptureStream(Stream inner, int limit) : Stream
{
    private byte[]? buffer;
    private int length;

    public bool Overflowed { get; private set; }

    /// <summary>How many bytes went through.</summary>
    public int Captured => length;

    /// <summary>What went through, while the stream is not disposed.</summary>
    public ReadOnlySpan<byte> Span => buffer is null ? [] : buffer.AsSpan(0, length);

    private void Keep(ReadOnlySpan<byte> data)
    {
        if (Overflowed || data.IsEmpty)
        {
            return;
        }

        if (length + data.Length > limit)
        {
            Overflowed = true;
            Return();
            return;
        }

        if (buffer is null || length + data.Length > buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(length + data.Length, Math.Min(limit, Math.Max(16 * 1024, (buffer?.Length ?? 0) * 2))));
            buffer?.AsSpan(0, length).CopyTo(larger);
            Return();
            buffer = larger;
        }

        data.CopyTo(buffer.AsSpan(length));
        length += data.Length;
    }

    private void Return()
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }
    }

    protected override void Dispose(bool disposing)
    {
        Return();
        base.Dispose(disposing);
    }

    public override void Write(byte[] data, int offset, int count)
    {
        Keep(data.AsSpan(offset, count));
        inner.Write(data, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> data)
    {
        Keep(data);
        inner.Write(data);
    }

    public override Task WriteAsync(byte[] data, int offset, int count, CancellationToken cancellationToken)
    {
        Keep(data.AsSpan(offset, count));
        return inner.WriteAsync(data, offset, count, cancellationToken);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        Keep(data.Span);
        return inner.WriteAsync(data, cancellationToken);
    }

    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => length;
    public override long Position { get => length; set => throw new NotSupportedException(); }
    public override int Read(byte[] data, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
