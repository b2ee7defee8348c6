using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Broadsheet.Tests.Infrastructure;

/// <summary>Runs <c>Broadsheet.dll</c> as a real process, as an operator's shell or a service manager would.</summary>
public static class ProgramProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>The program the tests were built against.</summary>
    public static string BuiltProgram => typeof(Program).Assembly.Location;

    /// <summary>
    /// Runs the program to its end with <paramref name="standardInput"/> piped in. A program that is still running
    /// after <paramref name="timeout"/> (for a command, a sign it started the site instead) is killed, and the test fails.
    /// </summary>
    public static async Task<Result> RunAsync(IEnumerable<string> args, string? standardInput = null, string? workingDirectory = null,
        string? program = null, IDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var start = StartInfo(args, workingDirectory, program, environment);
        using var process = Process.Start(start)!;
        if (standardInput is not null)
        {
            await process.StandardInput.WriteLineAsync(standardInput);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new Xunit.Sdk.XunitException($"`Broadsheet {string.Join(' ', args)}` was still running after {timeout ?? TimeSpan.FromMinutes(2)}. Output:\n{await output}\n{await error}");
        }

        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>Starts the program (the site) and leaves it running; the caller kills it.</summary>
    public static Process Start(IEnumerable<string> args, string? workingDirectory = null, string? program = null, IDictionary<string, string?>? environment = null) =>
        Process.Start(StartInfo(args, workingDirectory, program, environment))!;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static ProcessStartInfo StartInfo(IEnumerable<string> args, string? workingDirectory, string? program, IDictionary<string, string?>? environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        start.ArgumentList.Add(program ?? BuiltProgram);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The test runner's own hosting variables must not leak into the program.
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        return start;
    }
}
