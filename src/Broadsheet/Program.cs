using Broadsheet.Data;
using Broadsheet.Feeds;
using Broadsheet.Site;

var builder = WebApplication.CreateBuilder(args);

// Serve wwwroot from the build output too (`dotnet run` in any environment); a no-op once published.
builder.WebHost.UseStaticWebAssets();

builder.AddBroadsheetSite();
builder.AddBroadsheetData();

var app = builder.Build();

await app.InitializeDatabaseAsync();

app.UseBroadsheetSite();
app.MapStaticAssets();
app.MapRazorPages().CacheOutput(PageCache.PolicyName);
app.MapFeeds();
app.MapSeoFiles();
app.MapHealth();

await app.RunAsync();

/// <summary>The app's entry point; public so integration tests can host it.</summary>
public partial class Program;
