using System.Runtime.InteropServices;
using Broadsheet.Hosting;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Broadsheet.Tests.Hosting;

public sealed class NativeMemoryTrimTests
{
    [Fact]
    public async Task Native_memory_freed_between_ticks_is_given_back_on_the_next_one()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var trim = new NativeMemoryTrim(time, Settings(null), NullLogger<NativeMemoryTrim>.Instance);
        await trim.StartAsync(CancellationToken.None);
        Assert.Equal((0, 0), trim.Counts);

        // The service starts its clock on a thread of its own, so the time moves on until a tick is seen. Another app of
        // this test process trims on its own clock and may hand the pages back first: then the test tries again.
        for (var attempt = 1; attempt <= 3 && trim.Counts.Released == 0; attempt++)
        {
            var before = trim.Counts.Trims;
            var survivors = Fragment();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (trim.Counts.Trims == before && DateTime.UtcNow < deadline)
            {
                time.Advance(TimeSpan.FromSeconds(5));
                await Task.Delay(50);
            }

            Assert.True(trim.Counts.Trims > before, "no trim within 10 s");
            foreach (var block in survivors)
            {
                Marshal.FreeHGlobal(block);
            }
        }

        Assert.True(trim.Counts.Released >= 1, "the trims gave nothing back");
        await trim.StopAsync(CancellationToken.None);
    }

    /// <summary>
    /// 40 MB of small blocks, then all but every hundredth freed: the pages between the survivors stay with the C library
    /// until they are trimmed.
    /// </summary>
    private static List<IntPtr> Fragment()
    {
        var blocks = new IntPtr[40_000];
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(1000);
            Marshal.WriteByte(blocks[i], 0, 1);
        }

        var survivors = new List<IntPtr>();
        for (var i = 0; i < blocks.Length; i++)
        {
            if (i % 100 == 0)
            {
                survivors.Add(blocks[i]);
            }
            else
            {
                Marshal.FreeHGlobal(blocks[i]);
            }
        }

        return survivors;
    }

    [Fact]
    public async Task Trimming_set_to_zero_seconds_never_runs()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var trim = new NativeMemoryTrim(time, Settings("0"), NullLogger<NativeMemoryTrim>.Instance);
        await trim.StartAsync(CancellationToken.None);

        for (var i = 0; i < 10; i++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(50);
        }

        Assert.Equal((0, 0), trim.Counts);
        await trim.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_site_with_a_trim_interval_that_is_not_a_number_refuses_to_start_naming_the_setting()
    {
        var dataDir = Directory.CreateTempSubdirectory("broadsheet-trim-").FullName;
        try
        {
            string[] settings = ["--Broadsheet:DataDir", dataDir, "--Broadsheet:Memory:TrimSeconds", "often"];
            var site = await ProgramProcess.RunAsync(["--urls", $"http://127.0.0.1:{ProgramProcess.FreePort()}", .. settings], timeout: TimeSpan.FromSeconds(60));

            Assert.Equal(1, site.ExitCode);
            Assert.Contains("Broadsheet cannot start: Broadsheet:Memory:TrimSeconds is 'often': give a number of seconds", site.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", site.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("Now listening", site.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static IConfiguration Settings(string? seconds) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [NativeMemoryTrim.IntervalKey] = seconds }).Build();
}
