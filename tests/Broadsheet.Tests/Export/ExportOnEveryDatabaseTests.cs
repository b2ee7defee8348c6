using System.Text.Json;
using Broadsheet.Data;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Export;

/// <summary>Both exports from a running site (a process of its own, demo content) on each database the product supports.</summary>
public abstract class ExportOnEveryDatabaseTests(bool onPostgres) : IAsyncLifetime
{
    private readonly string dataDir = Directory.CreateTempSubdirectory("broadsheet-export-").FullName;
    private readonly PostgresTestDatabase? postgres = onPostgres ? new PostgresTestDatabase() : null;
    private Dictionary<string, string> settings = [];

    [Fact]
    public async Task Both_exports_of_a_running_site_hold_every_article_page_and_comment_of_its_database()
    {
        await using var site = await AppProcess.StartAsync(settings);
        var json = Path.Combine(dataDir, "out", "site.json");
        var xml = Path.Combine(dataDir, "out", "site.xml");

        var toJson = await AppProcess.RunCommandAsync(settings, "", "export", "json", Path.GetDirectoryName(json)!);
        var toXml = await AppProcess.RunCommandAsync(settings, "", "export", "wordpress", xml);

        Assert.True(toJson.ExitCode == 0, toJson.Output + toJson.Error);
        Assert.True(toXml.ExitCode == 0, toXml.Output + toXml.Error);
        var (articles, comments, sections) = await WithDbAsync(async db => (await db.Articles.CountAsync(), await db.Comments.CountAsync(), await db.Sections.CountAsync()));
        Assert.True(articles > 0 && comments > 0, "The demo content should have articles and comments.");
        using (var document = JsonDocument.Parse(await File.ReadAllBytesAsync(json)))
        {
            Assert.Equal(articles, document.RootElement.GetProperty("articles").GetArrayLength());
            Assert.Equal(comments, document.RootElement.GetProperty("comments").GetArrayLength());
            Assert.Equal(sections, document.RootElement.GetProperty("sections").GetArrayLength());
        }

        var wxr = WxrReader.Read(xml);
        Assert.Equal(articles, wxr.Items.Count(i => i.PostType == "post"));
        Assert.Equal(comments, wxr.Items.Sum(i => i.Comments.Count));
        Assert.Equal(sections, wxr.Categories);
        Assert.Empty(site.Errors);
    }

    private async Task<T> WithDbAsync<T>(Func<BroadsheetDb, Task<T>> query)
    {
        await using BroadsheetDb db = postgres is not null
            ? new PostgresBroadsheetDb(new DbContextOptionsBuilder<PostgresBroadsheetDb>().UseNpgsql(postgres.ConnectionString).Options)
            : new SqliteBroadsheetDb(new DbContextOptionsBuilder<SqliteBroadsheetDb>().UseSqlite($"Data Source={Path.Combine(dataDir, "broadsheet.db")};Mode=ReadOnly;Pooling=false").Options);
        return await query(db);
    }

    public async Task InitializeAsync()
    {
        settings = new Dictionary<string, string>
        {
            ["environment"] = "Production",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Broadsheet:DataDir"] = dataDir,
        };
        if (postgres is not null)
        {
            await postgres.CreateAsync();
            settings["Broadsheet:Database:Provider"] = "PostgreSQL";
            settings["ConnectionStrings:Broadsheet"] = postgres.ConnectionString;
        }
    }

    public async Task DisposeAsync()
    {
        if (postgres is not null)
        {
            await postgres.DropAsync();
        }

        Directory.Delete(dataDir, recursive: true);
    }
}

public sealed class SqliteExportTests() : ExportOnEveryDatabaseTests(onPostgres: false);

public sealed class PostgresExportTests() : ExportOnEveryDatabaseTests(onPostgres: true);
