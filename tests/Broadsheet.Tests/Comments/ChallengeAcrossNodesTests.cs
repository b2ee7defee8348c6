using System.Net;
using Broadsheet.Comments;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Comments;

/// <summary>
/// Two app instances on one data folder (database and keys): a second node, or the same site after a
/// restart. A solution spent on one is refused by the other, because spent challenges live in the database.
/// </summary>
public sealed class ChallengeAcrossNodesTests
{
    private sealed class SecondNode : CommentApp
    {
        public SecondNode(string dataDir) => Configure("Broadsheet:DataDir", dataDir);
    }

    [Fact]
    public async Task A_solution_spent_on_one_node_is_refused_by_another_node_sharing_the_database()
    {
        var first = new CommentApp();
        await ((IAsyncLifetime)first).InitializeAsync();
        try
        {
            await first.SetDiscussionAsync(p => p.HoldFirstComment = false);
            var article = await new ArticleBuilder().SaveAsync(first);
            using var reader = new Commenter(first);
            var form = await reader.FormAsync(article, "Posted on the first node.");
            Assert.Equal(HttpStatusCode.Redirect, (await reader.PostAsync(form)).StatusCode);

            var second = new SecondNode(first.DataDir);
            await ((IAsyncLifetime)second).InitializeAsync();
            try
            {
                using var replayer = new Commenter(second);
                var state = await replayer.StateAsync(article.Id);
                var replay = new Dictionary<string, string>(form)
                {
                    ["__RequestVerificationToken"] = state.Token,
                    ["Stamp"] = state.Stamp,
                    ["Comment"] = "The same solution on the second node.",
                };
                second.Clock.Advance(TimeSpan.FromSeconds(10));

                var response = await replayer.PostAsync(replay);

                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                Assert.Contains("The anti-spam check did not pass", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                Assert.Single(await second.CommentsOnAsync(article.Id));

                // The second node accepts challenges the first issued: the keys are shared through the data folder.
                var fresh = await reader.FormAsync(article, "A fresh solution from the first node, posted on the second.");
                fresh["__RequestVerificationToken"] = state.Token;
                fresh["Stamp"] = state.Stamp;
                Assert.Equal(HttpStatusCode.Redirect, (await replayer.PostAsync(fresh)).StatusCode);
                Assert.Empty(second.Errors.Entries);
            }
            finally
            {
                await ((IAsyncLifetime)second).DisposeAsync();
            }

            Assert.Empty(first.Errors.Entries);
        }
        finally
        {
            await ((IAsyncLifetime)first).DisposeAsync();
        }
    }
}
