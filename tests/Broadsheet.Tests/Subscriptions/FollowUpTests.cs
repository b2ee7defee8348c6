using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Mail;
using Broadsheet.Subscriptions;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Broadsheet.Tests.Subscriptions.MailingTestData;

namespace Broadsheet.Tests.Subscriptions;

public sealed class SqliteFollowUpTests(MailApp app) : FollowUpTests<MailApp>(app), IClassFixture<MailApp>;

public sealed class PostgresFollowUpTests(PostgresMailApp app) : FollowUpTests<PostgresMailApp>(app), IClassFixture<PostgresMailApp>;

public abstract class FollowUpTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : MailApp
{
    [Fact]
    public async Task Followers_hear_of_a_comment_once_when_it_is_approved_and_never_of_held_spam_or_their_own()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        string Address(string who) => $"{who}-{tag}@example.org";
        var article = await new ArticleBuilder().Headline(Unique("Should the square be car-free?")).SaveAsync(App);
        var annsComment = await AddCommentAsync(article.Id, "Ann", Address("ann"), "Yes, on Sundays at least.", CommentStatus.Approved);
        var otherComment = await AddCommentAsync(article.Id, "Dave", Address("dave"), "No.", CommentStatus.Approved);

        var ann = await App.AddConfirmedSubscriberAsync(Address("ann"), Frequency.None);
        await App.FollowAsync(ann, article.Id, FollowKind.RepliesToComment, annsComment);
        var dave = await App.AddConfirmedSubscriberAsync(Address("dave"), Frequency.None);
        await App.FollowAsync(dave, article.Id, FollowKind.RepliesToComment, otherComment);
        var follower = await App.AddConfirmedSubscriberAsync(Address("follower"), Frequency.None);
        await App.FollowAsync(follower, article.Id, FollowKind.AllComments);
        var bob = await App.AddConfirmedSubscriberAsync(Address("bob"), Frequency.None);
        await App.FollowAsync(bob, article.Id, FollowKind.AllComments);
        var pending = await App.AddSubscriberAsync(Address("pending"), SubscriberStatus.Pending, Frequency.None, false);
        await App.FollowAsync(pending, article.Id, FollowKind.AllComments);
        var paused = await App.AddSubscriberAsync(Address("paused"), SubscriberStatus.Confirmed, Frequency.None, true);
        await App.FollowAsync(paused, article.Id, FollowKind.AllComments);

        // Bob's reply to Ann is held: nobody hears of it yet.
        var reply = await AddCommentAsync(article.Id, "Bob", Address("BOB"), "Sundays <b>and</b> market days & holidays.\n\nSecond thought.", CommentStatus.Pending, annsComment);
        var spam = await AddCommentAsync(article.Id, "Spammer", Address("spam"), "Cheap watches", CommentStatus.Pending);
        await SetStatusAsync(spam, CommentStatus.Spam);
        await App.DeliverMailAsync();
        Assert.DoesNotContain(App.Smtp.Messages, m => m.To.EndsWith($"{tag}@example.org", StringComparison.Ordinal));

        await SetStatusAsync(reply, CommentStatus.Approved);
        await App.DeliverMailAsync();
        var toAnn = Assert.Single(App.Smtp.For(ann.Email));
        var toFollower = Assert.Single(App.Smtp.For(follower.Email));
        Assert.Empty(App.Smtp.For(bob.Email));
        Assert.Empty(App.Smtp.For(dave.Email));
        Assert.Empty(App.Smtp.For(pending.Email));
        Assert.Empty(App.Smtp.For(paused.Email));

        Assert.Equal($"Bob replied to your comment on “{article.Headline}”", toAnn.Message.Subject);
        Assert.Equal($"New comment on “{article.Headline}”", toFollower.Message.Subject);
        // The lasting link, which redirects to the page of the discussion that shows the comment when it is read.
        var permalink = $"/comment/{reply}";
        Assert.EndsWith(permalink, toFollower.Link("http"), StringComparison.Ordinal);
        Assert.Contains(permalink, toFollower.Html, StringComparison.Ordinal);
        Assert.Contains("Sundays <b>and</b> market days & holidays.", toFollower.Text, StringComparison.Ordinal);
        Assert.Contains("Sundays &lt;b&gt;and&lt;/b&gt; market days &amp; holidays.", toFollower.Html, StringComparison.Ordinal);
        Assert.Contains("/subscription/unsubscribe?token=", toFollower.Header("List-Unsubscribe"), StringComparison.Ordinal);

