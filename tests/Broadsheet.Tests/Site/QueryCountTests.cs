using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Pages.Articles;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Site;

/// <summary>
/// Every reader page sends the same number of SQL commands whether its list holds 3 articles or 30: a page that
/// asked once per row (N+1) would slow down as the site grows. The output cache is off, so every request renders.
/// </summary>
public abstract class QueryCountTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : NewsroomApp
{
    private static string PathOf(Article article)
    {
        var date = article.PublishedAt!.Value;
        return FormattableString.Invariant($"/{date:yyyy}/{date:MM}/{date:dd}/{article.Slug}");
    }

    private static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The commands one request for <paramref name="path"/> sends, after a first request has warmed every cache.</summary>
    private async Task<(int Commands, string Html)> CountAsync(string path)
    {
        await Client.GetStringAsync(path);
        App.SqlCommands.Reset();
        var html = await Client.GetStringAsync(path);
        return (App.SqlCommands.Count, html);
    }

    /// <summary>
    /// Counts the commands for each path with the rows <paramref name="add"/> makes three times and thirty times,
    /// and checks the page shows more of them the second time.
    /// </summary>
    private async Task AssertSameCommandsAsync(Func<int, Task> add, Func<string, int> shown, params string[] paths)
    {
        await add(3);
        var few = new List<(int Commands, int Shown)>();
        foreach (var path in paths)
        {
            var (commands, html) = await CountAsync(path);
            few.Add((commands, shown(html)));
        }

        await add(27);
        for (var i = 0; i < paths.Length; i++)
        {
            var (commands, html) = await CountAsync(paths[i]);
            Assert.True(few[i].Commands == commands, $"{paths[i]} sent {few[i].Commands} SQL commands with 3 rows and {commands} with 30");
            Assert.True(shown(html) > few[i].Shown, $"{paths[i]} shows {few[i].Shown} rows with 3 and {shown(html)} with 30");
        }
    }

