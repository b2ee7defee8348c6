using System.Diagnostics;
using Npgsql;

namespace Broadsheet.Backup;

/// <summary>
/// PostgreSQL's own client programs (<c>pg_dump</c>, <c>pg_restore</c>), which know every object type of every server
/// version: found in <c>Broadsheet:Backup:PostgresBin</c>, <c>$PG_BIN</c>, the newest <c>/usr/lib/postgresql/*/bin</c>
/// (a pg_dump must be at least as new as the server) or on the PATH.
/// </summary>
public sealed class PostgresTools(IConfiguration configuration)
{
    public const string BinKey = "Broadsheet:Backup:PostgresBin";

    /// <summary>The program's full path, or null with <paramref name="problem"/> saying what to do.</summary>
    public string? Find(string program, out string problem)
    {
        problem = "";
        var configured = configuration[BinKey];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var path = Path.Combine(configured, program);
            if (File.Exists(path))
            {
                return path;
            }

            problem = $"{program} is not in {configured} (Broadsheet:Backup:PostgresBin).";
            return null;
        }

        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } pgBin)
        {
            candidates.Add(pgBin);
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var major) ? major : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        foreach (var folder in candidates)
        {
            var path = Path.Combine(folder, program);
            if (File.Exists(path))
            {
                return path;
            }
        }

        problem = $"{program} was not found. Install PostgreSQL's client programs (on Debian: apt-get install postgresql-client, " +
            $"of the server's version or newer) or name the folder that holds them with --{BinKey} /usr/lib/postgresql/15/bin.";
        return null;
    }

    /// <summary>Runs a client program against the database of <paramref name="connectionString"/>; the password goes by environment, never on the command line.</summary>
    public static async Task<(int ExitCode, string Error)> RunAsync(string program, string connectionString, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGHOST"] = builder.Host;
        start.Environment["PGPORT"] = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGDATABASE"] = builder.Database;
        start.Environment["PGUSER"] = builder.Username;
        if (!string.IsNullOrEmpty(builder.Password))
        {
            start.Environment["PGPASSWORD"] = builder.Password;
        }

        if (builder.SslMode is SslMode.Require or SslMode.VerifyCA or SslMode.VerifyFull)
        {
            start.Environment["PGSSLMODE"] = builder.SslMode switch
            {
                SslMode.VerifyCA => "verify-ca",
                SslMode.VerifyFull => "verify-full",
                _ => "require",
            };
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await output;
        return (process.ExitCode, (await error).Trim());
    }
}
