using System.CommandLine;
using Broadsheet.CommandLine;
using Broadsheet.Data;
using Spectre.Console;

namespace Broadsheet.Search;

/// <summary><c>reindex</c>: rebuilds every article's search document (after restoring an old backup, or changing the site's language on PostgreSQL).</summary>
public static class SearchCommands
{
    public static Command Create(AppLauncher launcher)
    {
        var command = new Command("reindex", "Rebuild the search index: every article's search document, in batches.");
        command.SetAction((parse, cancellationToken) =>
            launcher.RunCommandAsync(parse, (services, ct) => RunAsync(services.GetRequiredService<BroadsheetDb>(), ct), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(BroadsheetDb db, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        int indexed;
        if (Console.IsOutputRedirected)
        {
            indexed = await SearchIndex.RebuildAsync(db, null, cancellationToken);
        }
        else
        {
            indexed = 0;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("Indexing articles", maxValue: 1);
                    var progress = new Progress<(int Done, int Total)>(p =>
                    {
                        task.MaxValue = Math.Max(1, p.Total);
                        task.Value = p.Done;
                    });
                    indexed = await SearchIndex.RebuildAsync(db, progress, cancellationToken);
                    task.Value = task.MaxValue;
                });
        }

        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Indexed {indexed} article(s) in {seconds:0.0} s."));
        return 0;
    }
}
