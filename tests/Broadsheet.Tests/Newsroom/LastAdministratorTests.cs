using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Newsroom;

/// <summary>
/// The site may never be left without an administrator. An app of its own per database, because the
/// other account tests create administrators of their own.
/// </summary>
public abstract class LastAdministratorTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : NewsroomApp
{
    [Fact]
    public async Task The_only_administrator_cannot_be_demoted_or_disable_themselves()
    {
        using var admin = await App.SignInAsNewAsync(NewsroomRoles.Administrator);
        var id = await UserIdAsync(admin.Email);
        Assert.Equal([admin.Email], await AdministratorsAsync());

        using var demoted = await admin.PostFormAsync("/newsroom/users?handler=Role", new() { ["id"] = id, ["role"] = NewsroomRoles.Editor }, "/newsroom/users");

        Assert.Equal(HttpStatusCode.OK, demoted.StatusCode);
        var page = Html.Parse(await demoted.Content.ReadAsStringAsync());
        Assert.Equal("This is the only administrator. Make someone else an administrator first.", page.QuerySelector(".nr-errors")!.TextContent.Trim());
        Assert.Equal([admin.Email], await AdministratorsAsync());
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/newsroom/users")).StatusCode); // still an administrator's page to them

        using var disabled = await admin.PostFormAsync("/newsroom/users?handler=Disable", new() { ["id"] = id, ["disable"] = "true" }, "/newsroom/users");
        Assert.Contains("You cannot disable your own account", await disabled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await App.WithDbAsync((db, _) => db.Users.Where(u => u.Id == id).Select(u => u.IsDisabled).SingleAsync()));

        // With a second administrator the same change goes through: the refusal was about being the only one.
        var (second, _) = await App.CreateUserAsync(NewsroomRoles.Administrator);
        using var allowed = await admin.PostFormAsync("/newsroom/users?handler=Role", new() { ["id"] = id, ["role"] = NewsroomRoles.Editor }, "/newsroom/users");
        Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        Assert.Equal([second], await AdministratorsAsync());
    }

    private Task<string> UserIdAsync(string email) =>
        App.WithDbAsync((db, _) => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private Task<List<string?>> AdministratorsAsync() => App.WithDbAsync((db, _) =>
        (from u in db.Users
         join ur in db.UserRoles on u.Id equals ur.UserId
         join r in db.Roles on ur.RoleId equals r.Id
         where r.Name == NewsroomRoles.Administrator
         select u.Email).ToListAsync());
}

public sealed class SqliteLastAdministratorTests(NewsroomApp app) : LastAdministratorTests<NewsroomApp>(app), IClassFixture<NewsroomApp>;

public sealed class PostgresLastAdministratorTests(PostgresNewsroomApp app) : LastAdministratorTests<PostgresNewsroomApp>(app), IClassFixture<PostgresNewsroomApp>;
