using Broadsheet.Subscriptions;
using Broadsheet.Tests.Infrastructure;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Subscriptions;

/// <summary><c>subscribers import|export</c> run as a real process on the data folder of a running site.</summary>
public sealed class SubscriberCommandsTests(NewsroomApp app) : AppTest<NewsroomApp>(app), IClassFixture<NewsroomApp>
{
    private Task<ProgramProcess.Result> SubscribersAsync(params string[] args) =>
        ProgramProcess.RunAsync(["subscribers", .. args, "--Broadsheet:DataDir", App.DataDir, "--Logging:LogLevel:Default", "Warning"]);

    [Fact]
    public async Task Import_from_a_newsletter_service_confirms_only_consented_addresses_reports_bad_lines_and_queues_no_mail()
    {
        var domain = SubscriberBuilder.UniqueDomain();
        var slug = await App.WithDbAsync((db, _) => db.Sections.OrderBy(s => s.Position).Select(s => s.Slug).FirstAsync());
        var file = Path.Combine(App.DataDir, $"moving-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file,
            "email,sections,frequency,consented_at\n" +
            $"ana@{domain},{slug},weekly,2023-11-05T08:00:00Z\n" +
            $"ben@{domain},,,\n" +
            $"oops@{domain},No Such Section,,2023-11-05\n");
        var outboxBefore = await App.WithDbAsync((db, _) => db.Outbox.CountAsync());

        var result = await SubscribersAsync("import", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("2 new (1 confirmed, 1 pending)", result.Output, StringComparison.Ordinal);
        Assert.Contains($"line 4 (oops@{domain}): there is no section \u201cNo Such Section\u201d", result.Error, StringComparison.Ordinal);
        var imported = await App.WithDbAsync((db, _) => db.Subscribers.AsNoTracking().Where(s => s.Email.EndsWith(domain))
            .OrderBy(s => s.Email).Select(s => new { s.Email, s.Status, s.Frequency, s.ConsentSource }).ToListAsync());
        Assert.Equal(2, imported.Count);
        Assert.Equal((SubscriberStatus.Confirmed, Frequency.Weekly, $"import: {Path.GetFileName(file)}"), (imported[0].Status, imported[0].Frequency, imported[0].ConsentSource));
        Assert.Equal(SubscriberStatus.Pending, imported[1].Status);
        Assert.Equal(outboxBefore, await App.WithDbAsync((db, _) => db.Outbox.CountAsync()));
        Assert.Contains("Imported subscribers (command line)", await App.WithDbAsync((db, _) => db.AuditEntries.Select(a => a.Action).ToListAsync()));

        var missing = await SubscribersAsync("import", Path.Combine(App.DataDir, "nowhere.csv"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("There is no file", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_writes_every_subscriber_to_a_file_or_standard_output()
    {
        var domain = SubscriberBuilder.UniqueDomain();
        await App.AddSubscriberAsync($"kept@{domain}", SubscriberStatus.Confirmed, Frequency.Daily);
        await App.AddSubscriberAsync($"left@{domain}", SubscriberStatus.Unsubscribed);
        var total = await App.WithDbAsync((db, _) => db.Subscribers.CountAsync());
        var file = Path.Combine(App.DataDir, $"export-{Guid.NewGuid():N}.csv");

        var toFile = await SubscribersAsync("export", "--output", file);
        Assert.True(toFile.ExitCode == 0, toFile.Error);
        Assert.Contains($"Exported {total} address", toFile.Error, StringComparison.Ordinal);
        using (var reader = CsvReader.FromText(await File.ReadAllTextAsync(file)))
        {
            await reader.ReadHeaderAsync();
            Assert.Equal(SubscriberExport.Columns, reader.Headers);
            var rows = new Dictionary<string, string>();
            while (await reader.ReadAsync())
            {
                rows[reader.GetString(0)] = reader.GetString(1) + "/" + reader.GetString(2);
            }

            Assert.Equal(total, rows.Count);
            Assert.Equal("confirmed/daily", rows[$"kept@{domain}"]);
            Assert.StartsWith("unsubscribed/", rows[$"left@{domain}"], StringComparison.Ordinal);
        }

        var confirmedOnly = await SubscribersAsync("export", "--status", "confirmed");
        Assert.True(confirmedOnly.ExitCode == 0, confirmedOnly.Error);
        Assert.StartsWith("email,status,frequency,sections,consented_at,consent_source,created_at\r\n", confirmedOnly.Output, StringComparison.Ordinal);
        Assert.Contains($"kept@{domain},confirmed,daily", confirmedOnly.Output, StringComparison.Ordinal);
        Assert.DoesNotContain($"left@{domain}", confirmedOnly.Output, StringComparison.Ordinal);

        var badStatus = await SubscribersAsync("export", "--status", "sleeping");
        Assert.Equal(2, badStatus.ExitCode);
    }
}
