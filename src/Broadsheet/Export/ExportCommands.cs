using System.CommandLine;
using Broadsheet.Audit;
using Broadsheet.CommandLine;
using Microsoft.Extensions.Options;

namespace Broadsheet.Export;

/// <summary>
/// <c>export json DIR|FILE</c> and <c>export wordpress FILE.xml</c>: the whole site out, in our own documented JSON
/// format or as a WordPress export file, so leaving is as easy as arriving.
/// </summary>
public static class ExportCommands
{
    private const int Failed = 1;

    /// <summary>The file written into a folder given to <c>export json</c>.</summary>
    public const string JsonFileName = "site.json";

    public static Command Create(AppLauncher launcher)
    {
        var export = new Command("export", "Export the whole site: articles, pages, sections, tags, authors, comments, media references, redirects and settings.");
        export.Subcommands.Add(Json(launcher));
        export.Subcommands.Add(WordPress(launcher));
        return export;
    }

    private static Command Json(AppLauncher launcher)
    {
        var target = new Argument<string>("DIR|FILE") { Description = $"A file ending in .json, or a folder to write {JsonFileName} into (created if missing)." };
        var command = new Command("json", "Export the site as JSON (the format is described in docs/export-format.md).") { target };
        command.SetAction((parse, cancellationToken) => launcher.RunCommandAsync(parse, async (services, ct) =>
        {
            var given = parse.GetRequiredValue(target);
            var path = given.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !Directory.Exists(given)
                ? Path.GetFullPath(given)
                : Path.Combine(Path.GetFullPath(given), JsonFileName);
            var export = ActivatorUtilities.CreateInstance<JsonSiteExport>(services);
            return await WriteAsync(services, path, "JSON", (stream, token) => export.WriteAsync(stream, token), ct);
        }, cancellationToken));
        return command;
    }

    private static Command WordPress(AppLauncher launcher)
    {
        var target = new Argument<string>("FILE.xml") { Description = "The WordPress eXtended RSS (WXR 1.2) file to write." };
        var command = new Command("wordpress", "Export the site as a WordPress export file (WXR 1.2): posts with their comments, pages, categories, tags, authors and attachments.") { target };
        command.SetAction((parse, cancellationToken) => launcher.RunCommandAsync(parse, async (services, ct) =>
        {
            var path = Path.GetFullPath(parse.GetRequiredValue(target));
            if (Directory.Exists(path))
            {
                await Console.Error.WriteLineAsync($"{path} is a folder; name the file to write, e.g. {Path.Combine(path, "site.xml")}.");
                return Failed;
            }

            var export = ActivatorUtilities.CreateInstance<WordPressExport>(services);
            var result = await WriteAsync(services, path, "WordPress (WXR 1.2)", (stream, token) => export.WriteAsync(stream, token), ct);
            if (result == 0 && string.IsNullOrWhiteSpace(services.GetRequiredService<IOptions<Site.BroadsheetOptions>>().Value.Site.BaseUrl))
            {
                await Console.Error.WriteLineAsync(
                    $"Links in the file point to {WordPressExport.DefaultOrigin}: set Broadsheet:Site:BaseUrl to the site's public address for real ones.");
            }

            return result;
        }, cancellationToken));
        return command;
    }

    /// <summary>
    /// Writes beside the target and moves the file into place at the end: a failed or interrupted export never leaves
    /// a truncated file under the name a script will read.
    /// </summary>
    private static async Task<int> WriteAsync(IServiceProvider services, string path, string format,
        Func<Stream, CancellationToken, Task<ExportCounts>> write, CancellationToken cancellationToken)
    {
        var partial = path + ".partial";
        ExportCounts counts;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                counts = await write(stream, cancellationToken);
            }

            File.Move(partial, path, overwrite: true);
        }
        catch (Exception problem) when (problem is IOException or UnauthorizedAccessException)
        {
            TryDelete(partial);
            await Console.Error.WriteLineAsync($"Cannot write {path}: {problem.Message}");
            return Failed;
        }
        catch (OperationCanceledException)
        {
            TryDelete(partial);
            await Console.Error.WriteLineAsync("The export was stopped; nothing was written.");
            return Failed;
        }

        await services.GetRequiredService<AuditLog>().RecordAsync(null, $"Exported the site as {format} (command line)", counts.Summary(), cancellationToken);
        await Console.Out.WriteLineAsync($"Exported {counts.Summary()} to {path}.");
        return 0;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left behind under its .partial name, which no reader takes for the export.
        }
    }
}
