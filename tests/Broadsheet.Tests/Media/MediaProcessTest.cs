using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Media;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Media;

/// <summary>
/// Base for tests that run the real program beside the test process's app, on its data folder and database, or on
/// fresh ones made for a restore (removed afterwards).
/// </summary>
public abstract class MediaProcessTest<TApp>(TApp app) : AppTest<TApp>(app), IDisposable where TApp : NewsroomApp
{
    private readonly List<string> folders = [];
    private readonly List<PostgresTestDatabase> databases = [];

    protected async Task<MediaItem> UploadAsync(string name)
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        using var uploaded = await MediaUploads.UploadAsync(author, TestImages.Jpeg(1200, 800), name, "image/jpeg", "A picture");
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        return await App.WithDbAsync((db, _) => db.MediaItems.AsNoTracking().OrderByDescending(m => m.Id).FirstAsync());
    }

    /// <summary>The configuration keys that point the program at the test app's data folder and database.</summary>
    protected static Dictionary<string, string> SettingsOf(BroadsheetApp site)
    {
        var settings = new Dictionary<string, string>
        {
            ["environment"] = "Production",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Broadsheet:DataDir"] = site.DataDir,
        };
        if (site.Postgres is { } postgres)
        {
            settings["Broadsheet:Database:Provider"] = "PostgreSQL";
            settings["ConnectionStrings:Broadsheet"] = postgres.ConnectionString;
        }

        return settings;
    }

    /// <summary>A fresh data folder (and, on PostgreSQL, an empty database) for a site to be restored into.</summary>
    protected async Task<Dictionary<string, string>> FreshSiteAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["environment"] = "Production",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Broadsheet:DataDir"] = NewFolder(),
        };
        if (App.Postgres is not null)
        {
            var database = new PostgresTestDatabase();
            await database.CreateAsync();
            databases.Add(database);
            settings["Broadsheet:Database:Provider"] = "PostgreSQL";
            settings["ConnectionStrings:Broadsheet"] = database.ConnectionString;
        }

        return settings;
    }

    protected static string[] Arguments(IReadOnlyDictionary<string, string> settings) =>
        [.. settings.SelectMany(setting => new[] { $"--{setting.Key}", setting.Value })];

    protected string NewFolder()
    {
        var folder = Directory.CreateTempSubdirectory("broadsheet-media-test-").FullName;
        folders.Add(folder);
        return folder;
    }

    public void Dispose()
    {
        foreach (var database in databases)
        {
            database.DropAsync().GetAwaiter().GetResult();
        }

        foreach (var folder in folders)
        {
            Directory.Delete(folder, recursive: true);
        }

        GC.SuppressFinalize(this);
    }
}

