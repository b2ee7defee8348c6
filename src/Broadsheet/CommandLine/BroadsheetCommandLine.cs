using System.CommandLine;
using System.CommandLine.Invocation;
using System.Net.Sockets;
using Broadsheet.Accounts;
using Broadsheet.Api.Tokens;
using Broadsheet.Backup;
using Broadsheet.Data;
using Broadsheet.Export;
using Broadsheet.Hosting;
using Broadsheet.Import;
using Broadsheet.Subscriptions;
using Microsoft.AspNetCore.Connections;

namespace Broadsheet.CommandLine;

/// <summary>
/// The program's command line. Without a command it runs the site; with one it does that job on the same
/// configuration and data and exits, never starting the web server. Host options (<c>--urls</c>,
/// <c>--environment</c>, and any configuration key as <c>--Section:Key VALUE</c>) go before or after the command.
/// </summary>
public static class BroadsheetCommandLine
{
    /// <summary>The exit code of a command line that cannot be understood (as the shell's own builtins use).</summary>
    public const int UsageError = 2;

    public static async Task<int> InvokeAsync(string[] args, Func<string[], WebApplication> buildApp)
    {
        if (!ConfigurationArguments.TryExtract(args, out var settings, out var rest, out var problem))
        {
            await Console.Error.WriteLineAsync(problem);
            await Console.Error.WriteLineAsync("Run 'Broadsheet --help' to see the commands and options.");
            return UsageError;
        }

        var launcher = new AppLauncher(buildApp, settings);
        var root = new RootCommand(
            "Broadsheet, a news site with its newsroom. Without a command it runs the site; a command does its job and exits.\n" +
            "Any configuration key can be given as --Section:Key VALUE (for example --Broadsheet:DataDir /var/lib/broadsheet), before or after the command.");
        root.Options.Add(launcher.Urls);
        root.Options.Add(launcher.Environment);
        root.Options.Add(launcher.ContentRoot);
        root.Subcommands.Add(UserCommands.Create(launcher));
        root.Subcommands.Add(SubscriberCommands.Create(launcher));
        root.Subcommands.Add(TokenCommands.Create(launcher));
        root.Subcommands.Add(ImportCommands.Create(launcher));
        root.Subcommands.Add(ExportCommands.Create(launcher));
        root.Subcommands.Add(BackupCommands.Backup(launcher));
        root.Subcommands.Add(BackupCommands.Restore(launcher));
        root.Subcommands.Add(Search.SearchCommands.Create(launcher));
        root.Subcommands.Add(Media.MediaCommands.Create(launcher));
        root.Subcommands.Add(MigrateCommand.Create(launcher));
        root.Subcommands.Add(Demo.DemoCommands.Create(launcher));
        root.SetAction(launcher.RunSiteAsync);

        var parse = root.Parse(rest);
        if (parse.Action is ParseErrorAction)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync(error.Message);
            }

            var help = parse.CommandResult.Command == root ? "Broadsheet --help" : $"Broadsheet {CommandPath(parse.CommandResult.Command)} --help";
            await Console.Error.WriteLineAsync($"Run '{help}' to see the commands and options.");
            return UsageError;
        }

        // The web host handles Ctrl+C and SIGTERM itself (graceful shutdown); exceptions keep their own handling.
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
        }
        catch (StartupProblemException startup)
        {
            await Console.Error.WriteLineAsync($"Broadsheet cannot start: {startup.Message}");
            return 1;
        }
        catch (Exception invalid) when (ValidationFailures(invalid) is { Count: > 0 } failures)
        {
            // A setting the options' own rules refuse (Broadsheet:Site:PageSize 0 and the like): each rule's message.
            await Console.Error.WriteLineAsync($"Broadsheet cannot start: {string.Join(" ", failures)}");
            return 1;
        }
    }

    /// <summary>
    /// The messages of options that failed their rules: one exception, or (when the host checks several kinds of
    /// options at start and more than one fails) an aggregate of them. None when anything else went wrong.
    /// </summary>
    private static List<string> ValidationFailures(Exception exception) => exception switch
    {
        Microsoft.Extensions.Options.OptionsValidationException one => [.. one.Failures],
        AggregateException many when many.InnerExceptions.All(e => e is Microsoft.Extensions.Options.OptionsValidationException) =>
            [.. many.InnerExceptions.Cast<Microsoft.Extensions.Options.OptionsValidationException>().SelectMany(e => e.Failures)],
        _ => [],
    };

    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? symbol = command; symbol is Command c && symbol is not RootCommand; symbol = c.Parents.FirstOrDefault())
        {
            names.Insert(0, c.Name);
        }

        return string.Join(' ', names);
    }
}

/// <summary>Builds the app for the site or for a command, with the host options of the command line.</summary>
public sealed class AppLauncher(Func<string[], WebApplication> buildApp, IReadOnlyList<string> settings)
{
    public Option<string> Urls { get; } = new("--urls")
    {
        Description = "Where the site listens, e.g. http://127.0.0.1:8080 (several separated by ';').",
        HelpName = "URLS",
        Recursive = true,
    };

