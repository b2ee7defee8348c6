using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Mail;
using Broadsheet.Subscriptions;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Mail;

/// <summary>
/// The site as a real process sends an alert to 1,000 subscribers over SMTP and is killed (SIGKILL) halfway,
/// then started again on the same database. Every subscriber must get the alert; a repeat may only be a message
/// that was in flight at the kill, and it must carry the same Message-ID.
/// </summary>
public abstract class MailCrashTests(bool onPostgres)
{
    private const int Subscribers = 1000;

    [Fact]
    public async Task A_kill_while_an_alert_goes_out_loses_nothing_and_repeats_only_what_was_in_flight()
    {
        var dataDir = Directory.CreateTempSubdirectory("broadsheet-mailcrash-").FullName;
        var postgres = onPostgres ? new PostgresTestDatabase() : null;
        await using var smtp = SmtpTestServer.Start();
        var settings = new Dictionary<string, string>
        {
            ["environment"] = "Production",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Broadsheet:DataDir"] = dataDir,
            ["Broadsheet:DemoContent"] = "false",
            ["Broadsheet:Mail:From"] = "Gazette <news@gazette.example>",
            // Slow enough that the kill lands in the middle of the mailing.
            ["Broadsheet:Mail:MessagesPerSecond"] = "100",
        };
        foreach (var (key, value) in smtp.AppSettings())
        {
            settings[key] = value!;
        }

        if (postgres is not null)
        {
            await postgres.CreateAsync();
            settings["Broadsheet:Database:Provider"] = "PostgreSQL";
            settings["ConnectionStrings:Broadsheet"] = postgres.ConnectionString;
        }

        try
        {
            // A command creates the schema; the subscribers and an article due in a moment go straight into the database.
            var migrated = await AppProcess.RunCommandAsync(settings, "", "users", "list");
            Assert.True(migrated.ExitCode == 0, migrated.Error);
            await using (var db = Open(dataDir, postgres))
            {
                var section = new Section { Name = "City", Slug = "city" };
                db.Sections.Add(section);
                await db.SaveChangesAsync();
                for (var i = 0; i < Subscribers; i++)
                {
                    db.Subscribers.Add(new Subscriber
                    {
                        Email = $"reader{i:0000}@example.org",
                        NormalizedEmail = $"READER{i:0000}@EXAMPLE.ORG",
                        Status = SubscriberStatus.Confirmed,
                        Frequency = Frequency.AsPublished,
                        CreatedAt = DateTime.UtcNow,
                        ConsentedAt = DateTime.UtcNow,
                        LinkKey = SubscriptionLinks.NewLinkKey(),
                        Sections = [new SubscriberSection { SectionId = section.Id }],
                    });
                }

                db.Articles.Add(new Article
                {
                    Headline = "Harbour bridge reopens after repairs",
                    Slug = "harbour-bridge-reopens",
                    Body = "The bridge reopened this morning.",
                    Status = ArticleStatus.Scheduled,
                    PublishedAt = DateTime.UtcNow.AddSeconds(2),
                    CreatedAt = DateTime.UtcNow,
                    UpdatedAt = DateTime.UtcNow,
                    SectionId = section.Id,
                    EmailSubscribers = true,
                });
                await db.SaveChangesAsync();
            }

            int receivedAtKill;
            await using (var first = await AppProcess.StartAsync(settings))
            {
                await smtp.WaitForAsync(Subscribers / 4, timeout: TimeSpan.FromSeconds(60));
                await first.KillAsync();

                // A message whose data the process had sent before it died may still be in the server's hands:
                // it counts as received before the kill (its sender never heard the answer, so it repeats it).
                receivedAtKill = await smtp.CountOnceSettledAsync(TimeSpan.FromMilliseconds(500));
                Assert.Empty(first.Errors);
            }

            Assert.True(receivedAtKill < Subscribers, $"The kill came after all {receivedAtKill} messages had gone; the test proves nothing.");
            await using (var restarted = await AppProcess.StartAsync(settings))
            {
                var deadline = DateTime.UtcNow.AddSeconds(90);
                while (smtp.Messages.Select(m => m.To).Distinct().Count() < Subscribers && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(200);
                }

                // A little longer, so that a repeat sent late would be seen too.
                await Task.Delay(1000);
                Assert.Empty(restarted.Errors);
            }

            var received = smtp.Messages;
            var byRecipient = received.GroupBy(m => m.To).ToList();
            Assert.Equal(Subscribers, byRecipient.Count);
            Assert.All(byRecipient, copies => Assert.Single(copies.Select(m => m.Message.MessageId).Distinct()));

            // A repeat is a message whose first copy arrived just before the kill: accepted by the server, its outcome
            // not yet recorded (outcomes are written as they come, a few tens of milliseconds behind at most; at 100
            // messages a second that is a handful of messages, not the hundreds sent before the kill).
            const int InFlight = 30;
            var repeated = byRecipient.Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
            Assert.True(repeated.Count <= InFlight, $"{repeated.Count} messages were sent twice; only those in flight at the kill may be.");
            var lastBeforeKill = received.Take(receivedAtKill).TakeLast(InFlight).Select(m => m.To).ToHashSet();
            Assert.All(repeated, address => Assert.Contains(address, lastBeforeKill));

            await using var check = Open(dataDir, postgres);
            Assert.Equal(Subscribers, await check.Outbox.CountAsync(m => m.Kind == MailKind.Alert && m.Status == OutboxStatus.Sent));
        }
        finally
        {
            if (postgres is not null)
            {
                await postgres.DropAsync();
            }

            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static BroadsheetDb Open(string dataDir, PostgresTestDatabase? postgres) => postgres is null
        ? new SqliteBroadsheetDb(new DbContextOptionsBuilder<SqliteBroadsheetDb>().UseSqlite($"Data Source={Path.Combine(dataDir, "broadsheet.db")};Pooling=false").Options)
        : new PostgresBroadsheetDb(new DbContextOptionsBuilder<PostgresBroadsheetDb>().UseNpgsql(postgres.ConnectionString).Options);
}

public sealed class SqliteMailCrashTests() : MailCrashTests(onPostgres: false);

public sealed class PostgresMailCrashTests() : MailCrashTests(onPostgres: true);
