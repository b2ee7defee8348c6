using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Broadsheet.Tests.Infrastructure;

/// <summary>
/// The built app (<c>dotnet Broadsheet.dll</c>) as a process of its own, as an operator runs it: for tests
/// that must stop it the hard way or use its command line. Its data folder and database outlive the process,
/// so a test can start it again on them.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly Process process;
    private readonly ConcurrentQueue<string> output;

    private AppProcess(Process process, ConcurrentQueue<string> output, Uri baseAddress)
    {
        this.process = process;
        this.output = output;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Whether the process has ended (a test killed it, or it stopped by itself).</summary>
    public bool HasExited => process.HasExited;

    /// <summary>What the app wrote to standard output and error so far.</summary>
    public string Output => string.Join("\n", output);

    /// <summary>
    /// Lines the console logger writes for error and critical entries (<c>fail:</c>, <c>crit:</c>): a test
    /// fails on them unless it expects one, as it does for an app in the test process.
    /// </summary>
    public IReadOnlyList<string> Errors => [.. output.Where(line => line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))];

    /// <summary>Starts the site on a free 127.0.0.1 port with the settings (configuration keys) and waits until it answers.</summary>
    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var output = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = StartInfo(settings, ["--urls", baseAddress.ToString().TrimEnd('/')]) };
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, output, baseAddress);
        try
        {
            await app.WaitUntilAnsweringAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    /// <summary>Runs a command of the app's command line to its end, with <paramref name="standardInput"/> piped in.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunCommandAsync(
        IReadOnlyDictionary<string, string> settings, string standardInput, params string[] command)
    {
        var start = StartInfo(settings, command);
        start.RedirectStandardInput = true;
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteLineAsync(standardInput);
        process.StandardInput.Close();
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await standardOutput, await standardError);
    }

    public HttpClient CreateHttpClient(CookieContainer? cookies = null)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer() };
        return new HttpClient(handler) { BaseAddress = BaseAddress };
    }

    /// <summary>
    /// Ends the process with SIGKILL (what <see cref="Process.Kill()"/> sends on Unix): no shutdown code runs,
    /// nothing is flushed, like a power cut or the kernel's out-of-memory killer.
    /// </summary>
    public async Task KillAsync()
    {
        process.Kill();
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await KillAsync();
        }

        process.Dispose();
    }

    private async Task WaitUntilAnsweringAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app stopped with exit code {process.ExitCode} before it answered:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync("/healthz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The app did not answer on {BaseAddress} within {StartTimeout}:\n{Output}");
    }

    private static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> settings, IEnumerable<string> arguments)
    {
        var dll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}");
            start.ArgumentList.Add(value);
        }

        return start;
    }

    private static void Keep(ConcurrentQueue<string> output, string? line)
    {
        if (line is not null)
        {
            output.Enqueue(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
