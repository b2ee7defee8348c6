using System.Net;
using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Data;

/// <summary>
/// The site as a real process that a newsroom member and a reader use, then SIGKILL, then a restart on the
/// same data folder and database. Whatever the site acknowledged before the kill must be there after it.
/// The scenario runs once per class; each test checks one promise against the restarted site.
/// </summary>
public abstract class KilledSite : IAsyncLifetime
{
    private const string Password = "a long test passphrase";

    private readonly string dataDir = Directory.CreateTempSubdirectory("broadsheet-kill-").FullName;
    private readonly PostgresTestDatabase? postgres;
    private readonly Dictionary<string, string> settings;

    protected KilledSite(bool onPostgres)
    {
        settings = new Dictionary<string, string>(CommentApp.CommentSettings)
        {
            ["environment"] = "Production",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Broadsheet:DataDir"] = dataDir,
            // The process runs on the real clock, where a reader's writing time cannot be simulated.
            ["Broadsheet:Comments:MinimumFillTime"] = "00:00:00",
        };
        if (onPostgres)
        {
            postgres = new PostgresTestDatabase();
            settings["Broadsheet:Database:Provider"] = "PostgreSQL";
            settings["ConnectionStrings:Broadsheet"] = postgres.ConnectionString;
        }
    }

    /// <summary>The site after the kill and the restart.</summary>
    public AppProcess Restarted { get; private set; } = null!;

    /// <summary>The cookies of the reader and of the member, kept by their browsers across the restart.</summary>
    public CookieContainer ReaderCookies { get; } = new();
    public CookieContainer MemberCookies { get; } = new();

    public string Email { get; } = "night-editor@example.org";
    public Article Article { get; private set; } = null!;
    public string PathBeforeRename { get; private set; } = "";
    public string SlugAfterRename { get; } = "harbour-crane-collapses";
    public string HeadlineAfterRename { get; } = "Harbour crane collapses in the night";
    public int CommentId { get; private set; }
    public Dictionary<string, string> SpentForm { get; private set; } = null!;
    public int DraftId { get; private set; }
    public string DraftHeadline { get; } = "Draft typed just before the outage";
    public string DraftBody { get; } = "Only the autosave knows this sentence.";

    public async Task InitializeAsync()
    {
        if (postgres is not null)
        {
            await postgres.CreateAsync();
        }

        var created = await AppProcess.RunCommandAsync(settings, Password,
            "users", "create", "--email", Email, "--name", "Night Editor", "--role", "Administrator");
        Assert.True(created.ExitCode == 0, created.Output + created.Error);

        await using (var first = await AppProcess.StartAsync(settings))
        {
            await UseTheSiteAsync(first);
            await first.KillAsync();
            Assert.Empty(first.Errors);
        }

        Restarted = await AppProcess.StartAsync(settings);
        await AssertOnTheClaimedDatabaseAsync();
    }

    /// <summary>The renamed article is in the database this class claims, so a PostgreSQL run cannot pass on SQLite.</summary>
    private async Task AssertOnTheClaimedDatabaseAsync()
    {
        await using BroadsheetDb db = postgres is null
            ? new SqliteBroadsheetDb(new DbContextOptionsBuilder<SqliteBroadsheetDb>().UseSqlite($"Data Source={Path.Combine(dataDir, "broadsheet.db")};Mode=ReadOnly;Pooling=false").Options)
            : new PostgresBroadsheetDb(new DbContextOptionsBuilder<PostgresBroadsheetDb>().UseNpgsql(postgres.ConnectionString).Options);
        Assert.True(await db.Articles.AnyAsync(a => a.Id == Article.Id && a.Slug == SlugAfterRename), $"The article is not in the {(postgres is null ? "SQLite" : "PostgreSQL")} database.");
    }

    private async Task UseTheSiteAsync(AppProcess site)
    {
        using var member = await NewsroomClient.SignInAsync(site.CreateHttpClient(MemberCookies), Email, Password);

        var form = await NewsroomArticles.FormAsync(member, "Crane trouble at the harbour", "Publish");
        form["Input.Slug"] = "crane-trouble-at-the-harbour";
        var articleId = await NewsroomArticles.SaveAndGetIdAsync(member, null, form);
        PathBeforeRename = (await member.Http.GetDocumentAsync($"/newsroom/articles/edit/{articleId}"))
            .QuerySelector("a[target=_blank][href$='/crane-trouble-at-the-harbour']")!.GetAttribute("href")!;
        Article = new Article { Id = articleId, Headline = form["Input.Headline"], Slug = form["Input.Slug"], Body = form["Input.Body"] }; // its id is what the comment form posts

        using var reader = new Commenter(site.CreateHttpClient(ReaderCookies), clock: null);
        SpentForm = await reader.FormAsync(Article, "Posted just before the lights went out.");
        using (var posted = await reader.PostAsync(SpentForm))
        {
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            CommentId = Commenter.IdFrom(posted);
        }

        DraftId = await NewsroomArticles.AutosaveNewAsync(member, DraftHeadline, DraftBody);

        // The last thing before the kill: an edit that renames the article, so a revision, a slug redirect
        // and an audit entry all belong to the acknowledgement the member saw.
        form["Input.Headline"] = HeadlineAfterRename;
        form["Input.Slug"] = SlugAfterRename;
        Assert.Equal(articleId, await NewsroomArticles.SaveAndGetIdAsync(member, articleId, form));
    }

