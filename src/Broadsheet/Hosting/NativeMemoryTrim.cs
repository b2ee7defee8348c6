using System.Globalization;
using System.Runtime.InteropServices;

namespace Broadsheet.Hosting;

/// <summary>
/// Gives the memory that native code has freed back to the operating system every few seconds. SQLite, the JIT and
/// the TLS and globalization libraries allocate with glibc's <c>malloc</c>, which keeps an arena per busy thread
/// and holds on to the pages freed inside them; under load the site's process kept 20-25 MB of them (README,
/// "Memory"). glibc's <c>malloc_trim</c> hands those pages back. Elsewhere (musl, other systems) it does nothing.
/// </summary>
internal sealed partial class NativeMemoryTrim(TimeProvider time, IConfiguration configuration, ILogger<NativeMemoryTrim> logger)
    : BackgroundService
{
    public const string IntervalKey = "Broadsheet:Memory:TrimSeconds";
    private const double DefaultSeconds = 5;

    /// <summary>One trimmer a process: the C library's arenas are the process's, whatever number of apps it hosts.</summary>
    private static int running;

    private int trims;
    private int released;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int MallocTrim(nuint pad);

    /// <summary>How many times native memory was trimmed, and how many of those gave memory back.</summary>
    internal (int Trims, int Released) Counts => (Volatile.Read(ref trims), Volatile.Read(ref released));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = Interval(configuration[IntervalKey]);
        if (seconds <= 0 || Find() is not { } trim || Interlocked.CompareExchange(ref running, 1, 0) != 0)
        {
            return;
        }

        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                // 1 when some memory was given back. It takes each arena's lock in turn, holding up allocations meanwhile.
                var started = time.GetTimestamp();
                var gaveBack = trim(0) == 1;
                if (gaveBack)
                {
                    Interlocked.Increment(ref released);
                }

                Interlocked.Increment(ref trims);
                var milliseconds = time.GetElapsedTime(started).TotalMilliseconds;
                LogTrimmed(logger, milliseconds, gaveBack);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            Volatile.Write(ref running, 0);
        }
    }

    /// <summary>The configured interval in seconds; 0 turns trimming off. A value that is not a number is refused at start.</summary>
    public static double Interval(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return DefaultSeconds;
        }

        if (!double.TryParse(configured, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || seconds < 0 || double.IsInfinity(seconds) || double.IsNaN(seconds))
        {
            throw new StartupProblemException(
                $"{IntervalKey} is '{configured}': give a number of seconds (for example 5), or 0 to leave native memory untrimmed.");
        }

        return seconds;
    }

    private MallocTrim? Find()
    {
        if (!OperatingSystem.IsLinux()
            || !NativeLibrary.TryLoad("libc.so.6", out var libc)
            || !NativeLibrary.TryGetExport(libc, "malloc_trim", out var address))
        {
            LogUnavailable(logger);
            return null;
        }

        return Marshal.GetDelegateForFunctionPointer<MallocTrim>(address);
    }

    [LoggerMessage(Level = LogLevel.Trace, Message = "Native memory trimmed in {Milliseconds:0.###} ms; some given back: {GaveBack}.")]
    private static partial void LogTrimmed(ILogger logger, double milliseconds, bool gaveBack);

    [LoggerMessage(Level = LogLevel.Debug, Message = "This C library has no malloc_trim; native memory is not trimmed.")]
    private static partial void LogUnavailable(ILogger logger);
}

internal static class NativeMemoryTrimSetup
{
    public static void AddNativeMemoryTrim(this WebApplicationBuilder builder)
    {
        // Checked here, so a mistyped value stops the start with its message rather than later in the background.
        _ = NativeMemoryTrim.Interval(builder.Configuration[NativeMemoryTrim.IntervalKey]);
        builder.Services.AddHostedService<NativeMemoryTrim>();
    }
}
