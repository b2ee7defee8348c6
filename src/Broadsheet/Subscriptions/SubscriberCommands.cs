using System.CommandLine;
using Broadsheet.Audit;
using Broadsheet.CommandLine;

namespace Broadsheet.Subscriptions;

/// <summary>
/// <c>subscribers import FILE.csv | export [--output FILE]</c>: the subscriber list in and out from a shell, for a site
/// moving from a newsletter service. The same rules as the newsroom's Subscribers page: only a consent date in the
/// file confirms an address, and nothing is mailed to the others.
/// </summary>
public static class SubscriberCommands
{
    private const int Failed = 1;

    public static Command Create(AppLauncher launcher)
    {
        var subscribers = new Command("subscribers", "Import or export the subscriber list as CSV.");
        subscribers.Subcommands.Add(Import(launcher));
        subscribers.Subcommands.Add(Export(launcher));
        return subscribers;
    }

    private static Command Import(AppLauncher launcher)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A CSV file with the columns email, sections (names or slugs separated by ;), frequency and consented_at." };
        var command = new Command("import",
            "Import subscribers from CSV. Addresses with a consent date are confirmed; the others stay pending and are sent nothing, not even a confirmation.") { file };
        command.SetAction((parse, cancellationToken) => launcher.RunCommandAsync(parse, async (services, ct) =>
        {
            var path = parse.GetRequiredValue(file);
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"There is no file {path.FullName}.");
                return Failed;
            }

            if (path.Length > SubscriberImport.MaxFileBytes)
            {
                await Console.Error.WriteLineAsync($"{path.Name} is larger than {SubscriberImport.MaxFileBytes / 1024 / 1024} MB; split it into several files.");
                return Failed;
            }

            SubscriberImportReport report;
            await using (var stream = path.OpenRead())
            {
                report = await services.GetRequiredService<SubscriberImport>().ImportAsync(stream, path.Name, ct);
            }

            if (report.Refusal is not null)
            {
                await Console.Error.WriteLineAsync(report.Refusal);
                return Failed;
            }

            await services.GetRequiredService<AuditLog>().RecordAsync(null, "Imported subscribers (command line)",
                $"{path.Name}: {report.Imported} imported, {report.ProblemCount} lines refused", ct);
            await Console.Out.WriteLineAsync(report.Summary());
            foreach (var problem in report.Problems)
            {
                await Console.Error.WriteLineAsync($"line {problem.Line}{(problem.Email.Length > 0 ? $" ({problem.Email})" : "")}: {problem.Reason}");
            }

            if (report.ProblemCount > report.Problems.Count)
            {
                await Console.Error.WriteLineAsync($"… and {report.ProblemCount - report.Problems.Count} more.");
            }

            // Scripts learn that some lines need a look; the good lines are imported either way.
            return report.ProblemCount == 0 ? 0 : Failed;
        }, cancellationToken));
        return command;
    }

    private static Command Export(AppLauncher launcher)
    {
        var output = new Option<FileInfo>("--output", "-o") { Description = "Write to this file instead of standard output.", HelpName = "FILE" };
        var status = new Option<string>("--status") { Description = "Only pending, confirmed, unsubscribed or bouncing addresses.", HelpName = "STATUS" };
        var command = new Command("export", "Export subscribers as CSV: email, status, frequency, sections, consented_at, consent_source, created_at.") { output, status };
        command.SetAction((parse, cancellationToken) => launcher.RunCommandAsync(parse, async (services, ct) =>
        {
            var only = parse.GetValue(status) is { } name ? SubscriberQueries.ParseStatus(name) : null;
            if (parse.GetValue(status) is not null && only is null)
            {
                await Console.Error.WriteLineAsync("Choose a status: pending, confirmed, unsubscribed or bouncing.");
                return BroadsheetCommandLine.UsageError;
            }

            var file = parse.GetValue(output);
            int count;
            await using (var destination = file is null ? Console.OpenStandardOutput() : file.Create())
            {
                count = await services.GetRequiredService<SubscriberExport>().WriteAsync(destination, null, only, ct);
            }

            await services.GetRequiredService<AuditLog>().RecordAsync(null, "Exported subscribers (command line)",
                $"{count} address{(count == 1 ? "" : "es")}{(only is { } s ? $" ({s.Name()})" : "")}", ct);
            if (file is not null)
            {
                await Console.Error.WriteLineAsync($"Exported {count} address{(count == 1 ? "" : "es")} to {file.FullName}.");
            }

            return 0;
        }, cancellationToken));
        return command;
    }
}