    private static int Count(string html, string needle)
    {
        var count = 0;
        for (var at = html.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = html.IndexOf(needle, at + needle.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [Fact]
    public async Task Section_tag_author_and_archive_pages_send_the_same_commands_for_3_articles_as_for_30()
    {
        var section = Unique("Counted section");
        var tag = Unique("Counted tag");
        var author = Unique("Counted Writer");
        var day = new DateTime(2003, 5, 14, 9, 0, 0, DateTimeKind.Utc);
        var sectionSlug = Slugs.From(section);
        var marker = Unique("Counted story");
        var added = 0;
        async Task Add(int count)
        {
            for (var i = 0; i < count; i++, added++)
            {
                await new ArticleBuilder().Headline($"{marker} {added}").InSection(sectionSlug).Tagged(tag, Unique("Other tag")).By(author, Unique("Second Writer"))
                    .WithComment("Reader", "A comment on the counted story.")
                    .PublishedAt(day.AddMinutes(added)).SaveAsync(App);
            }
        }

        await AssertSameCommandsAsync(Add, html => Count(html, marker),
            $"/section/{sectionSlug}", $"/tag/{Slugs.From(tag)}", $"/author/{Slugs.From(author)}", "/2003/05/14/", "/2003/05/", "/2003/");
    }

    [Fact]
    public async Task Feeds_and_the_sitemap_send_the_same_commands_for_3_articles_as_for_30()
    {
        var tag = Unique("Fed tag");
        var marker = Unique("Fed story");
        async Task Add(int count)
        {
            for (var i = 0; i < count; i++)
            {
                await new ArticleBuilder().Headline($"{marker} {i}").Tagged(tag, Unique("Other tag")).By(Unique("Feed Writer")).SaveAsync(App);
            }
        }

        // The sitemap lists addresses, which hold the slug made from the headline.
        await AssertSameCommandsAsync(Add, html => Count(html, marker) + Count(html, Slugs.From(marker)),
            $"/tag/{Slugs.From(tag)}/feed", "/feed", "/sitemap.xml");
    }

    [Fact]
    public async Task Home_article_and_more_pages_send_the_same_commands_for_3_related_articles_as_for_30()
    {
        var tag = Unique("Related tag");
        var article = await new ArticleBuilder().InSection("science").Tagged(tag, Unique("Own tag")).By(Unique("Home Writer"))
            .WithComment("Reader", "First comment.").WithComment("Another reader", "A reply.", replyTo: 0)
            .PublishedAgo(TimeSpan.FromDays(400)).SaveAsync(App);
        var related = new List<string>();
        async Task Add(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var other = await new ArticleBuilder().InSection("science").Tagged(tag, Unique("Other tag")).By(Unique("Related Writer"))
                    .WithComment("Reader", "A comment on a related story.")
                    .PublishedAgo(TimeSpan.FromDays(300 + related.Count)).SaveAsync(App);
                related.Add(PathOf(other));
            }
        }

        // The article page always fills More Articles (the latest articles follow the related ones), so what grows is
        // how many of its cards are related ones; the home page's lists are always full, and gain new articles.
        int RelatedShown(string html) => related.Count(path => html.Contains($"href=\"{path}\"", StringComparison.Ordinal));
        await AssertSameCommandsAsync(Add, RelatedShown, PathOf(article), PathOf(article) + "/more?page=2");

        var (few, _) = await CountAsync("/");
        for (var i = 0; i < 27; i++)
        {
            await new ArticleBuilder().InSection(i % 2 == 0 ? "science" : "city").Tagged(Unique("Home tag")).By(Unique("Home Writer"))
                .WithComment("Reader", "A comment.").PublishedAgo(TimeSpan.FromMinutes(i)).SaveAsync(App);
        }

        var (many, _) = await CountAsync("/");
        Assert.Equal(few, many);
    }

    [Fact]
    public async Task More_articles_ranks_the_section_and_shared_tags_first_then_the_latest_across_pages()
    {
        var tag = Unique("Ranked tag");
        var second = Unique("Second ranked tag");
        var section = Slugs.From(Unique("Ranked section"));
        var article = await new ArticleBuilder().InSection(section).Tagged(tag, second).PublishedAgo(TimeSpan.FromDays(2)).SaveAsync(App);
        // Scores: section and both tags 4, section and one tag 3, the section alone 2, both tags 2 (older), one tag 1.
        var sectionAndBoth = await new ArticleBuilder().InSection(section).Tagged(tag, second).PublishedAgo(TimeSpan.FromDays(900)).SaveAsync(App);
        var sectionAndOne = await new ArticleBuilder().InSection(section).Tagged(second).PublishedAgo(TimeSpan.FromDays(800)).SaveAsync(App);
        var sectionOnly = await new ArticleBuilder().InSection(section).PublishedAgo(TimeSpan.FromDays(700)).SaveAsync(App);
        var bothTags = await new ArticleBuilder().Tagged(tag, second).PublishedAgo(TimeSpan.FromDays(1000)).SaveAsync(App);
        var oneTag = await new ArticleBuilder().Tagged(tag).PublishedAgo(TimeSpan.FromDays(600)).SaveAsync(App);
        var oneTagNewer = await new ArticleBuilder().Tagged(second).PublishedAgo(TimeSpan.FromDays(500)).SaveAsync(App);
        var unrelated = await new ArticleBuilder().Headline(Unique("Latest unrelated story")).PublishedAgo(TimeSpan.Zero).SaveAsync(App);

        var first = Html.Parse(await Client.GetStringAsync(PathOf(article)))
            .QuerySelectorAll("#more-articles .card h3 a").Select(a => a.GetAttribute("href")!).ToList();
        var next = Html.Parse(await Client.GetStringAsync(PathOf(article) + "/more?page=2"))
            .QuerySelectorAll("#more-articles .card h3 a").Select(a => a.GetAttribute("href")!).ToList();

        Assert.Equal(
            new[] { sectionAndBoth, sectionAndOne, sectionOnly, bothTags, oneTagNewer, oneTag }.Select(PathOf),
            first);
        // Then the latest of the rest, on the next page, with nothing shown twice.
        Assert.Equal(PathOf(unrelated), next[0]);
        Assert.Empty(first.Intersect(next));
        Assert.DoesNotContain(PathOf(article), next);
    }

    [Fact]
    public async Task More_articles_ranks_each_tags_newest_articles_and_lists_an_older_relative_with_the_latest()
    {
        var tag = Unique("Window tag");
        var second = Unique("Second window tag");
        var article = await new ArticleBuilder().InSection(Slugs.From(Unique("Window section"))).Tagged(tag, second)
            .PublishedAgo(TimeSpan.FromDays(1)).SaveAsync(App);
        // Written first, so older by id than the rest of both tags, though published last: past each tag's newest
        // MoreArticlesCandidates, it is not ranked, where ranking every article would put it first (same score, newest).
        var older = await new ArticleBuilder().Tagged(tag, second).PublishedAgo(TimeSpan.FromHours(1)).SaveAsync(App);
        var window = new List<Article>();
        for (var i = 0; i < ArticleReading.MoreArticlesCandidates; i++)
        {
            window.Add(await new ArticleBuilder().Tagged(tag, second).PublishedAgo(TimeSpan.FromDays(100 + i)).SaveAsync(App));
        }

        async Task<List<string>> PageAsync(int page) =>
            Html.Parse(await Client.GetStringAsync(page == 1 ? PathOf(article) : PathOf(article) + $"/more?page={page}"))
                .QuerySelectorAll("#more-articles .card h3 a").Select(a => a.GetAttribute("href")!).ToList();
        var ranked = new List<string>();
        for (var page = 1; ranked.Count < window.Count; page++)
        {
            ranked.AddRange(await PageAsync(page));
        }

        // The tags' newest, newest first, on both databases alike; then the older relative among the latest of the rest.
        Assert.Equal(window.Select(PathOf), ranked.Take(window.Count));
        var rest = new List<string>(ranked.Skip(window.Count));
        for (var page = ranked.Count / ArticleModel.MoreArticlesPageSize + 1; !rest.Contains(PathOf(older)) && page <= 40; page++)
        {
            rest.AddRange(await PageAsync(page));
        }

        Assert.Contains(PathOf(older), rest);
    }

    [Fact]
    public async Task More_articles_pages_through_a_ranked_list_longer_than_a_page_with_each_cards_comment_count()
    {
        var tag = Unique("Long ranked tag");
        var section = Slugs.From(Unique("Long ranked section"));
        var article = await new ArticleBuilder().InSection(section).Tagged(tag).PublishedAgo(TimeSpan.FromDays(1)).SaveAsync(App);
        // Eight share the section and the tag (newest first), then six share only the tag: fourteen ranked, more than two
        // pages of six. Each related one has as many approved comments as its place, and a held one that never counts.
        var ranked = new List<Article>();
        for (var i = 0; i < 14; i++)
        {
            var builder = new ArticleBuilder().Tagged(tag).PublishedAgo(TimeSpan.FromDays(100 + i));
            builder = i < 8 ? builder.InSection(section) : builder;
            for (var c = 0; c <= i; c++)
            {
                builder = builder.WithComment("Reader", $"Comment {c}.");
            }

            ranked.Add(await builder.WithComment("Held", "Waiting.", commentStatus: CommentStatus.Pending).SaveAsync(App));
        }

        // Tagged too, but not for readers: never listed.
        var draft = await new ArticleBuilder().InSection(section).Tagged(tag).Status(ArticleStatus.Draft).SaveAsync(App);
        var scheduled = await new ArticleBuilder().InSection(section).Tagged(tag).PublishedIn(TimeSpan.FromDays(3)).SaveAsync(App);
        var unrelated = await new ArticleBuilder().Headline(Unique("Latest unrelated story")).PublishedAgo(TimeSpan.Zero).SaveAsync(App);

        async Task<List<(string Path, string Meta)>> CardsAsync(string path) =>
            Html.Parse(await Client.GetStringAsync(path)).QuerySelectorAll("#more-articles .card")
                .Select(c => (c.QuerySelector("h3 a")!.GetAttribute("href")!, c.QuerySelector(".meta")!.TextContent)).ToList();
        var pages = new List<(string Path, string Meta)>();
        pages.AddRange(await CardsAsync(PathOf(article)));
        pages.AddRange(await CardsAsync(PathOf(article) + "/more?page=2"));
        pages.AddRange(await CardsAsync(PathOf(article) + "/more?page=3"));

        Assert.Equal(ranked.Select(PathOf), pages.Take(14).Select(c => c.Path));
        for (var i = 0; i < 14; i++)
        {
            Assert.Contains($"{i + 1} comment{(i == 0 ? "" : "s")}", pages[i].Meta, StringComparison.Ordinal);
        }

        // The third page goes on with the latest of the rest, without the article, the draft or the scheduled one.
        Assert.Equal(PathOf(unrelated), pages[14].Path);
        var paths = pages.Select(c => c.Path).ToList();
        Assert.Equal(paths.Count, paths.Distinct().Count());
        Assert.DoesNotContain(PathOf(article), paths);
        Assert.DoesNotContain(paths, p => p.EndsWith("/" + draft.Slug, StringComparison.Ordinal));
        Assert.DoesNotContain(paths, p => p.EndsWith("/" + scheduled.Slug, StringComparison.Ordinal));
    }
}

public sealed class QueryCountApp : NewsroomApp
{
    public QueryCountApp() => Configure("Broadsheet:OutputCache:Enabled", "false");
}

public sealed class PostgresQueryCountApp : NewsroomApp
{
    public PostgresQueryCountApp()
    {
        Configure("Broadsheet:OutputCache:Enabled", "false");
        UsePostgres();
    }

    public override string ProviderName => "PostgreSQL";
}

public sealed class SqliteQueryCountTests(QueryCountApp app) : QueryCountTests<QueryCountApp>(app), IClassFixture<QueryCountApp>;

public sealed class PostgresQueryCountTests(PostgresQueryCountApp app) : QueryCountTests<PostgresQueryCountApp>(app), IClassFixture<PostgresQueryCountApp>;