    public async Task DisposeAsync()
    {
        if (Restarted is not null)
        {
            await Restarted.DisposeAsync();
        }

        if (postgres is not null)
        {
            await postgres.DropAsync();
        }

        Directory.Delete(dataDir, recursive: true);
    }
}

public sealed class KilledSqliteSite() : KilledSite(onPostgres: false);

public sealed class KilledPostgresSite() : KilledSite(onPostgres: true);

public abstract class KillRecoveryTests<TSite>(TSite site) : IAsyncLifetime where TSite : KilledSite
{
    private NewsroomClient Member() => new(site.Restarted.CreateHttpClient(site.MemberCookies));

    private Commenter Reader() => new(site.Restarted.CreateHttpClient(site.ReaderCookies), clock: null);

    [Fact]
    public async Task A_comment_acknowledged_before_the_kill_is_there_after_the_restart()
    {
        using var reader = Reader();
        using var member = Member();
        // A first comment is held: its writer still sees it, and so does the moderation queue.
        var held = (await reader.StateAsync(site.Article.Id)).Held.Select(c => (int)c!["id"]!);
        Assert.Contains(site.CommentId, held);
        var queue = await member.Http.GetDocumentAsync($"/newsroom/comments?status=pending&article={site.Article.Id}");
        Assert.Contains("Posted just before the lights went out.", queue.QuerySelector($"#row-{site.CommentId}")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_challenge_spent_before_the_kill_is_still_refused_after_the_restart()
    {
        using var reader = Reader();
        var state = await reader.StateAsync(site.Article.Id);
        var replay = new Dictionary<string, string>(site.SpentForm)
        {
            ["__RequestVerificationToken"] = state.Token,
            ["Stamp"] = state.Stamp,
            ["Comment"] = "The same solution once more, after the restart.",
        };

        using var refused = await reader.PostAsync(replay);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("The anti-spam check did not pass", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Refused for being spent, not for being unreadable: a fresh solution passes.
        using var fresh = await reader.PostAsync(await reader.FormAsync(site.Article, "A fresh solution after the restart."));
        Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);
    }

    [Fact]
    public async Task A_draft_autosaved_before_the_kill_is_there_after_the_restart()
    {
        using var member = Member();
        var editor = await member.Http.GetDocumentAsync($"/newsroom/articles/edit/{site.DraftId}");

        Assert.Equal(site.DraftHeadline, editor.QuerySelector("[name='Input.Headline']")!.GetAttribute("value"));
        Assert.Equal(site.DraftBody, editor.QuerySelector("[name='Input.Body']")!.TextContent.Trim());
    }

    [Fact]
    public async Task An_article_saved_just_before_the_kill_keeps_its_revision_slug_history_and_audit_entry()
    {
        using var reader = Reader();
        using var member = Member();
        using var moved = await reader.Http.GetAsync(site.PathBeforeRename);
        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        var newPath = moved.Headers.Location!.OriginalString;
        Assert.EndsWith("/" + site.SlugAfterRename, newPath, StringComparison.Ordinal);
        var page = await reader.Http.GetDocumentAsync(newPath);
        Assert.Equal(site.HeadlineAfterRename, page.QuerySelector("h1")!.TextContent.Trim());

        var revisions = (await member.Http.GetDocumentAsync($"/newsroom/articles/{site.Article.Id}/revisions"))
            .QuerySelectorAll(".nr-revisions li").Select(li => li.TextContent).ToList();
        Assert.Equal(2, revisions.Count);
        Assert.Single(revisions, r => r.Contains("Updated by Night Editor", StringComparison.Ordinal));
        Assert.Single(revisions, r => r.Contains("Published by Night Editor", StringComparison.Ordinal));

        var audit = (await member.Http.GetDocumentAsync("/newsroom/audit")).QuerySelectorAll("tbody tr")
            .Select(row => string.Join("|", row.QuerySelectorAll("td").Skip(1).Select(td => td.TextContent.Trim())));
        Assert.Contains($"{site.Email}|Updated article|{site.HeadlineAfterRename}", audit);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Assert.True(site.Restarted.Errors.Count == 0, "The restarted app logged errors:\n" + string.Join("\n", site.Restarted.Errors));
        return Task.CompletedTask;
    }
}

public sealed class SqliteKillRecoveryTests(KilledSqliteSite site) : KillRecoveryTests<KilledSqliteSite>(site), IClassFixture<KilledSqliteSite>;

public sealed class PostgresKillRecoveryTests(KilledPostgresSite site) : KillRecoveryTests<KilledPostgresSite>(site), IClassFixture<KilledPostgresSite>;