    public Option<string> Environment { get; } = new("--environment")
    {
        Description = "The hosting environment: Production (default) or Development.",
        HelpName = "NAME",
        Recursive = true,
    };

    public Option<string> ContentRoot { get; } = new("--contentRoot")
    {
        Description = "The folder of the program's own files (wwwroot, appsettings.json): by default the program's folder. A relative folder is taken from the working directory.",
        HelpName = "FOLDER",
        Recursive = true,
    };

    /// <summary>Runs the site until it is stopped.</summary>
    public async Task<int> RunSiteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        // A StartupProblemException on the way is told in one line by InvokeAsync, the app disposed first.
        await using var app = buildApp(HostArgs(parse));
        app.EnsureWebRoot();

        // Every kind of options checked now, before the host starts: the host would log a failure with its stack trace.
        app.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
        await app.InitializeDatabaseAsync();
        try
        {
            await app.StartAsync(CancellationToken.None);
        }
        catch (Exception bind) when (ListenFailure(bind, app.Configuration["urls"]) is { } problem)
        {
            // The background services already run: stopped first, their cancellation is not a failure.
            await app.StopAsync(CancellationToken.None);
            throw new StartupProblemException(
                $"{problem} with --urls (for example --urls http://127.0.0.1:5080), or in Kestrel:Endpoints if it is set.");
        }

        await app.WaitForShutdownAsync(CancellationToken.None);
        return 0;
    }

    /// <summary>
    /// What to tell the operator when the web server could not listen, or null for any other failure: another program
    /// (often a Broadsheet started earlier) has the address, the machine has no such address, or the port needs rights
    /// this user lacks. Kestrel names the address itself, except when one address fails outright.
    /// </summary>
    internal static string? ListenFailure(Exception failure, string? urls) => failure switch
    {
        IOException { InnerException: AddressInUseException } inUse =>
            $"{inUse.Message} Stop the program that listens there, or give the site another address",
        IOException { InnerException: AggregateException every } refused when every.InnerExceptions.All(e => e is SocketException) =>
            // localhost: each loopback address tried, and each refused.
            $"{refused.Message.TrimEnd('.')} ({string.Join("; ", every.InnerExceptions.Select(e => e.Message).Distinct())}). {Elsewhere}",
        SocketException socket => $"it could not listen on {urls ?? "the address it was given"}: {socket.Message}. {Elsewhere}",
        _ => null,
    };

    private const string Elsewhere = "Give it an address this machine has, on a port this user may open (above 1023 unless it runs as root)";

    /// <summary>Runs a command against the app's services and database; the web server is never started.</summary>
    public async Task<int> RunCommandAsync(ParseResult parse, Func<IServiceProvider, CancellationToken, Task<int>> command, CancellationToken cancellationToken)
    {
        // A command's standard output is its answer (a list, a link), so the log goes to standard error.
        await using var app = buildApp([.. HostArgs(parse), "--Logging:Console:LogToStandardErrorThreshold", "Trace"]);
        if (!await app.InitializeDatabaseAsync(seedDemoContent: false))
        {
            await Console.Error.WriteLineAsync("The database schema is not up to date (Broadsheet:Database:MigrateAtStartup is false): run 'Broadsheet migrate' first.");
            return 1;
        }

        await using var scope = app.Services.CreateAsyncScope();
        return await command(scope.ServiceProvider, cancellationToken);
    }

    /// <summary>
    /// Runs a command that must find the database as it is: no migration, no demo content (<c>backup</c> copies an
    /// unmigrated database as it is; <c>restore</c> needs an empty one to stay empty until it fills it).
    /// </summary>
    public async Task<int> RunWithoutMigratingAsync(ParseResult parse, Func<IServiceProvider, CancellationToken, Task<int>> command, CancellationToken cancellationToken)
    {
        await using var app = buildApp([.. HostArgs(parse), "--Logging:Console:LogToStandardErrorThreshold", "Trace"]);
        await using var scope = app.Services.CreateAsyncScope();
        return await command(scope.ServiceProvider, cancellationToken);
    }

    private string[] HostArgs(ParseResult parse)
    {
        var args = new List<string>(settings);
        if (parse.GetValue(Urls) is { Length: > 0 } urls)
        {
            args.AddRange(["--urls", urls]);
        }

        if (parse.GetValue(Environment) is { Length: > 0 } environment)
        {
            args.AddRange(["--environment", environment]);
        }

        if (parse.GetValue(ContentRoot) is { Length: > 0 } contentRoot)
        {
            // A folder typed in a shell is relative to where it was typed; the framework would take it from the
            // program's folder instead.
            args.AddRange(["--contentRoot", Path.GetFullPath(contentRoot)]);
        }

        return [.. args];
    }
}
