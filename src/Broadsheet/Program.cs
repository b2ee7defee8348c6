using Broadsheet.Accounts;
using Broadsheet.Api;
using Broadsheet.Api.Admin;
using Broadsheet.Areas.Newsroom;
using Broadsheet.Articles;
using Broadsheet.Audit;
using Broadsheet.CommandLine;
using Broadsheet.Comments;
using Broadsheet.Data;
using Broadsheet.Editing;
using Broadsheet.Feeds;
using Broadsheet.Hosting;
using Broadsheet.Import;
using Broadsheet.Mail;
using Broadsheet.Media;
using Broadsheet.Nodes;
using Broadsheet.Search;
using Broadsheet.Site;
using Broadsheet.Sitemaps;
using Broadsheet.Spam;
using Broadsheet.StaticPages;
using Broadsheet.Subscriptions;
using Broadsheet.Webhooks;
using Broadsheet.WordPressApi;

// Without a command this runs the site; `users create …` and the other commands use the same app and exit.
return await BroadsheetCommandLine.InvokeAsync(args, BuildApp);

static WebApplication BuildApp(string[] hostArgs)
{
    var builder = BroadsheetHost.CreateBuilder(hostArgs);
    builder.AddBroadsheetSite();
    builder.AddBroadsheetData();
    builder.AddNodes();
    builder.AddNewsroomAccounts();
    builder.AddAudit();
    builder.AddMail();
    builder.AddMedia();
    builder.AddArticles();
    builder.AddFeeds();
    builder.AddArticleEditing();
    builder.AddNewsroom();
    builder.AddSpam();
    builder.AddComments();
    builder.AddSubscriptions();
    builder.AddStaticPages();
    builder.AddWordPressApi();
    builder.AddBroadsheetApi();
    builder.AddImport();
    builder.AddSearch();
    builder.AddAdminApi();
    builder.AddWebhooks();
    builder.AddNativeMemoryTrim();

    var app = builder.Build();
    app.UseWordPressApi();
    app.UseBroadsheetApi();
    app.UseBroadsheetSite();
    app.MapBroadsheetApi();
    app.MapStaticAssets();
    app.MapMedia();
    app.MapRazorPages().CacheOutput(PageCache.PolicyName);
    app.MapFeeds();
    app.MapCommentFeed();
    app.MapComments();
    app.MapSitemaps();
    app.MapSeoFiles();
    app.MapWordPressApi();
    app.MapHealth();
    app.MapAdminApi();
    return app;
}

/// <summary>The app's entry point; public so integration tests can host it.</summary>
public partial class Program;
