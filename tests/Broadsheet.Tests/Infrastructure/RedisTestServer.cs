using System.Diagnostics;

namespace Broadsheet.Tests.Infrastructure;

/// <summary>Redis for tests: the shared throwaway server the test script starts, or a server of a test's own that it may stop.</summary>
public static class RedisTest
{
    /// <summary>
    /// The test script's Redis (BROADSHEET_TEST_REDIS), for tests that only need one; they use their own key prefix
    /// (<see cref="UniquePrefix"/>) so parallel test classes never see each other's keys. The tests fail (not skip) without it.
    /// </summary>
    public static string SharedConnectionString => Environment.GetEnvironmentVariable("BROADSHEET_TEST_REDIS")
        ?? throw new InvalidOperationException(
            "BROADSHEET_TEST_REDIS is not set. Run the tests with ./test.sh, which starts a throwaway Redis server.");

    /// <summary>A key prefix (<c>Broadsheet:Redis:Prefix</c>) no other test uses.</summary>
    public static string UniquePrefix() => $"test-{Guid.NewGuid():N}:";
}

/// <summary>
/// A redis-server of a test's own (Debian's, on 127.0.0.1 and a free port, no persistence), for tests that stop it
/// and start it again on the same port to see what the app does while Redis is down.
/// </summary>
public sealed class RedisTestServer : IAsyncDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("broadsheet-redis-").FullName;
    private Process? process;

    public int Port { get; } = ProgramProcess.FreePort();

    /// <summary>The app's <c>ConnectionStrings:Redis</c>.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisTestServer> StartNewAsync()
    {
        var server = new RedisTestServer();
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts (or starts again) the server on its port and waits until it answers.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory })
        {
            start.ArgumentList.Add(arg);
        }

        process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start; run scripts/install-test-deps.sh.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                await using var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray());
                var buffer = new byte[16];
                var read = await stream.ReadAsync(buffer);
                if (System.Text.Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
            }

            if (process.HasExited || DateTime.UtcNow >= deadline)
            {
                throw new InvalidOperationException($"redis-server on port {Port} did not answer.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Stops the server the hard way (SIGKILL), as a crash or a lost machine would.</summary>
    public async Task StopAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temp folder.
        }
    }
}
