using System.Globalization;
using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Mail;
using Broadsheet.Site;
using Broadsheet.Subscriptions;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Broadsheet.Tests.Subscriptions.MailingTestData;

namespace Broadsheet.Tests.Subscriptions;

public sealed class SqliteAlertTests(MailApp app) : AlertTests<MailApp>(app), IClassFixture<MailApp>;

public sealed class PostgresAlertTests(PostgresMailApp app) : AlertTests<PostgresMailApp>(app), IClassFixture<PostgresMailApp>;

public abstract class AlertTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : MailApp
{
    [Fact]
    public async Task A_publish_reaches_exactly_the_confirmed_unpaused_as_published_subscribers_of_its_section()
    {
        var section = await App.AddSectionAsync();
        var other = await App.AddSectionAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        string Address(string who) => $"{who}-{tag}@example.org";
        await App.AddConfirmedSubscriberAsync(Address("reader"), Frequency.AsPublished, section);
        await App.AddConfirmedSubscriberAsync(Address("both-sections"), Frequency.AsPublished, other, section);
        await App.AddConfirmedSubscriberAsync(Address("other-section"), Frequency.AsPublished, other);
        await App.AddConfirmedSubscriberAsync(Address("daily"), Frequency.Daily, section);
        await App.AddConfirmedSubscriberAsync(Address("weekly"), Frequency.Weekly, section);
        await App.AddConfirmedSubscriberAsync(Address("discussions-only"), Frequency.None, section);
        await App.AddSubscriberAsync(Address("pending"), SubscriberStatus.Pending, Frequency.AsPublished, false, section);
        await App.AddSubscriberAsync(Address("unsubscribed"), SubscriberStatus.Unsubscribed, Frequency.AsPublished, false, section);
        await App.AddSubscriberAsync(Address("bouncing"), SubscriberStatus.Bouncing, Frequency.AsPublished, false, section);
        await App.AddSubscriberAsync(Address("paused"), SubscriberStatus.Confirmed, Frequency.AsPublished, true, section);

        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var headline = Unique("Council approves the river footbridge");
        var id = await PublishAsync(editor, headline, section);
        await App.SendMailingsAsync();

        Assert.Equal([Address("both-sections"), Address("reader")], App.RecipientsOf(headline));
        var mail = App.Smtp.For(Address("reader")).Single();
        var article = await NewsroomArticles.LoadAsync(App, id);
        var path = App.Services.GetRequiredService<SiteCalendar>().ArticlePath(article.PublishedAt!.Value, article.Slug);
        Assert.Contains("A standfirst written in the newsroom.", mail.Text, StringComparison.Ordinal);
        Assert.StartsWith("http", mail.Link("http"), StringComparison.Ordinal);
        Assert.EndsWith(path, mail.Link("http"), StringComparison.Ordinal);
        Assert.Contains(path, mail.Html, StringComparison.Ordinal);
        Assert.Contains("/subscription?token=", mail.Text, StringComparison.Ordinal);
        Assert.Contains("/subscription/unsubscribe?token=", mail.Html, StringComparison.Ordinal);
        Assert.Contains("/subscription/unsubscribe?token=", mail.Header("List-Unsubscribe"), StringComparison.Ordinal);
        Assert.DoesNotContain("<img", mail.Html, StringComparison.OrdinalIgnoreCase);

        // The two messages differ only in their own signed links.
        var otherMail = App.Smtp.For(Address("both-sections")).Single();
        Assert.NotEqual(mail.Header("List-Unsubscribe"), otherMail.Header("List-Unsubscribe"));
        Assert.NotEqual(mail.Message.MessageId, otherMail.Message.MessageId);
    }

    [Fact]
    public async Task Editing_and_republishing_an_article_never_alerts_again()
    {
        var section = await App.AddSectionAsync();
        var reader = await App.AddConfirmedSubscriberAsync($"once-{Guid.NewGuid():N}@example.org", Frequency.AsPublished, section);
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var headline = Unique("Library opens on Sundays");
        var id = await PublishAsync(editor, headline, section);
        await App.SendMailingsAsync();
        Assert.Single(App.Smtp.For(reader.Email));

        var form = await FormAsync(headline, section, "Publish");
        form["Input.Body"] = "A corrected paragraph.";
        await NewsroomArticles.SaveAndGetIdAsync(editor, id, form);
        await App.SendMailingsAsync();
        await NewsroomArticles.SaveAndGetIdAsync(editor, id, await FormAsync(headline, section, "Unpublish"));
        await NewsroomArticles.SaveAndGetIdAsync(editor, id, await FormAsync(headline, section, "Publish"));
        await App.SendMailingsAsync();

        Assert.Single(App.Smtp.For(reader.Email));
        Assert.Single(await App.WithDbAsync((db, _) => db.MailJobs.Where(j => j.ArticleId == id).ToListAsync()));
    }

