using System.Globalization;
using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Mail;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Broadsheet.Tests.Subscriptions.MailingTestData;

namespace Broadsheet.Tests.Subscriptions;

public sealed class SendTestTests(MailApp app) : AppTest<MailApp>(app), IClassFixture<MailApp>
{
    private const string Page = "/newsroom/subscribers/send-test";

    [Fact]
    public async Task An_editor_sends_an_articles_alert_to_their_own_address_through_the_outbox()
    {
        var article = await new ArticleBuilder().Headline(Unique("Harbour wall repairs begin")).SaveAsync(App);
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        using var sent = await editor.PostFormAsync(Page, new()
        {
            ["Input.Mailing"] = "alert",
            ["Input.ArticleId"] = article.Id.ToString(CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Contains($"is on its way to {editor.Email}", await editor.Http.GetStringAsync(sent.Headers.Location!.OriginalString), StringComparison.Ordinal);

        await App.DeliverMailAsync();
        var mail = Assert.Single(App.Smtp.For(editor.Email));
        Assert.Equal($"[Test] {article.Headline}", mail.Message.Subject);
        Assert.Contains(article.Slug, mail.Text, StringComparison.Ordinal);
        Assert.Null(mail.Header("List-Unsubscribe"));
        Assert.Equal(MailKind.Test, await App.WithDbAsync((db, _) => db.Outbox.Where(m => m.ToAddress == editor.Email).Select(m => m.Kind).SingleAsync()));
    }

    [Fact]
    public async Task An_editor_sends_the_daily_digest_as_it_stands_to_themselves()
    {
        var article = await new ArticleBuilder().Headline(Unique("Swimming pool reopens")).SaveAsync(App);
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        using var sent = await editor.PostFormAsync(Page, new() { ["Input.Mailing"] = "daily" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);

        await App.DeliverMailAsync();
        var mail = Assert.Single(App.Smtp.For(editor.Email));
        Assert.StartsWith("[Test] ", mail.Message.Subject, StringComparison.Ordinal);
        Assert.Contains(article.Headline, mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_alert_test_without_an_article_says_what_is_missing()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        using var refused = await editor.PostFormAsync(Page, new() { ["Input.Mailing"] = "alert", ["Input.ArticleId"] = "" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Choose an article", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authors_cannot_send_tests()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        using var response = await author.Http.GetAsync(Page);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
