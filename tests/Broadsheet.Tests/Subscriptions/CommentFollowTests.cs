using Broadsheet.Subscriptions;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Subscriptions;

public sealed class CommentFollowTests(SubscriptionApp app) : AppTest<SubscriptionApp>(app), IClassFixture<SubscriptionApp>
{
    private async Task<(Broadsheet.Articles.Article Article, int CommentId)> CommentAsync(string email, bool followComments, bool followReplies)
    {
        var article = await new ArticleBuilder().SaveAsync(App);
        using var commenter = new Commenter(App.CreateHttpClient(), App.Clock);
        var form = await commenter.FormAsync(article, "A thought on the matter.", "Cora Commenter", email);
        if (followComments)
        {
            form["FollowComments"] = "true";
        }

        if (followReplies)
        {
            form["FollowReplies"] = "true";
        }

        var response = await commenter.PostAsync(form);
        return (article, Commenter.IdFrom(response));
    }

    [Fact]
    public async Task The_comment_form_offers_both_boxes_unticked()
    {
        var article = await new ArticleBuilder().SaveAsync(App);
        var page = SubscribeReader.Parse(await Client.GetStringAsync(App.PathOf(article)));

        Assert.Equal("Notify me of follow-up comments by email.", page.QuerySelector("label[for=comment-follow-all]")!.TextContent);
        Assert.Equal("Notify me of new replies to my comment.", page.QuerySelector("label[for=comment-follow-replies]")!.TextContent);
        Assert.Null(page.QuerySelector("#comment-form input[type=checkbox][name^=Follow][checked]"));
    }

    [Fact]
    public async Task Ticking_both_boxes_records_the_follows_and_sends_a_confirmation_that_activates_them()
    {
        var email = $"cora-{Guid.NewGuid():N}@example.org";

        var (article, commentId) = await CommentAsync(email, followComments: true, followReplies: true);

        var follows = await App.FollowsAsync(email);
        Assert.Equal(2, follows.Count);
        Assert.Contains(follows, f => f.Kind == FollowKind.AllComments && f.ArticleId == article.Id && f.CommentId == null);
        Assert.Contains(follows, f => f.Kind == FollowKind.RepliesToComment && f.ArticleId == article.Id && f.CommentId == commentId);
        var subscriber = await App.SubscriberAsync(email);
        Assert.Equal(SubscriberStatus.Pending, subscriber!.Status);
        Assert.Equal(Frequency.None, subscriber.Frequency);

        var mail = Assert.Single(await App.ConfirmationsForAsync(email));
        Assert.Contains($"email about new comments on “{article.Headline}”", mail.Text, StringComparison.Ordinal);
        using var reader = new SubscribeReader(App);
        using var _ = await reader.ConfirmAsync(mail);
        subscriber = await App.SubscriberAsync(email);
        Assert.Equal(SubscriberStatus.Confirmed, subscriber!.Status);
        // Following a discussion is not a subscription to articles.
        Assert.Equal(Frequency.None, subscriber.Frequency);
        Assert.Empty(subscriber.Sections);
    }

    [Fact]
    public async Task A_confirmed_address_follows_at_once_without_another_confirmation()
    {
        var subscriber = await App.AddConfirmedSubscriberAsync($"known-{Guid.NewGuid():N}@example.org");

        var (_, commentId) = await CommentAsync(subscriber.Email, followComments: false, followReplies: true);

        Assert.Equal(commentId, Assert.Single(await App.FollowsAsync(subscriber.Email)).CommentId);
        Assert.Empty(await App.ConfirmationsForAsync(subscriber.Email));
    }

    [Fact]
    public async Task Comments_on_two_articles_within_the_hour_send_one_confirmation()
    {
        var email = $"twice-{Guid.NewGuid():N}@example.org";

        await CommentAsync(email, followComments: true, followReplies: false);
        await CommentAsync(email, followComments: true, followReplies: false);

        Assert.Equal(2, (await App.FollowsAsync(email)).Count);
        Assert.Single(await App.ConfirmationsForAsync(email));
    }

    [Fact]
    public async Task Without_a_ticked_box_no_address_is_recorded()
    {
        var email = $"quiet-{Guid.NewGuid():N}@example.org";

        await CommentAsync(email, followComments: false, followReplies: false);

        Assert.Null(await App.SubscriberAsync(email));
        Assert.Empty(await App.ConfirmationsForAsync(email));
    }
}
