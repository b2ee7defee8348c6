using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using Broadsheet.CommandLine;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Broadsheet.Media;

/// <summary><c>media move --to database|filesystem</c>: copies the media files into the other store before an installation switches to it.</summary>
public static class MediaCommands
{
    private const int Failed = 1;
    private const string ToDatabase = "database";
    private const string ToFileSystem = "filesystem";

    public static Command Create(AppLauncher launcher)
    {
        var to = new Option<string>("--to")
        {
            Description = "The store to copy into: database (the MediaFiles table) or filesystem (the media folder, Broadsheet:Media:Folder).",
            HelpName = "database|filesystem",
            Required = true,
        };
        to.Validators.Add(result =>
        {
            if (Target(result.GetValueOrDefault<string>()) is null)
            {
                result.AddError($"--to must be {ToDatabase} or {ToFileSystem}, not '{result.GetValueOrDefault<string>()}'.");
            }
        });
        var move = new Command("move",
            "Copy every media file from the other store into this one, in batches, skipping files already there (run it again " +
            "after switching Broadsheet:Media:Store, for files uploaded meanwhile). The source is left as it is.") { to };
        move.SetAction((parse, cancellationToken) => launcher.RunCommandAsync(parse,
            (services, ct) => MoveAsync(services, Target(parse.GetRequiredValue(to))!, ct), cancellationToken));
        return new Command("media", "Media files: copy them between the media folder and the database.") { move };
    }

    private static async Task<MediaMove.Outcome> RunAsync(Func<IProgress<(int Done, int Total)>?, Task<MediaMove.Outcome>> run)
    {
        if (Console.IsOutputRedirected)
        {
            return await run(null);
        }

        MediaMove.Outcome? outcome = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Copying media files", maxValue: 1);
                outcome = await run(new Progress<(int Done, int Total)>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                }));
                task.Value = task.MaxValue;
            });
        return outcome!;
    }

    /// <summary>The store named by <c>--to</c> (in any case), or null.</summary>
    private static string? Target(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        ToDatabase => MediaStores.Database,
        ToFileSystem => MediaStores.FileSystem,
        _ => null,
    };

    private static async Task<int> MoveAsync(IServiceProvider services, string target, CancellationToken cancellationToken)
    {
        var move = ActivatorUtilities.CreateInstance<MediaMove>(services);
        var folder = services.GetRequiredService<MediaFolder>().Root;
        var description = target == MediaStores.Database ? $"from {folder} into the database" : $"from the database into {folder}";
        Func<IProgress<(int Done, int Total)>?, Task<MediaMove.Outcome>> run = target == MediaStores.Database
            ? progress => move.ToDatabaseAsync(progress, cancellationToken)
            : progress => move.ToFolderAsync(progress, cancellationToken);

        MediaMove.Outcome outcome;
        try
        {
            outcome = await RunAsync(run);
        }
        catch (Exception problem) when (problem is IOException or UnauthorizedAccessException or DbException or DbUpdateException)
        {
            // A full disk, a folder it may not write, a lost database, or another run storing the same file: the
            // operator needs the reason, and to know that a new run takes up where this one stopped.
            await Console.Error.WriteLineAsync($"The copy stopped: {problem.GetBaseException().Message} The files copied so far are kept; run the command again to copy the rest.");
            return Failed;
        }

        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Copied {outcome.Copied} media file(s) ({outcome.BytesCopied / (1024.0 * 1024.0):0.0} MB) {description}; {outcome.AlreadyThere} were already there."));
        var current = MediaSetup.StoreName(services);
        await Console.Out.WriteLineAsync(current == target
            ? $"Broadsheet:Media:Store is already {target}. The other store was left as it is; remove its files yourself once you no longer need them."
            : $"Now set Broadsheet:Media:Store={target} on every node and restart them, then run this command again to copy any file uploaded " +
              "in between. The files were copied, not moved: the source was left as it is.");
        return 0;
    }
}
