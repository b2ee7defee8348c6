using System.Net;
using System.Net.Sockets;
using Broadsheet.CommandLine;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Hosting;

/// <summary>The site started on an address it cannot have: one line that says why and what to do, and exit code 1.</summary>
public sealed class ListenAddressTests : IDisposable
{
    private readonly string dataDir = Directory.CreateTempSubdirectory("broadsheet-listen-").FullName;

    public void Dispose() => Directory.Delete(dataDir, recursive: true);

    [Fact]
    public async Task A_site_started_on_a_port_another_program_holds_says_so_and_exits()
    {
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)other.LocalEndpoint).Port}";

        var site = await ProgramProcess.RunAsync(["--urls", address, "--Broadsheet:DataDir", dataDir], timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(1, site.ExitCode);
        Assert.Contains($"Broadsheet cannot start: Failed to bind to address {address}: address already in use.", site.Error, StringComparison.Ordinal);
        Assert.Contains("give the site another address with --urls", site.Error, StringComparison.Ordinal);
        AssertStoppedCleanly(site);
    }

    [Fact]
    public async Task A_site_started_on_an_address_the_machine_lacks_says_so_and_exits()
    {
        // TEST-NET-1 (RFC 5737): never an address of this machine.
        const string address = "http://192.0.2.1:5080";

        var site = await ProgramProcess.RunAsync(["--Broadsheet:DataDir", dataDir, "--urls", address], timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(1, site.ExitCode);
        Assert.Contains($"Broadsheet cannot start: it could not listen on {address}: Cannot assign requested address.", site.Error, StringComparison.Ordinal);
        AssertStoppedCleanly(site);
    }

    [Fact]
    public async Task The_console_log_is_written_in_the_format_the_settings_name()
    {
        // journald and log shippers read systemd's or JSON lines (Logging:Console:FormatterName). A start that fails
        // on a held port is the quickest way to a log line, the host's own.
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)other.LocalEndpoint).Port}";

        var site = await ProgramProcess.RunAsync(
            ["--urls", address, "--Broadsheet:DataDir", dataDir, "--Logging:Console:FormatterName", "json"], timeout: TimeSpan.FromSeconds(60));

        var lines = site.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, line => line.StartsWith("{\"EventId\":11,\"LogLevel\":\"Error\",\"Category\":\"Microsoft.Extensions.Hosting.Internal.Host\"", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.StartsWith("info: ", StringComparison.Ordinal) || line.StartsWith("fail: ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_name_whose_every_address_is_refused_is_told_with_the_reasons()
    {
        // Kestrel's form when each loopback of localhost fails for another reason than being taken (a port under 1024
        // for a user who is not root): before, it ended the program as an unhandled exception.
        var refused = new IOException(
            "Failed to bind to address http://localhost:80.",
            new AggregateException(new SocketException((int)SocketError.AccessDenied), new SocketException((int)SocketError.AccessDenied)));

        var message = AppLauncher.ListenFailure(refused, "http://localhost:80");

        Assert.Equal(
            "Failed to bind to address http://localhost:80 (Permission denied). Give it an address this machine has, on a port "
            + "this user may open (above 1023 unless it runs as root)",
            message);
        Assert.Null(AppLauncher.ListenFailure(new IOException("disk full"), null));
    }

    private static void AssertStoppedCleanly(ProgramProcess.Result site)
    {
        // Before, the program died of the unhandled exception (SIGABRT, a core dump) after a background service's
        // cancellation was logged as its failure.
        Assert.DoesNotContain("Unhandled exception", site.Error + site.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("BackgroundService failed", site.Error + site.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", site.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", site.Output, StringComparison.Ordinal);
    }
}
