using System.Net;
using System.Text.RegularExpressions;
using Broadsheet.Comments;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Data;

/// <summary>
/// The plans SQLite makes for the commands of the busiest paths: posting a comment or a reply, a duplicate refused,
/// and the article page with its discussion. On a test's few rows every plan is fast, so only the plan shows a query
/// that would read every comment of a site with a million (one did, and took an article page to 1.5 s). SQLite plans
/// here as on any site that never ran ANALYZE, without statistics.
/// </summary>
public sealed partial class QueryPlanTests(CommentApp app) : AppTest<CommentApp>(app), IClassFixture<CommentApp>
{
    /// <summary>Tables that hold a handful of rows on any site, which a plan may read whole.</summary>
    private static readonly HashSet<string> SmallTables = ["Sections", "SiteSettings", "SiteProfiles", "WebhookEndpoints", "MenuItems"];

    [Fact]
    public async Task Posting_comments_and_reading_the_discussion_read_by_index_never_by_walking_a_table()
    {
        await App.SetDiscussionAsync(p => p.HoldFirstComment = true);
        var article = await new ArticleBuilder().SaveAsync(App);
        using var reader = new Commenter(App);
        var first = await reader.PostAndGetIdAsync(article, "The first word.");
        await App.WithDbAsync((db, _) => db.Comments.Where(c => c.Id == first).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CommentStatus.Approved)));

        App.SqlCommands.Record();
        await reader.PostAndGetIdAsync(article, "A reply to it.", parentId: first);
        await reader.PostAndGetIdAsync(article, "Another thought.", "Bo Reader", "bo@example.org");
        var duplicate = await reader.PostAsync(article, "Another thought.", "Bo Reader", "bo@example.org");
        var page = await Client.GetAsync(App.PathOf(article));
        var commands = App.SqlCommands.Recorded();

        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var plans = await App.WithDbAsync(async (db, _) =>
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            // The statements SQLite keeps are planned as their own connections plan them: from their text alone, not
            // from the values bound (KeptStatements).
            await using var kept = new Microsoft.Data.Sqlite.SqliteConnection(connection.ConnectionString);
            await kept.OpenAsync();
            Assert.Equal(SQLitePCL.raw.SQLITE_OK, SQLitePCL.raw.sqlite3_db_config(kept.Handle, SQLitePCL.raw.SQLITE_DBCONFIG_ENABLE_QPSG, 1, out var guaranteed));
            Assert.Equal(1, guaranteed);
            var all = new List<(string Sql, List<string> Plan)>();
            foreach (var command in commands.Where(c => c.Sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)).DistinctBy(c => c.Sql))
            {
                await using var explain = (Placeholder().IsMatch(command.Sql) ? kept : connection).CreateCommand();
                // The statements SQLite keeps prepared are written with {0}-style placeholders, bound by position.
                explain.CommandText = "EXPLAIN QUERY PLAN " + Placeholder().Replace(command.Sql, "@p$1");
                foreach (var (name, value) in command.Parameters)
                {
                    var parameter = explain.CreateParameter();
                    parameter.ParameterName = name;
                    parameter.Value = value ?? DBNull.Value;
                    explain.Parameters.Add(parameter);
                }

                var plan = new List<string>();
                await using var rows = await ExplainAsync(explain, command.Sql);
                while (await rows.ReadAsync())
                {
                    plan.Add(rows.GetString(3));
                }

                all.Add((command.Sql, plan));
            }

            return all;
        });

        Assert.True(plans.Count >= 8, $"only {plans.Count} queries were recorded");
        foreach (var (sql, plan) in plans)
        {
            var tables = Aliases().Matches(sql).GroupBy(m => m.Groups[2].Value).ToDictionary(g => g.Key, g => g.First().Groups[1].Value);
            foreach (var step in plan)
            {
                if (Scan().Match(step) is { Success: true } scan && scan.Groups[1].Value != "CONSTANT")
                {
                    var name = scan.Groups[1].Value;
                    var table = tables.GetValueOrDefault(name, name);
                    Assert.True(SmallTables.Contains(table) || step.Contains("VIRTUAL TABLE", StringComparison.Ordinal),
                        $"This query reads the whole of {table} ({step}):\n{sql}\n\n{string.Join("\n", plan)}");
                }
            }
        }

        // The duplicate check reads the comments of the same length, not the whole discussion.
        var duplicateCheck = Assert.Single(plans, p => p.Sql.Contains("length(\"c\".\"Body\")", StringComparison.Ordinal));
        Assert.Contains(duplicateCheck.Plan, step => step.Contains("IX_Comments_ArticleId_BodyLength", StringComparison.Ordinal));
    }

    /// <summary>
    /// The statements SQLite keeps for article pages are compiled once. A bound <c>LIMIT</c> (the discussion's first
    /// rows, the latest articles filling More Articles) used to make SQLite compile its statement again on every run,
    /// some 8% of an uncached article page's CPU.
    /// </summary>
    [Fact]
    public async Task The_statements_kept_for_article_pages_are_not_compiled_again_from_one_page_to_the_next()
    {
        var statements = App.Services.GetRequiredService<Broadsheet.Data.KeptStatements>();
        Assert.False(statements.IsPostgres);
        var articles = new List<Broadsheet.Articles.Article>();
        for (var i = 0; i < 3; i++)
        {
            articles.Add(await new ArticleBuilder().SaveAsync(App));
        }

        using var reader = new Commenter(App);
        await reader.PostAsync(articles[0], "A first comment, so that one discussion has rows to read.");
        var before = statements.Recompilations();
        foreach (var article in articles)
        {
            var page = await Client.GetAsync(App.PathOf(article));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        Assert.Equal(before, statements.Recompilations());
    }

    /// <summary>
    /// The comment queue's "reported" tab counts its comments and finds a page's ids from its own partial index alone.
    /// With the status (spam and trash are left out) read from each reported comment's row, that count was most of
    /// the queue's time on a site with a million comments.
    /// </summary>
    [Fact]
    public async Task The_comment_queues_reported_tab_counts_and_pages_from_its_index_alone()
    {
        var article = await new ArticleBuilder().SaveAsync(App);
        using var reader = new Commenter(App);
        var id = await reader.PostAndGetIdAsync(article, "A remark another reader will report.");
        await App.WithDbAsync((db, _) => db.Comments.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CommentStatus.Approved)));
        var token = (await reader.StateAsync(article.Id)).Token;
        var report = await reader.Http.PostAsync($"/comments/report?id={id}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, report.StatusCode);
        using var moderator = await App.SignInAsNewAsync(Broadsheet.Accounts.NewsroomRoles.Moderator);

        App.SqlCommands.Record();
        var queue = Html.Parse(await moderator.Http.GetStringAsync("/newsroom/comments?status=reported"));
        var reported = App.SqlCommands.Recorded().Where(c => c.Sql.Contains("\"ReportCount\" > 0", StringComparison.Ordinal)).ToList();

        Assert.NotNull(queue.QuerySelector($"#row-{id}"));
        Assert.Equal(2, reported.Count); // the tab's count, and the page's rows by their ids
        foreach (var command in reported)
        {
            var plan = await App.SqlitePlanAsync(command);
            var detail = $"{command.Sql}\n\n{string.Join("\n", plan)}";
            Assert.True(plan.Any(step => step.Contains("COVERING INDEX IX_Comments_ReportCount_CreatedAt_Id_Status (ReportCount>?)", StringComparison.Ordinal)), detail);
        }
    }

    private static async Task<System.Data.Common.DbDataReader> ExplainAsync(System.Data.Common.DbCommand explain, string sql)
    {
        try
        {
            return await explain.ExecuteReaderAsync();
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message} in:\n{sql}");
        }
    }

    [GeneratedRegex("(?:FROM|JOIN) \"(\\w+)\" AS \"?(\\w+)")]
    private static partial Regex Aliases();

    [GeneratedRegex("\\{(\\d+)\\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("^SCAN (\\w+)")]
    private static partial Regex Scan();
}
