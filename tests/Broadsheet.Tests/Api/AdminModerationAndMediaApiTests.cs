using System.Net;
using System.Text;
using Broadsheet.Accounts;
using Broadsheet.Comments;
using Broadsheet.Subscriptions;
using Broadsheet.Tests.Infrastructure;
using Broadsheet.Tests.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Api;

/// <summary>Media uploads, comment moderation and subscribers through the Admin API, with the newsroom's checks.</summary>
public abstract class AdminModerationAndMediaApiTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : NewsroomApp
{
    [Fact]
    public async Task An_uploaded_image_comes_back_with_absolute_urls_and_a_jpg_that_is_really_html_is_refused()
    {
        var author = await App.NewTokenAsync(NewsroomRoles.Author);
        using var api = App.Bearer(author.Token);
        using (var uploaded = await api.PostAsync("/api/v1/admin/media", AdminApiTestKit.ImageUpload(TestImages.Png(800, 400), "chart.png", alt: "A chart of rents")))
        {
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
            var media = await uploaded.JsonAsync();
            var url = media.GetProperty("url").GetString()!;
            Assert.StartsWith(App.BaseAddress.ToString().TrimEnd('/') + "/media/", url, StringComparison.Ordinal);
            Assert.Equal("A chart of rents", media.GetProperty("alt").GetString());
            Assert.Equal(800, media.GetProperty("width").GetInt32());
            Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(new Uri(url).PathAndQuery)).StatusCode);
        }

        var html = Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>");
        using (var refused = await api.PostAsync("/api/v1/admin/media", AdminApiTestKit.ImageUpload(html, "photo.jpg")))
        {
            var errors = (await refused.ProblemAsync(400)).GetProperty("errors");
            Assert.NotEmpty(errors.GetProperty("file")[0].GetString()!);
        }

        using (var longAlt = await api.PostAsync("/api/v1/admin/media", AdminApiTestKit.ImageUpload(TestImages.Png(10, 10), "a.png", alt: new string('a', 501))))
        {
            Assert.Equal("Keep the alt text under 500 characters.", (await longAlt.ProblemAsync(400)).GetProperty("errors").GetProperty("alt")[0].GetString());
        }

        using var missing = await api.PostAsync("/api/v1/admin/media", new MultipartFormDataContent { { new StringContent("x"), "alt" } });
        Assert.Contains("Choose an image file", (await missing.ProblemAsync(400)).GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await App.WithDbAsync((db, _) => db.MediaItems.CountAsync(m => m.UploadedById == author.UserId)));
    }

    [Fact]
    public async Task A_moderator_lists_pending_comments_approves_one_onto_the_article_and_rejects_another()
    {
        var article = await new ArticleBuilder()
            .WithComment("Ann", "A comment worth showing.", commentStatus: CommentStatus.Pending)
            .WithComment("Bob", "Buy cheap watches.", commentStatus: CommentStatus.Pending)
            .SaveAsync(App);
        var ids = await App.WithDbAsync((db, _) => db.Comments.Where(c => c.ArticleId == article.Id).OrderBy(c => c.AuthorName).Select(c => c.Id).ToListAsync());
        var path = App.Services.GetRequiredService<Broadsheet.Site.SiteCalendar>().ArticlePath(article.PublishedAt!.Value, article.Slug);
        Assert.DoesNotContain("A comment worth showing.", await Client.GetStringAsync(path), StringComparison.Ordinal);

        var moderator = await App.NewTokenAsync(NewsroomRoles.Moderator);
        using var api = App.Bearer(moderator.Token);
        var pending = await (await api.GetAsync($"/api/v1/admin/comments?status=pending&article={article.Id}")).JsonAsync();
        Assert.Equal(2, pending.GetProperty("items").GetArrayLength());

        using (var approved = await api.PostAsync($"/api/v1/admin/comments/{ids[0]}/approve", null))
        {
            Assert.Equal("approved", (await approved.JsonAsync()).GetProperty("status").GetString());
        }

        Assert.Contains("A comment worth showing.", await Client.GetStringAsync(path), StringComparison.Ordinal);
        Assert.Equal("spam", (await (await api.PostAsync($"/api/v1/admin/comments/{ids[1]}/spam", null)).JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/admin/comments/{ids[1]}")).StatusCode);
        Assert.Equal(CommentStatus.Trash, await App.WithDbAsync((db, _) => db.Comments.Where(c => c.Id == ids[1]).Select(c => c.Status).SingleAsync()));

        using var unknown = await api.GetAsync("/api/v1/admin/comments?status=everything");
        Assert.NotEmpty((await unknown.ProblemAsync(400)).GetProperty("errors").GetProperty("status")[0].GetString()!);
        await (await api.PostAsync("/api/v1/admin/comments/999999/approve", null)).ProblemAsync(404);
    }

    [Fact]
    public async Task The_desk_lists_subscribers_by_status_and_exports_the_newsrooms_csv()
    {
        var domain = SubscriberBuilder.UniqueDomain();
        await App.AddSubscriberAsync($"confirmed@{domain}", SubscriberStatus.Confirmed);
        await App.AddSubscriberAsync($"pending@{domain}", SubscriberStatus.Pending);
        var editor = await App.NewTokenAsync(NewsroomRoles.Editor);
        using var api = App.Bearer(editor.Token);

        var confirmed = await (await api.GetAsync($"/api/v1/admin/subscribers?status=confirmed&search={domain}")).JsonAsync();
        var items = confirmed.GetProperty("items");
        Assert.Equal(1, items.GetArrayLength());
        Assert.Equal($"confirmed@{domain}", items[0].GetProperty("email").GetString());
        Assert.Equal("confirmed", items[0].GetProperty("status").GetString());

        using var export = await api.GetAsync($"/api/v1/admin/subscribers/export?search={domain}");
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var csv = await export.Content.ReadAsStringAsync();
        Assert.StartsWith(string.Join(',', SubscriberExport.Columns), csv, StringComparison.Ordinal);
        Assert.Contains($"confirmed@{domain}", csv, StringComparison.Ordinal);
        Assert.Contains($"pending@{domain}", csv, StringComparison.Ordinal);
        Assert.Contains("Exported subscribers (API)", await App.WithDbAsync((db, _) => db.AuditEntries.Select(a => a.Action).ToListAsync()));

        await (await api.GetAsync("/api/v1/admin/subscribers?status=nobody")).ProblemAsync(400);
    }
}

public sealed class SqliteAdminModerationAndMediaApiTests(NewsroomApp app) : AdminModerationAndMediaApiTests<NewsroomApp>(app), IClassFixture<NewsroomApp>;

public sealed class PostgresAdminModerationAndMediaApiTests(PostgresNewsroomApp app) : AdminModerationAndMediaApiTests<PostgresNewsroomApp>(app), IClassFixture<PostgresNewsroomApp>;
