using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Broadsheet.Accounts;
using Broadsheet.Subscriptions;
using Broadsheet.Tests.Infrastructure;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Newsroom;

/// <summary>The newsroom's subscriber list: finding addresses, the counts, exporting and importing CSV, and the hand actions.</summary>
public abstract class SubscribersPageTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : NewsroomApp
{
    private static string[] Addresses(AngleSharp.Dom.IDocument page) =>
        page.QuerySelectorAll(".nr-subscribers tbody tr td:first-child").Select(td => td.TextContent.Trim()).Order().ToArray();

    private static int Count(AngleSharp.Dom.IDocument page, string view) =>
        int.Parse(page.QuerySelector($"[data-count={view}]")!.TextContent, System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<HttpResponseMessage> ImportAsync(NewsroomClient client, string fileName, byte[] bytes)
    {
        var token = await client.GetTokenAsync("/newsroom/subscribers");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "Upload", fileName);
        form.Add(new StringContent(token), "__RequestVerificationToken");
        return await client.Http.PostAsync("/newsroom/subscribers?handler=Import", form);
    }

    private static async Task<AngleSharp.Dom.IDocument> ImportPageAsync(NewsroomClient client, string fileName, string csv)
    {
        using var response = await ImportAsync(client, fileName, Encoding.UTF8.GetBytes(csv));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return Html.Parse(body);
    }

    private Task<Subscriber?> FindAsync(string email)
    {
        var normalized = email.ToUpperInvariant();
        return App.WithDbAsync((db, _) => db.Subscribers.AsNoTracking().Include(s => s.Sections).SingleOrDefaultAsync(s => s.NormalizedEmail == normalized));
    }

    [Fact]
    public async Task Search_and_status_show_the_right_addresses_with_their_counts_and_why_an_address_bounces()
    {
        var domain = SubscriberBuilder.UniqueDomain();
        await App.AddSubscriberAsync($"pending@{domain}", SubscriberStatus.Pending);
        await App.AddSubscriberAsync($"reader@{domain}", SubscriberStatus.Confirmed);
        await App.AddSubscriberAsync($"second.reader@{domain}", SubscriberStatus.Confirmed);
        await App.AddSubscriberAsync($"left@{domain}", SubscriberStatus.Unsubscribed);
        await App.AddSubscriberAsync($"gone@{domain}", SubscriberStatus.Bouncing, bounceReason: "550 5.1.1 <gone> No such user here");
        await App.AddSubscriberAsync($"reader@{SubscriberBuilder.UniqueDomain()}", SubscriberStatus.Confirmed);
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);

        var all = await editor.Http.GetDocumentAsync($"/newsroom/subscribers?q={domain.ToUpperInvariant()}");
        Assert.Equal([$"gone@{domain}", $"left@{domain}", $"pending@{domain}", $"reader@{domain}", $"second.reader@{domain}"], Addresses(all));
        Assert.Equal((5, 1, 2, 1, 1), (Count(all, "all"), Count(all, "pending"), Count(all, "confirmed"), Count(all, "unsubscribed"), Count(all, "bouncing")));

        var confirmed = await editor.Http.GetDocumentAsync($"/newsroom/subscribers?q={domain}&status=confirmed");
        Assert.Equal([$"reader@{domain}", $"second.reader@{domain}"], Addresses(confirmed));

        var bouncing = await editor.Http.GetDocumentAsync($"/newsroom/subscribers?q={domain}&status=bouncing");
        Assert.Equal([$"gone@{domain}"], Addresses(bouncing));
        Assert.Contains("No such user here", bouncing.QuerySelector(".nr-subscribers .nr-reason")!.TextContent, StringComparison.Ordinal);

