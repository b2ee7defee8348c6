using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Broadsheet.CommandLine;
using Broadsheet.Data;
using Broadsheet.Demo.Generation;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Broadsheet.Demo;

/// <summary>
/// <c>demo generate</c>: fills an empty database with a large generated site (articles, sections, tags, bylines and
/// threaded comments), to try the newsroom on a realistic archive and to measure the site at scale.
/// </summary>
public static class DemoCommands
{
    private const int Failed = 1;

    public static Command Create(AppLauncher launcher)
    {
        var demo = new Command("demo", "Demo content: a generated site for trying the newsroom and measuring the site at scale.");
        demo.Subcommands.Add(Generate(launcher));
        return demo;
    }

    private static Command Generate(AppLauncher launcher)
    {
        var articles = Count("--articles", "How many articles (about 98% published, the rest drafts, pending, scheduled or unpublished).", 1, 2_000_000);
        articles.Required = true;
        var comments = Count("--comments", "How many comments, shared with a long tail: many articles get none, a few thousands.", 0, 20_000_000);
        comments.Required = true;
        var authors = Count("--authors", "How many authors write the bylines.", 1, SitePlan.MaxAuthors, 40);
        var sections = Count("--sections", "How many sections.", 1, SitePlan.MaxSections, 10);
        var tags = Count("--tags", "How many tags (each article has 2 to 4).", 2, SitePlan.MaxTags, 300);
        var seed = Count("--seed", "The same seed and numbers make the same site.", 0, int.MaxValue, 1);
        var command = new Command("generate", "Fill an empty database with generated articles and comments, then index them for search.")
        {
            articles, comments, authors, sections, tags, seed,
        };
        command.SetAction((parse, cancellationToken) => launcher.RunCommandAsync(parse, (services, ct) => RunAsync(services, new GenerateOptions(
            parse.GetValue(articles), parse.GetValue(comments), parse.GetValue(authors), parse.GetValue(sections), parse.GetValue(tags), parse.GetValue(seed)), ct),
            cancellationToken));
        return command;
    }

    private static Option<int> Count(string name, string description, int min, int max, int? defaultValue = null)
    {
        var option = new Option<int>(name) { Description = description, HelpName = "N" };
        if (defaultValue is { } value)
        {
            option.DefaultValueFactory = _ => value;
        }

        option.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && !int.TryParse(token.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                // Not a number: the parser's own error says so.
                return;
            }

            var given = result.GetValueOrDefault<int>();
            if (given < min || given > max)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be between {min:N0} and {max:N0}, not {given:N0}."));
            }
        });
        return option;
    }

    private static async Task<int> RunAsync(IServiceProvider services, GenerateOptions options, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<BroadsheetDb>();
        if (await ExistingContentAsync(db, cancellationToken) is { } existing)
        {
            await Console.Error.WriteLineAsync(
                $"This database already has {existing}. 'demo generate' fills an empty one: give it a new data folder " +
                "(--Broadsheet:DataDir DIR) or an empty PostgreSQL database, and keep the site's own demo content out of it with --Broadsheet:DemoContent false when the site first starts.");
            return Failed;
        }

        var calendar = services.GetRequiredService<SiteCalendar>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        GenerationResult result;
        if (Console.IsOutputRedirected)
        {
            result = await new SiteGenerator(db, calendar, now, options, new LineProgress()).RunAsync(cancellationToken);
        }
        else
        {
            result = null!;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    result = await new SiteGenerator(db, calendar, now, options, new BarProgress(context)).RunAsync(cancellationToken);
                });
        }

        PrintSummary(options, result);
        return 0;
    }

    private static async Task<string?> ExistingContentAsync(BroadsheetDb db, CancellationToken cancellationToken)
    {
        var articles = await db.Articles.CountAsync(cancellationToken);
        var comments = await db.Comments.CountAsync(cancellationToken);
        var sections = await db.Sections.CountAsync(cancellationToken);
        var authors = await db.Authors.CountAsync(cancellationToken);
        var tags = await db.Tags.CountAsync(cancellationToken);
        if (articles + comments + sections + authors + tags == 0)
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{articles:N0} article(s), {sections:N0} section(s), {authors:N0} author(s), {tags:N0} tag(s) and {comments:N0} comment(s)");
    }

    private static void PrintSummary(GenerateOptions options, GenerationResult result)
    {
        var c = CultureInfo.InvariantCulture;
        var share = result.Published == 0 ? 0 : 100.0 * result.UncommentedArticles / result.Published;
        Console.WriteLine(string.Create(c,
            $"Generated {result.Articles:N0} articles ({result.Published:N0} published) in {options.Sections:N0} sections, by {options.Authors:N0} authors, with {options.Tags:N0} tags."));
        Console.WriteLine(string.Create(c,
            $"Generated {result.Comments:N0} comments: {result.ApprovedComments:N0} approved, {result.HeldComments:N0} held for moderation, {result.SpamComments:N0} spam, the rest in the trash."));
        Console.WriteLine(string.Create(c,
            $"Comments per published article: median {result.MedianComments:N0}, none on {share:0.#}%, the most {result.MostComments:N0} on {result.MostDiscussedPath}"));
        Console.WriteLine(string.Create(c,
            $"Written in {result.WriteTime.TotalSeconds:0.0} s, indexed for search in {result.IndexTime.TotalSeconds:0.0} s (seed {options.Seed})."));
    }

    /// <summary>Progress for a log or a pipe: a line to standard error per stage and every tenth of it.</summary>
    private sealed class LineProgress : IGenerationProgress
    {
        private readonly Dictionary<string, long> shown = [];

        public void Report(string stage, long done, long total)
        {
            lock (shown)
            {
                var tenth = total == 0 ? 10 : done * 10 / total;
                if (shown.TryGetValue(stage, out var last) && last == tenth)
                {
                    return;
                }

                shown[stage] = tenth;
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stage}: {done:N0} of {total:N0}"));
            }
        }
    }

    /// <summary>Progress at a terminal: a bar per stage.</summary>
    private sealed class BarProgress(ProgressContext context) : IGenerationProgress
    {
        private readonly Dictionary<string, ProgressTask> tasks = [];

        public void Report(string stage, long done, long total)
        {
            lock (tasks)
            {
                if (!tasks.TryGetValue(stage, out var task))
                {
                    task = tasks[stage] = context.AddTask(stage, maxValue: Math.Max(1, total));
                }

                task.MaxValue = Math.Max(1, total);
                task.Value = done;
            }
        }
    }
}