        // Taken down and approved again: announced once only.
        await SetStatusAsync(reply, CommentStatus.Trash);
        await SetStatusAsync(reply, CommentStatus.Approved);
        await App.DeliverMailAsync();
        Assert.Single(App.Smtp.For(ann.Email));
        Assert.Single(App.Smtp.For(follower.Email));
    }

    [Fact]
    public async Task A_posted_comment_that_is_approved_at_once_is_announced_and_a_held_one_is_not()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var article = await new ArticleBuilder().Headline(Unique("Night buses return")).SaveAsync(App);
        // Erin has been approved before, so her next comment is approved at once; a first-time commenter is held.
        await AddCommentAsync(article.Id, "Erin", $"erin-{tag}@example.org", "Good news.", CommentStatus.Approved);
        var follower = await App.AddConfirmedSubscriberAsync($"night-{tag}@example.org", Frequency.None);
        await App.FollowAsync(follower, article.Id, FollowKind.AllComments);

        using var commenter = new Commenter(App.CreateHttpClient(), App.Clock);
        var approved = await commenter.PostAndGetIdAsync(article, "The 2 a.m. bus saves me a taxi.", "Erin", $"erin-{tag}@example.org");
        var held = await commenter.PostAndGetIdAsync(article, "First time here.", "Newcomer", $"new-{tag}@example.org");
        await App.DeliverMailAsync();

        Assert.Equal(CommentStatus.Pending, (await App.WithDbAsync((db, _) => db.Comments.AsNoTracking().SingleAsync(c => c.Id == held))).Status);
        var mail = Assert.Single(App.Smtp.For(follower.Email));
        Assert.Contains("The 2 a.m. bus saves me a taxi.", mail.Text, StringComparison.Ordinal);
        Assert.Contains($"/comment/{approved}", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_staff_reply_is_announced_to_the_reader_it_answers()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var article = await new ArticleBuilder().Headline(Unique("Where did the bus stop go?")).SaveAsync(App);
        var question = await AddCommentAsync(article.Id, "Carla", $"carla-{tag}@example.org", "Where did it go?", CommentStatus.Approved);
        var carla = await App.AddConfirmedSubscriberAsync($"carla-{tag}@example.org", Frequency.None);
        await App.FollowAsync(carla, article.Id, FollowKind.RepliesToComment, question);

        var staff = new NewsroomMember("staff-" + tag, "Desk Editor", null, NewsroomRoles.Editor);
        var staffReply = await App.WithDbAsync((db, services) =>
            services.GetRequiredService<CommentModeration>().ReplyAsStaffAsync(question, "It moved to Mill Street for the roadworks.", staff, $"desk-{tag}@example.org", CancellationToken.None));
        await App.DeliverMailAsync();

        var mail = Assert.Single(App.Smtp.For(carla.Email));
        Assert.Contains("It moved to Mill Street for the roadworks.", mail.Text, StringComparison.Ordinal);
        Assert.Contains($"/comment/{staffReply!.Id}", mail.Text, StringComparison.Ordinal);
        Assert.NotNull((await App.WithDbAsync((db, _) => db.Comments.AsNoTracking().SingleAsync(c => c.Id == staffReply.Id))).FollowersNotifiedAt);
    }

    private Task<int> AddCommentAsync(int articleId, string name, string email, string body, CommentStatus status, int? parentId = null) =>
        App.WithDbAsync(async (db, _) =>
        {
            var comment = new Comment
            {
                ArticleId = articleId,
                ParentId = parentId,
                AuthorName = name,
                AuthorEmail = email,
                Body = body,
                Status = status,
                CreatedAt = App.Clock.GetUtcNow().UtcDateTime,
            };
            db.Comments.Add(comment);
            await db.SaveChangesAsync();
            return comment.Id;
        });

    private Task<int> SetStatusAsync(int commentId, CommentStatus status) =>
        App.WithDbAsync((db, services) => services.GetRequiredService<CommentModeration>().SetStatusAsync([commentId], status, CancellationToken.None));
}
