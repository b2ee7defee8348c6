using System.CommandLine;
using Broadsheet.CommandLine;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Broadsheet.Import;

/// <summary><c>import wordpress FILE.xml [--uploads DIR] [--dry-run] [--create-accounts]</c>: moving a site here from WordPress.</summary>
public static class ImportCommands
{
    private const int Failed = 1;

    public static Command Create(AppLauncher launcher)
    {
        var import = new Command("import", "Bring content in from another system.");
        import.Subcommands.Add(WordPress(launcher));
        return import;
    }

    private static Command WordPress(AppLauncher launcher)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A WordPress export (Tools → Export → All content), WXR 1.0 to 1.2." };
        var uploads = new Option<DirectoryInfo>("--uploads")
        {
            Description = "A copy of the site's wp-content/uploads folder: its images go into the media library and bodies point at them.",
            HelpName = "DIR",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Read everything and print the summary, but write nothing." };
        var createAccounts = new Option<bool>("--create-accounts")
        {
            Description = "Create a disabled newsroom account (role Author) for each author with an email address, and print a link to choose a password.",
        };
        var command = new Command("wordpress",
            "Import a WordPress export: posts as articles, pages as static pages, comments, categories as sections, tags, authors, media and redirects from the old addresses. " +
            "Everything is written in one transaction; importing the same file again adds nothing.") { file, uploads, dryRun, createAccounts };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetRequiredValue(file);
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"There is no file {path.FullName}.");
                return Failed;
            }

            var uploadsFolder = parse.GetValue(uploads);
            if (uploadsFolder is { Exists: false })
            {
                await Console.Error.WriteLineAsync($"There is no folder {uploadsFolder.FullName} (--uploads takes a copy of wp-content/uploads).");
                return Failed;
            }

            var options = new WordPressImportOptions(path.FullName, uploadsFolder?.FullName, parse.GetValue(dryRun), parse.GetValue(createAccounts));
            return await launcher.RunCommandAsync(parse, (services, ct) => RunAsync(services.GetRequiredService<WordPressImport>(), options, ct), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(WordPressImport importer, WordPressImportOptions options, CancellationToken cancellationToken)
    {
        ImportReport report;
        try
        {
            report = Console.IsOutputRedirected
                ? await importer.ImportAsync(options, new PlainProgress(), cancellationToken)
                : await WithProgressBarAsync(importer, options, cancellationToken);
        }
        catch (WxrFormatException e)
        {
            await Console.Error.WriteLineAsync($"{e.Message} Nothing was imported.");
            return Failed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DbUpdateException or InvalidOperationException)
        {
            // The transaction was rolled back: say so in words, without the stack trace.
            await Console.Error.WriteLineAsync($"The import failed and nothing was written: {(e.InnerException ?? e).Message}");
            return Failed;
        }

        if (Console.IsOutputRedirected)
        {
            // A file or pipe has no width: keep each reason on one line.
            AnsiConsole.Console.Profile.Width = 200;
        }

        ImportSummary.Write(AnsiConsole.Console, report);
        return 0;
    }

    private static async Task<ImportReport> WithProgressBarAsync(WordPressImport importer, WordPressImportOptions options, CancellationToken cancellationToken)
    {
        ImportReport? report = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Checking the file", maxValue: 1);
                var progress = new Progress<ImportProgress>(p =>
                {
                    task.Description = p.Stage;
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                });
                report = await importer.ImportAsync(options, progress, cancellationToken);
                task.Value = task.MaxValue;
            });
        return report!;
    }

    /// <summary>Progress as plain lines on standard error when the output goes to a file or a pipe: each stage, then every tenth.</summary>
    private sealed class PlainProgress : IProgress<ImportProgress>
    {
        private string? stage;
        private int lastTenth = -1;

        public void Report(ImportProgress value)
        {
            var tenth = value.Total == 0 ? 10 : value.Done * 10 / value.Total;
            if (value.Stage != stage)
            {
                stage = value.Stage;
                lastTenth = -1;
            }

            if (tenth == lastTenth)
            {
                return;
            }

            lastTenth = tenth;
            Console.Error.WriteLine($"{value.Stage}: {value.Done}/{value.Total}");
        }
    }
}
