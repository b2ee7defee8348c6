using System.Net;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Newsroom;

/// <summary>
/// First-run setup taken by many people at once (as on two nodes behind a load balancer): the database decides, so
/// exactly one administrator is made and everyone else is told the newsroom is already set up.
/// </summary>
public abstract class SetupRaceTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : NewsroomApp
{
    [Fact]
    public async Task Many_setup_submissions_at_once_create_exactly_one_administrator()
    {
        const int racers = 8;
        var clients = Enumerable.Range(0, racers).Select(_ => new NewsroomClient(App.CreateHttpClient())).ToList();
        try
        {
            var tokens = await Task.WhenAll(clients.Select(c => c.GetTokenAsync("/newsroom/setup")));
            var answers = await Task.WhenAll(clients.Select((c, i) => c.Http.PostAsync("/newsroom/setup", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = tokens[i],
                ["Input.Name"] = $"Racer {i}",
                ["Input.Email"] = $"racer{i}@example.org",
                ["Input.Password"] = "a long racing passphrase",
                ["Input.ConfirmPassword"] = "a long racing passphrase",
            }))));

            Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Redirect);
            Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Redirect), a => Assert.Equal(HttpStatusCode.NotFound, a.StatusCode));
            Assert.Equal(1, await App.WithDbAsync((db, _) => db.Users.CountAsync()));
            Assert.Equal(1, await App.WithDbAsync((db, _) => db.UserRoles.CountAsync()));
            Assert.Empty(App.Errors.Entries);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }
}

public sealed class SqliteSetupRaceTests(NewsroomApp app) : SetupRaceTests<NewsroomApp>(app), IClassFixture<NewsroomApp>;

public sealed class PostgresSetupRaceTests(PostgresNewsroomApp app) : SetupRaceTests<PostgresNewsroomApp>(app), IClassFixture<PostgresNewsroomApp>;
