using AngleSharp.Dom;
using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Site;

/// <summary>
/// Text from readers and writers carrying bidi controls (right-to-left override and embedding, right-to-left isolate, the
/// right-to-left mark) is shown in an element of its own direction, so it cannot reorder the words around it.
/// </summary>
public abstract class BidiIsolationTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : CommentApp
{
    private const string Controls = "\u202E\u202B\u2067\u200F";

    /// <summary>A value with a made-up word (for search and slugs), then the controls, then more text they would reorder.</summary>
    private static string Hostile(string what) => $"{what} zq{Guid.NewGuid().ToString("N")[..8]} {Controls}evil tail";

    private sealed record Story(Article Article, string Headline, string Tag, string Author, string Commenter, string CommentText, string Website);

    private async Task<Story> HostileStoryAsync(CommentStatus commentStatus = CommentStatus.Approved)
    {
        var story = new Story(null!, Hostile("Headline"), Hostile("Tag"), Hostile("Writer"), Hostile("Reader"), Hostile("Comment"), $"https://example.org/{Controls}x");
        var article = await new ArticleBuilder().Headline(story.Headline).Standfirst(Hostile("Standfirst")).Tagged(story.Tag).By(story.Author)
            .WithComment(story.Commenter, story.CommentText, commentStatus: commentStatus).SaveAsync(App);
        await App.WithDbAsync((db, _) => db.Comments.Where(c => c.ArticleId == article.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.AuthorUrl, story.Website)));
        return story with { Article = article };
    }

    /// <summary>
    /// Every place the page body shows <paramref name="value"/> as text is inside a <c>bdi</c>, or an element with
    /// <c>dir="auto"</c>, that holds that value and nothing else.
    /// </summary>
    private static void AssertIsolated(IDocument page, string value, string where)
    {
        // A select's options are laid out each on its own and can hold no element, so they need no isolating element.
        var holders = page.Body!.Descendants<IElement>()
            .Where(e => e.Closest("select") is null && e.TextContent.Contains(value, StringComparison.Ordinal)
                && !e.Children.Any(child => child.TextContent.Contains(value, StringComparison.Ordinal)))
            .ToList();
        Assert.True(holders.Count > 0, $"{where} does not show \"{value}\".");
        foreach (var holder in holders)
        {
            var isolating = holder.Closest("bdi, [dir=auto]");
            Assert.True(isolating is not null, $"{where}: \"{value}\" in <{holder.LocalName} class=\"{holder.ClassName}\"> is not isolated.");
            Assert.True(isolating.TextContent.Trim() == value,
                $"{where}: the element isolating \"{value}\" holds more: \"{isolating.TextContent.Trim()}\".");
        }
    }

    [Fact]
    public async Task The_article_page_isolates_headline_standfirst_byline_tag_commenter_and_comment_text()
    {
        var story = await HostileStoryAsync();

        var page = await Client.GetDocumentAsync(App.PathOf(story.Article));

        AssertIsolated(page, story.Headline, "the article page");
        AssertIsolated(page, story.Article.Standfirst!, "the article page");
        AssertIsolated(page, story.Author, "the byline");
        AssertIsolated(page, story.Tag, "the tag list");
        AssertIsolated(page, story.Commenter, "the comment's author");
        AssertIsolated(page, story.CommentText, "the comment");
        // The commenter's website is at most a link on the name, never text.
        Assert.DoesNotContain(story.Website, page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_moderation_queue_isolates_name_email_website_comment_and_headline()
    {
        var story = await HostileStoryAsync(CommentStatus.Pending);
        using var moderator = await App.SignInAsNewAsync(NewsroomRoles.Moderator);

        var page = Html.Parse(await moderator.Http.GetStringAsync($"/newsroom/comments?status=pending&article={story.Article.Id}"));

        AssertIsolated(page, story.Commenter, "the moderation queue");
        AssertIsolated(page, story.Website, "the moderation queue");
        AssertIsolated(page, story.CommentText, "the moderation queue");
        AssertIsolated(page, story.Headline, "the moderation queue");
    }

    [Fact]
    public async Task The_newsroom_article_list_isolates_headline_and_author_names()
    {
        var story = await HostileStoryAsync();
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);

        var page = Html.Parse(await editor.Http.GetStringAsync("/newsroom/articles"));

        AssertIsolated(page, story.Headline, "the newsroom's article list");
        AssertIsolated(page, story.Author, "the newsroom's article list");
    }

    [Fact]
    public async Task The_tag_page_isolates_the_tag_name_and_the_headlines_it_lists()
    {
        var story = await HostileStoryAsync();
        var slug = story.Article.Tags.Single().Slug;

        var page = await Client.GetDocumentAsync($"/tag/{slug}");

        AssertIsolated(page, story.Tag, "the tag page");
        AssertIsolated(page, story.Headline, "the tag page");
        AssertIsolated(page, story.Article.Standfirst!, "the tag page");
    }

    [Fact]
    public async Task The_home_page_isolates_the_lead_headline_and_standfirst()
    {
        var story = await HostileStoryAsync();

        var page = await Client.GetDocumentAsync("/");

        AssertIsolated(page, story.Headline, "the home page");
        AssertIsolated(page, story.Article.Standfirst!, "the home page");
    }

    [Fact]
    public async Task Search_results_isolate_the_highlighted_headline_and_the_snippet()
    {
        var story = await HostileStoryAsync();
        var word = story.Headline.Split(' ')[1];

        var page = await Client.GetDocumentAsync("/search?q=" + Uri.EscapeDataString(word));

        var headline = page.QuerySelector(".search-results h3 a")!;
        Assert.Equal(word, headline.QuerySelector("mark")?.TextContent);
        AssertIsolated(page, story.Headline, "the search results");
        Assert.All(page.QuerySelectorAll(".search-results .snippet"), snippet => Assert.Equal("auto", snippet.GetAttribute("dir")));
    }
}

public sealed class SqliteBidiIsolationTests(CommentApp app) : BidiIsolationTests<CommentApp>(app), IClassFixture<CommentApp>;

public sealed class PostgresBidiIsolationTests(PostgresCommentApp app) : BidiIsolationTests<PostgresCommentApp>(app), IClassFixture<PostgresCommentApp>;