        var nobody = await editor.Http.GetDocumentAsync("/newsroom/subscribers?q=nobody-has-this-address");
        Assert.Empty(Addresses(nobody));
        Assert.Contains("No subscribers here.", nobody.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_newsroom_menu_offers_subscribers_and_the_outbox_to_editors_and_administrators_only()
    {
        string[] mailRoles = [NewsroomRoles.Administrator, NewsroomRoles.Editor];
        foreach (var role in NewsroomRoles.All)
        {
            using var member = await App.SignInAsNewAsync(role);
            var menu = (await member.Http.GetDocumentAsync("/newsroom")).QuerySelector("nav[aria-label=Newsroom]")!;
            var links = menu.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
            Assert.True(mailRoles.Contains(role) == links.Contains("/newsroom/subscribers"), $"{role}: {string.Join(" ", links)}");
            Assert.True(mailRoles.Contains(role) == links.Contains("/newsroom/outbox"), $"{role}: {string.Join(" ", links)}");
        }
    }

    [Fact]
    public async Task A_long_list_is_paged_newest_first()
    {
        var domain = SubscriberBuilder.UniqueDomain();
        var start = App.Clock.GetUtcNow().UtcDateTime.AddDays(-100);
        for (var i = 0; i < Broadsheet.Areas.Newsroom.Pages.Subscribers.IndexModel.PageSize + 3; i++)
        {
            await App.AddSubscriberAsync($"reader{i:00}@{domain}", SubscriberStatus.Confirmed, createdAt: start.AddHours(i));
        }

        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var first = await editor.Http.GetDocumentAsync($"/newsroom/subscribers?q={domain}");
        var rows = first.QuerySelectorAll(".nr-subscribers tbody tr td:first-child").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(50, rows.Count);
        Assert.Equal($"reader52@{domain}", rows[0]);
        var next = first.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        var second = await editor.Http.GetDocumentAsync(next);
        Assert.Equal([$"reader00@{domain}", $"reader01@{domain}", $"reader02@{domain}"], Addresses(second));
        Assert.Null(second.QuerySelector("a[rel=next]"));
    }

    [Fact]
    public async Task Counts_per_section_are_confirmed_subscribers_by_frequency()
    {
        var section = await App.AddSectionAsync($"Counted {Guid.NewGuid():N}"[..20]);
        var domain = SubscriberBuilder.UniqueDomain();
        await App.AddSubscriberAsync($"a@{domain}", SubscriberStatus.Confirmed, Frequency.AsPublished, [section.Id]);
        await App.AddSubscriberAsync($"b@{domain}", SubscriberStatus.Confirmed, Frequency.AsPublished, [section.Id]);
        await App.AddSubscriberAsync($"c@{domain}", SubscriberStatus.Confirmed, Frequency.Daily, [section.Id]);
        await App.AddSubscriberAsync($"d@{domain}", SubscriberStatus.Confirmed, Frequency.Weekly, [section.Id]);
        await App.AddSubscriberAsync($"e@{domain}", SubscriberStatus.Pending, Frequency.Daily, [section.Id]);
        await App.AddSubscriberAsync($"f@{domain}", SubscriberStatus.Unsubscribed, Frequency.Weekly, [section.Id]);
        await App.AddSubscriberAsync($"g@{domain}", SubscriberStatus.Bouncing, Frequency.AsPublished, [section.Id]);
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);

        var page = await editor.Http.GetDocumentAsync("/newsroom/subscribers");
        var row = page.QuerySelectorAll(".nr-section-counts tbody tr").Single(r => r.QuerySelector("th")!.TextContent == section.Name);
        Assert.Equal(["2", "1", "1", "4"], row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()));
    }

    [Fact]
    public async Task Export_streams_exactly_the_matching_subscribers_as_CSV_that_CsvHelper_reads_and_is_audited()
    {
        var section = await App.AddSectionAsync($"Export {Guid.NewGuid():N}"[..20]);
        var domain = SubscriberBuilder.UniqueDomain();
        await App.AddSubscriberAsync($"one@{domain}", SubscriberStatus.Confirmed, Frequency.Daily, [section.Id]);
        await App.AddSubscriberAsync($"two@{domain}", SubscriberStatus.Pending, Frequency.Weekly);
        await App.AddSubscriberAsync($"=HYPERLINK(1)@{domain}", SubscriberStatus.Unsubscribed);
        await App.AddSubscriberAsync($"other@{SubscriberBuilder.UniqueDomain()}", SubscriberStatus.Confirmed);
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);

        using var response = await editor.PostFormAsync($"/newsroom/subscribers?handler=Export&q={domain}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Matches(@"^[a-z0-9.-]+-subscribers-\d{4}-\d{2}-\d{2}\.csv$", disposition.FileName!.Trim('"'));

        var csv = await response.Content.ReadAsStringAsync();
        using var reader = CsvReader.FromText(csv);
        await reader.ReadHeaderAsync();
        Assert.Equal(SubscriberExport.Columns, reader.Headers);
        var rows = new Dictionary<string, string[]>();
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray();
        }

        Assert.Equal([$"'=HYPERLINK(1)@{domain}", $"one@{domain}", $"two@{domain}"], rows.Keys.Order());
        Assert.Equal(["confirmed", "daily", section.Slug, "confirmed link"], rows[$"one@{domain}"][1..4].Append(rows[$"one@{domain}"][5]));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", rows[$"one@{domain}"][4]);
        Assert.Equal(["pending", "weekly", "", ""], rows[$"two@{domain}"][1..5]);

        var audit = await App.WithDbAsync((db, _) => db.AuditEntries.Where(a => a.Action == "Exported subscribers").Select(a => a.Subject).ToListAsync());
        Assert.Contains($"3 addresses (matching \u201c{domain}\u201d)", audit);
    }

    [Fact]
    public async Task Import_confirms_the_addresses_with_a_consent_date_and_leaves_the_others_pending_without_any_mail()
    {
        var news = await App.AddSectionAsync($"Import News {Guid.NewGuid():N}"[..24]);
        var sport = await App.AddSectionAsync($"Import Sport {Guid.NewGuid():N}"[..24]);
        var domain = SubscriberBuilder.UniqueDomain();
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var outboxBefore = await App.WithDbAsync((db, _) => db.Outbox.CountAsync());

        var page = await ImportPageAsync(editor, "newsletter-export.csv",
            "Email,Sections,Frequency,Consented at\r\n" +
            $"ana@{domain},{news.Name};{sport.Slug},daily,2024-03-01\r\n" +
            $"ben@{domain},,weekly,2024-05-02T09:30:00+02:00\r\n" +
            $"cleo@{domain},{sport.Slug},,\r\n" +
            $"dan@{domain}\r\n");

        var report = page.QuerySelector("#import-report")!.TextContent;
        Assert.Contains("4 new (2 confirmed, 2 pending)", report, StringComparison.Ordinal);
        Assert.Contains("they get no mail, not even a confirmation", report, StringComparison.Ordinal);

        var ana = await FindAsync($"ana@{domain}");
        Assert.Equal(SubscriberStatus.Confirmed, ana!.Status);
        Assert.Equal(Frequency.Daily, ana.Frequency);
        Assert.Equal(new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc), ana.ConsentedAt);
        Assert.Equal("import: newsletter-export.csv", ana.ConsentSource);
        Assert.Equal([news.Id, sport.Id], ana.Sections.Select(s => s.SectionId).Order());

        var ben = await FindAsync($"ben@{domain}");
        Assert.Equal((SubscriberStatus.Confirmed, Frequency.Weekly), (ben!.Status, ben.Frequency));
        Assert.Equal(new DateTime(2024, 5, 2, 7, 30, 0, DateTimeKind.Utc), ben.ConsentedAt);
        var allSections = await App.WithDbAsync((db, _) => db.Sections.CountAsync());
        Assert.Equal(allSections, ben.Sections.Count);

        var cleo = await FindAsync($"cleo@{domain}");
        Assert.Equal((SubscriberStatus.Pending, Frequency.AsPublished, (DateTime?)null, (string?)null), (cleo!.Status, cleo.Frequency, cleo.ConsentedAt, cleo.ConsentSource));
        Assert.Equal([sport.Id], cleo.Sections.Select(s => s.SectionId));
        Assert.Equal(SubscriberStatus.Pending, (await FindAsync($"dan@{domain}"))!.Status);

        // Nothing at all was queued: not even a confirmation for the pending addresses.
        Assert.Equal(outboxBefore, await App.WithDbAsync((db, _) => db.Outbox.CountAsync()));
        var audit = await App.WithDbAsync((db, _) => db.AuditEntries.Where(a => a.Action == "Imported subscribers").Select(a => a.Subject).ToListAsync());
        Assert.Contains("newsletter-export.csv: 4 imported, 0 lines refused", audit);

        // The list shows them, with where their consent came from.
        var list = await editor.Http.GetDocumentAsync($"/newsroom/subscribers?q={domain}&status=confirmed");
        Assert.Equal([$"ana@{domain}", $"ben@{domain}"], Addresses(list));
        Assert.Contains("import: newsletter-export.csv", list.QuerySelector(".nr-subscribers")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_lines_are_reported_by_number_with_the_reason_and_the_good_lines_still_import()
    {
        var domain = SubscriberBuilder.UniqueDomain();
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var tomorrow = App.Clock.GetUtcNow().AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var page = await ImportPageAsync(editor, "mixed.csv",
            "email,sections,frequency,consented_at\n" +
            $"good1@{domain},,,2024-01-01\n" +
            "not-an-address,,,2024-01-01\n" +
            $"nosection@{domain},Astrology,,2024-01-01\n" +
            $"baddate@{domain},,,01/03/2024\n" +
            $"future@{domain},,,{tomorrow}\n" +
            $"GOOD1@{domain},,,2024-01-01\n" +
            $"monthly@{domain},,monthly,\n" +
            "\n" +
            $"bad\"quote@{domain}\",,,\n" +
            $"good2@{domain},,,\n");

        var problems = page.QuerySelectorAll(".nr-import-problems li").ToDictionary(li => li.GetAttribute("data-line")!, li => li.TextContent);
        Assert.Equal(["10", "3", "4", "5", "6", "7", "8"], problems.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("not an email address", problems["3"], StringComparison.Ordinal);
        Assert.Contains("no section \u201cAstrology\u201d", problems["4"], StringComparison.Ordinal);
        Assert.Contains("not a date like 2024-03-01", problems["5"], StringComparison.Ordinal);
        Assert.Contains("in the future", problems["6"], StringComparison.Ordinal);
        Assert.Contains("already on line 2", problems["7"], StringComparison.Ordinal);
        Assert.Contains("\u201cmonthly\u201d is not a frequency", problems["8"], StringComparison.Ordinal);
        Assert.Contains("quotation marks", problems["10"], StringComparison.Ordinal);
        Assert.Contains("7 lines not imported", page.QuerySelector("#import-report")!.TextContent, StringComparison.Ordinal);

        Assert.Equal(SubscriberStatus.Confirmed, (await FindAsync($"good1@{domain}"))!.Status);
        Assert.Equal(SubscriberStatus.Pending, (await FindAsync($"good2@{domain}"))!.Status);
        Assert.Null(await FindAsync($"nosection@{domain}"));
        Assert.Null(await FindAsync($"future@{domain}"));
    }

    [Fact]
    public async Task An_unsubscribed_address_is_subscribed_again_only_by_a_consent_date_after_it_left()
    {
        var domain = SubscriberBuilder.UniqueDomain();
        var leftAt = App.Clock.GetUtcNow().UtcDateTime.AddDays(-10);
        await App.AddSubscriberAsync($"left@{domain}", SubscriberStatus.Unsubscribed, Frequency.Daily, unsubscribedAt: leftAt);
        await App.AddSubscriberAsync($"reader@{domain}", SubscriberStatus.Confirmed, Frequency.Weekly, createdAt: leftAt);
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        string Day(int daysAgo) => App.Clock.GetUtcNow().AddDays(-daysAgo).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var older = await ImportPageAsync(editor, "old-list.csv",
            $"email,frequency,consented_at\nleft@{domain},as published,{Day(30)}\nreader@{domain},daily,{Day(30)}\n");
        var problem = older.QuerySelector(".nr-import-problems li[data-line='2']")!.TextContent;
        Assert.Contains("unsubscribed on " + leftAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), problem, StringComparison.Ordinal);
        Assert.Equal(SubscriberStatus.Unsubscribed, (await FindAsync($"left@{domain}"))!.Status);
        // A confirmed reader's own later choice stands against an older consent in a file.
        Assert.Contains("1 already here and unchanged", older.QuerySelector("#import-report")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Frequency.Weekly, (await FindAsync($"reader@{domain}"))!.Frequency);

        var withoutDate = await ImportPageAsync(editor, "no-dates.csv", $"email\nleft@{domain}\n");
        Assert.NotNull(withoutDate.QuerySelector(".nr-import-problems li[data-line='2']"));
        Assert.Equal(SubscriberStatus.Unsubscribed, (await FindAsync($"left@{domain}"))!.Status);

        var newer = await ImportPageAsync(editor, "new-list.csv", $"email,frequency,consented_at\nleft@{domain},as published,{Day(1)}\n");
        Assert.Contains("1 subscribed again", newer.QuerySelector("#import-report")!.TextContent, StringComparison.Ordinal);
        var back = await FindAsync($"left@{domain}");
        Assert.Equal((SubscriberStatus.Confirmed, Frequency.AsPublished, (DateTime?)null, "import: new-list.csv"), (back!.Status, back.Frequency, back.UnsubscribedAt, back.ConsentSource));
    }

    [Theory]
    [InlineData("photo.csv", "png", "not a CSV file")]
    [InlineData("list.csv", "no-email", "no \u201cemail\u201d column")]
    [InlineData("list.csv", "empty", "The file is empty")]
    [InlineData("list.csv", "blank", "The file is empty")]
    [InlineData("list.xlsx", "zip", "This is a spreadsheet, not a CSV file")]
    public async Task A_file_that_is_not_a_subscriber_CSV_gets_a_clear_message_and_imports_nothing(string fileName, string content, string message)
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var before = await App.WithDbAsync((db, _) => db.Subscribers.CountAsync());
        byte[] bytes = content switch
        {
            "png" => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0],
            "no-email" => "name,address\nAna,ana@example.org\n"u8.ToArray(),
            "empty" => [],
            "blank" => "\n\n"u8.ToArray(),
            _ => [0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0],
        };

        using var response = await ImportAsync(editor, fileName, bytes);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var error = Html.Parse(body).QuerySelector("[data-valmsg-for=Upload]")!.TextContent;
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Equal(before, await App.WithDbAsync((db, _) => db.Subscribers.CountAsync()));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_with_a_message()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var line = "email,sections,frequency,consented_at\n"u8.ToArray();
        var tooLarge = new byte[SubscriberImport.MaxFileBytes + 1024];
        line.CopyTo(tooLarge, 0);
        tooLarge.AsSpan(line.Length).Fill((byte)'\n');

        using var response = await ImportAsync(editor, "everyone.csv", tooLarge);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var error = Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("[data-valmsg-for=Upload]")!.TextContent;
        Assert.Contains("import at most 20 MB at a time", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_editor_unsubscribes_an_address_by_hand_and_reactivates_a_suspended_one()
    {
        var domain = SubscriberBuilder.UniqueDomain();
        var reader = await App.AddSubscriberAsync($"reader@{domain}", SubscriberStatus.Confirmed);
        var bouncing = await App.AddSubscriberAsync($"full-mailbox@{domain}", SubscriberStatus.Bouncing, bounceReason: "550 Mailbox full");
        var queued = await App.WithDbAsync(async (db, services) =>
        {
            var message = services.GetRequiredService<Broadsheet.Mail.Outbox>().Queue(db, Broadsheet.Mail.MailKind.Alert, reader.Email, null, "News", "Text", null,
                reader.Id, "https://example.org/unsubscribe");
            // Waiting for a retry, so the app's sender leaves it alone while the test looks.
            message.NextAttemptAt = App.Clock.GetUtcNow().UtcDateTime.AddHours(1);
            await db.SaveChangesAsync();
            return message.Id;
        });
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);

        using var unsubscribe = await editor.PostFormAsync($"/newsroom/subscribers?handler=Unsubscribe&id={reader.Id}&q={domain}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, unsubscribe.StatusCode);
        var left = await FindAsync(reader.Email);
        Assert.Equal(SubscriberStatus.Unsubscribed, left!.Status);
        // PostgreSQL keeps microseconds, not .NET's ticks.
        Assert.Equal(App.Clock.GetUtcNow().UtcDateTime, left.UnsubscribedAt!.Value, TimeSpan.FromMilliseconds(1));
        var message = await App.WithDbAsync((db, _) => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == queued));
        Assert.Equal(Broadsheet.Mail.OutboxStatus.Cancelled, message.Status);

        using var reactivate = await editor.PostFormAsync($"/newsroom/subscribers?handler=Reactivate&id={bouncing.Id}&q={domain}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, reactivate.StatusCode);
        var back = await FindAsync(bouncing.Email);
        Assert.Equal((SubscriberStatus.Confirmed, 0, (string?)null), (back!.Status, back.BounceCount, back.BounceReason));

        var page = await editor.Http.GetDocumentAsync(reactivate.Headers.Location!.OriginalString);
        Assert.Contains("is confirmed again", page.QuerySelector(".nr-flash")!.TextContent, StringComparison.Ordinal);
        Assert.Equal([$"full-mailbox@{domain}", $"reader@{domain}"], Addresses(page));
        var audit = await App.WithDbAsync((db, _) => db.AuditEntries.Where(a => a.Subject.EndsWith(domain)).Select(a => a.Action).ToListAsync());
        Assert.Equal(["Reactivated subscriber", "Unsubscribed subscriber"], audit.Order());
    }
}

public sealed class SqliteSubscribersPageTests(NewsroomApp app) : SubscribersPageTests<NewsroomApp>(app), IClassFixture<NewsroomApp>;

public sealed class PostgresSubscribersPageTests(PostgresNewsroomApp app) : SubscribersPageTests<PostgresNewsroomApp>(app), IClassFixture<PostgresNewsroomApp>;
