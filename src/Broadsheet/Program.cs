using Broadsheet.Accounts;
using Broadsheet.Comments;
using Broadsheet.Data;
using Broadsheet.Feeds;
using Broadsheet.Mail;
using Broadsheet.Media;
using Broadsheet.Newsroom;
using Broadsheet.Site;

// `users create …` runs an administration command instead of the site; the rest configures the host.
var (command, hostArgs) = CommandLine.Split(args);
var builder = WebApplication.CreateBuilder(hostArgs);

// Serve wwwroot from the build output too (`dotnet run` in any environment); a no-op once published.
builder.WebHost.UseStaticWebAssets();

builder.AddBroadsheetSite();
builder.AddBroadsheetData();
builder.AddNewsroomAccounts();
builder.AddMail();
builder.AddMedia();
builder.AddNewsroom();
builder.AddComments();

var app = builder.Build();

await app.InitializeDatabaseAsync();
if (command is not null)
{
    return await command.RunAsync(app);
}

app.UseNewsroomHeaders();
app.UseCommentHeaders();
app.UseBroadsheetSite();
app.MapStaticAssets();
app.MapMedia();
app.MapRazorPages().CacheOutput(PageCache.PolicyName);
app.MapFeeds();
app.MapCommentFeed();
app.MapComments();
app.MapSeoFiles();
app.MapHealth();

await app.RunAsync();
return 0;

/// <summary>The app's entry point; public so integration tests can host it.</summary>
public partial class Program;
