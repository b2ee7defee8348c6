using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Broadsheet.Site;

/// <summary>
/// The file the in-process output cache keeps its pages in (<see cref="OffHeapOutputCacheStore"/>): blocks of
/// <see cref="BlockSize"/> bytes, each page in as many as it needs, handed out again once a page has gone.
/// <para>
/// Why a file: bytes written to a file stay in the kernel's page cache, outside the process. They do not count in its
/// resident memory, the kernel writes them out and drops them when memory is short, and a read copies them back with one
/// system call for each run of blocks. Held in the process, the same 64 MB budget cost about 80 MB of resident memory, the
/// allocator keeping room around what it holds (README, "Memory"). Varnish's file storage and nginx's proxy cache keep
/// their pages the same way.
/// </para>
/// <para>
/// The file has no name: it is made in the data folder and deleted at once, so the process holds the only way to it
/// and the kernel removes it when the process ends, even after a crash. Nothing is left for anyone to clean up, and
/// another process on the same folder (a command run while the site is up) has its own.
/// </para>
/// </summary>
public sealed class OutputCacheFile : IDisposable
{
    /// <summary>The kernel's page: a block never shares one with another page's bytes.</summary>
    public const int BlockSize = 4096;

    private readonly SafeFileHandle file;

    /// <summary>Blocks handed back, each page's first on top, so a page stored next takes them in the same runs.</summary>
    private readonly Stack<int> free = new();

    private readonly Lock gate = new();
    private int blocks;

    private OutputCacheFile(SafeFileHandle file) => this.file = file;

    /// <summary>Makes the file in <paramref name="folder"/> and takes its name away.</summary>
    /// <exception cref="IOException">The folder cannot take a file (read-only, missing, full).</exception>
    /// <exception cref="UnauthorizedAccessException">The process may not write in the folder.</exception>
    public static OutputCacheFile Create(string folder)
    {
        var path = Path.Combine(folder, $".output-cache-{Guid.NewGuid():N}.tmp");
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Delete, FileOptions.DeleteOnClose);
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The name stays until the handle closes (DeleteOnClose): the cache works all the same.
        }

        return new OutputCacheFile(handle);
    }

    /// <summary>Blocks the file has now: its length, which only grows as far as the pages held at once need.</summary>
    public long Length
    {
        get
        {
            lock (gate)
            {
                return (long)blocks * BlockSize;
            }
        }
    }

    /// <summary>How many blocks a page of <paramref name="length"/> bytes takes (one at least).</summary>
    public static int BlocksFor(long length) => Math.Max(1, (int)((length + BlockSize - 1) / BlockSize));

    /// <summary>Blocks for <paramref name="length"/> bytes: handed back ones first, then new ones at the end.</summary>
    public int[] Rent(int length)
    {
        var taken = new int[BlocksFor(length)];
        lock (gate)
        {
            for (var i = 0; i < taken.Length; i++)
            {
                taken[i] = free.TryPop(out var block) ? block : blocks++;
            }
        }

        return taken;
    }

    /// <summary>Hands blocks back, once nothing reads or writes them any more.</summary>
    public void Return(int[] taken)
    {
        lock (gate)
        {
            // Pushed last first: the next page pops them in this page's order, in the runs they made for it.
            for (var i = taken.Length - 1; i >= 0; i--)
            {
                free.Push(taken[i]);
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="value"/> into <paramref name="taken"/>: one system call for each run of blocks in order, or
    /// for each piece of the value within a run when it comes in several.
    /// </summary>
    public void Write(int[] taken, ReadOnlySequence<byte> value)
    {
        long at = 0;
        foreach (var segment in value)
        {
            var rest = segment.Span;
            while (!rest.IsEmpty)
            {
                var (offset, room) = Place(taken, at);
                var part = (int)Math.Min(rest.Length, room);
                RandomAccess.Write(file, rest[..part], offset);
                rest = rest[part..];
                at += part;
            }
        }
    }

    /// <summary>Reads <paramref name="destination"/>'s length of bytes back from <paramref name="taken"/>.</summary>
    /// <exception cref="IOException">The file ended early or could not be read.</exception>
    public void Read(int[] taken, Span<byte> destination) => Read(taken, 0, destination);

    /// <summary>Reads <paramref name="destination"/>'s length of bytes back from <paramref name="taken"/>, from byte <paramref name="start"/> of the page.</summary>
    /// <exception cref="IOException">The file ended early or could not be read.</exception>
    public void Read(int[] taken, long start, Span<byte> destination)
    {
        long done = 0;
        while (done < destination.Length)
        {
            var (offset, room) = Place(taken, start + done);
            var part = destination.Slice((int)done, (int)Math.Min(destination.Length - done, room));
            var read = RandomAccess.Read(file, part, offset);
            if (read <= 0)
            {
                throw new IOException("The output cache's file ended before the page it holds.");
            }

            done += read;
        }
    }

    /// <summary>Where byte <paramref name="at"/> of a page lies in the file, and how many bytes follow it in one run of blocks.</summary>
    private static (long Offset, long Room) Place(int[] taken, long at)
    {
        var index = (int)(at / BlockSize);
        if (index >= taken.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(at), "The page is longer than the blocks taken for it.");
        }

        var within = (int)(at % BlockSize);
        var end = index + 1;
        while (end < taken.Length && taken[end] == taken[end - 1] + 1)
        {
            end++;
        }

        return (((long)taken[index] * BlockSize) + within, ((long)(end - index) * BlockSize) - within);
    }

    public void Dispose() => file.Dispose();
}