    [Fact]
    public async Task Publishing_with_email_subscribers_unticked_sends_no_alert_then_or_later()
    {
        var section = await App.AddSectionAsync();
        var reader = await App.AddConfirmedSubscriberAsync($"quiet-{Guid.NewGuid():N}@example.org", Frequency.AsPublished, section);
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var headline = Unique("A quiet correction notice");
        var form = await FormAsync(headline, section, "Publish");
        form["Input.EmailSubscribers"] = "false";
        var id = await NewsroomArticles.SaveAndGetIdAsync(editor, null, form);
        await App.SendMailingsAsync();

        var article = await NewsroomArticles.LoadAsync(App, id);
        Assert.False(article.EmailSubscribers);
        Assert.NotNull(article.AlertQueuedAt);
        var page = await editor.Http.GetStringAsync($"/newsroom/articles/edit/{id}");
        Assert.Contains("Published without emailing subscribers", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Input.EmailSubscribers\"", page, StringComparison.Ordinal);

        // Saving again with the box on (as a hand-made form could) changes nothing.
        form["Input.EmailSubscribers"] = "true";
        await NewsroomArticles.SaveAndGetIdAsync(editor, id, form);
        await App.SendMailingsAsync();
        Assert.Empty(App.Smtp.For(reader.Email));
    }

    [Fact]
    public async Task The_editor_offers_email_subscribers_ticked_on_a_new_article()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var page = await editor.Http.GetDocumentAsync("/newsroom/articles/edit");
        var box = page.QuerySelector("input[type=checkbox][name='Input.EmailSubscribers']");
        Assert.NotNull(box);
        Assert.True(box.HasAttribute("checked"));
        Assert.Equal("Email subscribers", page.QuerySelector($"label[for='{box.Id}']")?.TextContent.Trim());
    }

    [Fact]
    public async Task A_scheduled_article_alerts_when_it_goes_live_and_not_before()
    {
        var section = await App.AddSectionAsync();
        var reader = await App.AddConfirmedSubscriberAsync($"scheduled-{Guid.NewGuid():N}@example.org", Frequency.AsPublished, section);
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var headline = Unique("Tram line opens next hour");
        var form = await FormAsync(headline, section, "Publish");
        // The site's zone is UTC in these tests: the local publish time is the UTC one.
        form["Input.PublishAt"] = App.Clock.GetUtcNow().UtcDateTime.AddHours(1).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        var id = await NewsroomArticles.SaveAndGetIdAsync(editor, null, form);
        await App.SendMailingsAsync();
        Assert.Equal(ArticleStatus.Scheduled, (await NewsroomArticles.LoadAsync(App, id)).Status);
        Assert.Empty(App.Smtp.For(reader.Email));

        App.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(10));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((await NewsroomArticles.LoadAsync(App, id)).Status != ArticleStatus.Published && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await App.SendMailingsAsync();
        Assert.Equal([reader.Email], App.RecipientsOf(headline));
    }

    [Fact]
    public async Task A_mailing_larger_than_a_page_reaches_every_subscriber_exactly_once()
    {
        var section = await App.AddSectionAsync();
        var count = App.Services.GetRequiredService<IOptions<SubscriptionOptions>>().Value.MailingPageSize * 2 + 7;
        var tag = Guid.NewGuid().ToString("N")[..6];
        await App.WithDbAsync(async (db, _) =>
        {
            var now = App.Clock.GetUtcNow().UtcDateTime;
            for (var i = 0; i < count; i++)
            {
                var email = $"many-{tag}-{i}@example.org";
                db.Subscribers.Add(new Subscriber
                {
                    Email = email,
                    NormalizedEmail = email.ToUpperInvariant(),
                    Status = SubscriberStatus.Confirmed,
                    Frequency = Frequency.AsPublished,
                    CreatedAt = now,
                    ConsentedAt = now,
                    LinkKey = SubscriptionLinks.NewLinkKey(),
                    Sections = [new SubscriberSection { SectionId = section }],
                });
            }

            return await db.SaveChangesAsync();
        });

        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var id = await PublishAsync(editor, Unique("Everyone hears about the heatwave"), section);
        await App.RunMailingsAsync();

        var job = await App.WithDbAsync((db, _) => db.MailJobs.AsNoTracking().SingleAsync(j => j.ArticleId == id));
        var rows = await App.WithDbAsync((db, _) => db.Outbox.AsNoTracking().Where(m => m.JobId == job.Id).Select(m => m.ToAddress).ToListAsync());
        Assert.True(job.Done);
        Assert.Equal(count, job.Queued);
        Assert.Equal(count, rows.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"many-{tag}-{i}@example.org").Order(StringComparer.Ordinal), rows.Order(StringComparer.Ordinal));

        // Running again (as another node or a restart would) adds nothing.
        await App.RunMailingsAsync();
        Assert.Equal(count, await App.WithDbAsync((db, _) => db.Outbox.CountAsync(m => m.JobId == job.Id)));
    }

    private async Task<int> PublishAsync(NewsroomClient editor, string headline, int section) =>
        await NewsroomArticles.SaveAndGetIdAsync(editor, null, await FormAsync(headline, section, "Publish"));

    private async Task<Dictionary<string, string>> FormAsync(string headline, int section, string action)
    {
        var form = await NewsroomArticles.FormAsync(App, headline, action);
        form["Input.SectionId"] = section.ToString(CultureInfo.InvariantCulture);
        return form;
    }
}
