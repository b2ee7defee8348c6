using System.Globalization;
using System.Net;
using System.Text.Json;
using Broadsheet.Articles;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Articles;

/// <summary>The reader site over HTTP; runs once per database provider (see the subclasses at the bottom).</summary>
public abstract class ReaderSiteTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : BroadsheetApp
{
    private static readonly DateTime April24 = new(2024, 4, 24, 14, 30, 0, DateTimeKind.Utc);

    private static string PathOf(Article article, DateTime? published = null)
    {
        var date = published ?? article.PublishedAt!.Value;
        return FormattableString.Invariant($"/{date:yyyy}/{date:MM}/{date:dd}/{article.Slug}");
    }

    [Fact]
    public async Task Home_page_shows_a_lead_story_the_latest_list_and_sections()
    {
        var lead = await new ArticleBuilder().Headline("Newest lead story on the home page").PublishedAgo(TimeSpan.Zero).SaveAsync(App);

        var home = await Client.GetDocumentAsync("/");

        Assert.Equal(lead.Headline, home.QuerySelector(".lead h2")?.TextContent.Trim());
        Assert.NotNull(home.QuerySelector("#latest-heading"));
        Assert.True(home.QuerySelectorAll("section h2.rule a[href^='/section/']").Length >= 5, "sections shown on the front page");
        Assert.Single(home.QuerySelectorAll("h1"));
        Assert.NotNull(home.QuerySelector("link[rel=next][href$='/?page=2']"));
    }

    [Fact]
    public async Task A_sections_front_on_the_home_page_shows_its_four_newest_published_stories_newest_first_and_not_the_lead()
    {
        var section = $"front-{Guid.NewGuid():N}"[..14];
        // Long ago, so that the latest list above the fronts does not take them.
        var day = new DateTime(2003, 5, 6, 9, 0, 0, DateTimeKind.Utc);
        var published = new List<Article>();
        for (var i = 0; i < 6; i++)
        {
            published.Add(await new ArticleBuilder().Headline($"Front story {i} of {section}").InSection(section).PublishedAt(day.AddDays(i)).SaveAsync(App));
        }

        await new ArticleBuilder().Headline($"A draft in {section}").InSection(section).Status(ArticleStatus.Draft).SaveAsync(App);
        await new ArticleBuilder().Headline($"Tomorrow's story in {section}").InSection(section).PublishedIn(TimeSpan.FromDays(1)).SaveAsync(App);
        var lead = await new ArticleBuilder().Headline($"The lead story from {section}").InSection(section).PublishedAgo(TimeSpan.Zero).SaveAsync(App);

        var home = await Client.GetDocumentAsync("/");

        Assert.Equal(lead.Headline, home.QuerySelector(".lead h2")?.TextContent.Trim());
        var front = home.QuerySelectorAll("section").Single(s => s.QuerySelector("h2 a")?.GetAttribute("href") == $"/section/{section}");
        var headlines = front.QuerySelectorAll(".card h3").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(published.AsEnumerable().Reverse().Take(4).Select(a => a.Headline), headlines);
    }

    [Fact]
    public async Task Home_page_two_continues_the_latest_list_with_prev_and_next_links()
    {
        var page2 = await Client.GetDocumentAsync("/?page=2");

        Assert.NotEmpty(page2.QuerySelectorAll(".cards .card"));
        Assert.EndsWith("/", page2.QuerySelector("link[rel=prev]")?.GetAttribute("href"), StringComparison.Ordinal);
        Assert.EndsWith("/?page=2", page2.QuerySelector("link[rel=canonical]")?.GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Article_page_shows_date_line_headline_standfirst_byline_image_body_tags_comments_and_more_in_order()
    {
        var article = await new ArticleBuilder()
            .Headline("Council approves the riverside path")
            .Standfirst("Work starts in spring.")
            .By("Mara Quill")
            .Tagged("Transport", "Budget")
            .WithImage()
            .PublishedAt(April24)
            .Body("The council voted on Tuesday.\n\n> \"The path [along the Quell] opens next year,\" said the chair.\n\nMore details -- and more \"quotes\".")
            .WithComment("Ada", "First!")
            .WithComment("Ben", "A reply to Ada.", replyTo: 0)
            .SaveAsync(App);

        var page = await Client.GetDocumentAsync(PathOf(article));

        var time = page.QuerySelector(".dateline time")!;
        Assert.Equal("Wednesday, April 24, 2024", time.TextContent);
        Assert.StartsWith("2024-04-24T14:30:00", time.GetAttribute("datetime"), StringComparison.Ordinal);
        Assert.Single(page.QuerySelectorAll("h1"));
        Assert.Equal("Council approves the riverside path", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("Mara Quill", page.QuerySelector(".byline a[href='/author/mara-quill']")?.TextContent);
        Assert.Equal("The test caption Illustration: test", page.QuerySelector(".featured figcaption")?.TextContent.Trim());
        var quote = page.QuerySelector(".body blockquote")!.TextContent.Trim();
        Assert.Equal("\u201cThe path [along the Quell] opens next year,\u201d said the chair.", quote);
        Assert.Contains("More details \u2013 and more \u201cquotes\u201d.", page.QuerySelector(".body")!.TextContent, StringComparison.Ordinal);

        var order = new[] { ".dateline", "h1", ".story .standfirst", ".byline", ".featured", ".body", ".tags", "#comments", "#more-articles" }
            .Select(page.OrderOf).ToArray();
        Assert.Equal(order.Order().ToArray(), order);

        var reply = page.QuerySelector("#comments .thread .thread .comment-body")!;
        Assert.Equal("A reply to Ada.", reply.TextContent);
        Assert.Equal("2 comments", page.QuerySelector("#comments-heading")!.TextContent);
    }

    [Fact]
    public async Task Article_body_never_passes_raw_html_or_script_links_through()
    {
        var article = await new ArticleBuilder()
            .Body("Before <script>alert(1)</script> after.\n\n<img src=x onerror=alert(2)>\n\n[click](javascript:alert(3)) and [safe](https://example.org/ok)")
            .SaveAsync(App);

        using var response = await Client.GetAsync(PathOf(article));
        var html = await response.Content.ReadAsStringAsync();
        var body = Html.Parse(html).QuerySelector(".body")!;

        Assert.Empty(body.QuerySelectorAll("script, img"));
        Assert.Contains("<script>alert(1)</script>", body.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(body.QuerySelectorAll("a"), a => a.GetAttribute("href")!.StartsWith("javascript", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(body.QuerySelectorAll("a"), a => a.GetAttribute("href") == "https://example.org/ok");
    }

    [Fact]
    public async Task Unpublished_and_draft_articles_answer_404()
    {
        var draft = await new ArticleBuilder().Status(ArticleStatus.Draft).SaveAsync(App);
        var future = await new ArticleBuilder().PublishedIn(TimeSpan.FromDays(2)).SaveAsync(App);

        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(PathOf(draft))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(PathOf(future))).StatusCode);
    }

    [Fact]
    public async Task More_articles_lists_related_ones_first_never_the_article_itself_and_loads_more_without_javascript()
    {
        var tag = "Tidal Research " + Guid.NewGuid().ToString("N")[..6];
        var related = await new ArticleBuilder().InSection("science").Tagged(tag).PublishedAgo(TimeSpan.FromDays(300)).SaveAsync(App);
        var article = await new ArticleBuilder().InSection("science").Tagged(tag).SaveAsync(App);

        var page = await Client.GetDocumentAsync(PathOf(article));
        var links = page.QuerySelectorAll("#more-articles .card h3 a").Select(a => a.GetAttribute("href")!).ToList();

        Assert.True(links.Count >= 6, $"More Articles shows {links.Count}");
        Assert.Equal(PathOf(related), links[0]);
        Assert.DoesNotContain(PathOf(article), links);

        var loadMore = page.QuerySelector("#more-articles a[data-load-more]")!.GetAttribute("href")!;
        Assert.Equal(PathOf(article) + "/more?page=2", loadMore);
        var next = await Client.GetDocumentAsync(loadMore);
        var nextLinks = next.QuerySelectorAll("#more-articles .card h3 a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.NotEmpty(nextLinks);
        Assert.Empty(nextLinks.Intersect(links));
        Assert.DoesNotContain(PathOf(article), nextLinks);
    }

    [Fact]
    public async Task More_articles_ranks_the_closest_relatives_newest_first_across_its_pages()
    {
        // Eight share the section and the tag (three points each), so they come first, newest first, whatever the
        // other tests have written; six on the article's page, the other two at the top of "/more?page=2".
        var tag = "Harbour Survey " + Guid.NewGuid().ToString("N")[..6];
        var closest = new List<Article>();
        for (var i = 0; i < 8; i++)
        {
            closest.Add(await new ArticleBuilder().InSection("science").Tagged(tag).PublishedAgo(TimeSpan.FromMinutes(30 + (i * 7))).SaveAsync(App));
        }

        var article = await new ArticleBuilder().InSection("science").Tagged(tag).PublishedAgo(TimeSpan.FromMinutes(5)).SaveAsync(App);
        static List<string> Links(AngleSharp.Dom.IDocument page) => page.QuerySelectorAll("#more-articles .card h3 a").Select(a => a.GetAttribute("href")!).ToList();

        var first = Links(await Client.GetDocumentAsync(PathOf(article)));
        var second = Links(await Client.GetDocumentAsync(PathOf(article) + "/more?page=2"));

        Assert.Equal(closest.Take(6).Select(a => PathOf(a)), first.Take(6));
        Assert.Equal(closest.Skip(6).Select(a => PathOf(a)), second.Take(2));
        Assert.Empty(second.Intersect(first));
    }

    [Fact]
    public async Task Section_tag_and_author_pages_list_their_articles()
    {
        var article = await new ArticleBuilder().InSection("sport").Tagged("Rowing Club Test").By("Petra Lind").SaveAsync(App);

        foreach (var path in new[] { "/section/sport", "/tag/rowing-club-test", "/author/petra-lind" })
        {
            var page = await Client.GetDocumentAsync(path);
            Assert.Contains(page.QuerySelectorAll(".cards h3 a"), a => a.GetAttribute("href") == PathOf(article));
            Assert.Single(page.QuerySelectorAll("h1"));
            Assert.EndsWith(path, page.QuerySelector("link[rel=canonical]")!.GetAttribute("href"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task List_pages_paginate_with_rel_prev_and_next()
    {
        var first = await Client.GetDocumentAsync("/section/city");
        Assert.Equal(BroadsheetApp.PageSize, first.QuerySelectorAll(".cards .card").Length);
        var next = first.QuerySelector("link[rel=next]")!.GetAttribute("href")!;
        Assert.EndsWith("/section/city?page=2", next, StringComparison.Ordinal);

        var second = await Client.GetDocumentAsync("/section/city?page=2");
        Assert.EndsWith("/section/city", second.QuerySelector("link[rel=prev]")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.NotNull(second.QuerySelector("nav.pager a[rel=prev]"));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/section/city?page=999")).StatusCode);
    }

    [Fact]
    public async Task Date_archives_list_articles_of_that_year_month_and_day_only()
    {
        // March 2023 belongs to this test alone, so other tests' articles cannot push these off page one.
        var article = await new ArticleBuilder().Headline("Archived story from March 2023").PublishedAt(new DateTime(2023, 3, 20, 10, 0, 0, DateTimeKind.Utc)).SaveAsync(App);
        var sameMonth = await new ArticleBuilder().PublishedAt(new DateTime(2023, 3, 2, 9, 0, 0, DateTimeKind.Utc)).SaveAsync(App);

        var day = await Client.GetDocumentAsync("/2023/03/20/");
        var month = await Client.GetDocumentAsync("/2023/03/");
        var year = await Client.GetDocumentAsync("/2023/");

        Assert.Equal("Monday, March 20, 2023", day.QuerySelector("h1")!.TextContent);
        Assert.Equal("March 2023", month.QuerySelector("h1")!.TextContent);
        Assert.Equal("2023", year.QuerySelector("h1")!.TextContent);
        string[] Links(AngleSharp.Dom.IDocument d) => d.QuerySelectorAll(".cards h3 a").Select(a => a.GetAttribute("href")!).ToArray();
        Assert.Contains(PathOf(article), Links(day));
        Assert.DoesNotContain(PathOf(sameMonth), Links(day));
        Assert.Contains(PathOf(sameMonth), Links(month));
        Assert.All(Links(year), l => Assert.StartsWith("/2023/", l, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/2024/02/30/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/1901/")).StatusCode);
    }

    [Fact]
    public async Task Unknown_pages_answer_a_friendly_404()
    {
        foreach (var path in new[] { "/no-such-page", "/2024/04/24/no-such-story", "/section/no-such-section", "/tag/nothing-here" })
        {
            using var response = await Client.GetAsync(path);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("Page not found", Html.Parse(html).QuerySelector("h1")?.TextContent);
        }
    }

    [Fact]
    public async Task Server_errors_show_a_friendly_page_without_internals()
    {
        using var response = await Client.GetAsync("/__test/throw");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("Something went wrong", Html.Parse(html).QuerySelector("h1")?.TextContent);
        Assert.DoesNotContain("XYZZY", html, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", Html.Parse(html).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(App.Errors.Entries, e => e.Contains("InvalidOperationException", StringComparison.Ordinal));

        // The reference the reader is given leads an operator to the failed request in the log.
        var reference = Html.Parse(html).QuerySelector("main code")?.TextContent;
        Assert.False(string.IsNullOrWhiteSpace(reference));
        Assert.Contains(App.Errors.Entries, e => e.Contains($"Reference {reference}:", StringComparison.Ordinal)
            && e.Contains("GET /__test/throw", StringComparison.Ordinal));
        App.Errors.Clear();
    }

    [Fact]
    public async Task Changing_a_slug_redirects_the_old_url_permanently()
    {
        var article = await new ArticleBuilder().Headline("Bridge repairs begin").SaveAsync(App);
        var oldPath = PathOf(article);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(oldPath)).StatusCode);

        await App.WithDbAsync(async (db, services) =>
        {
            var tracked = await db.Articles.SingleAsync(a => a.Id == article.Id);
            await services.RenameSlugAsync(tracked, "bridge-repairs-start-early");
            return 0;
        });

        using var response = await Client.GetAsync(oldPath);
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.EndsWith("/bridge-repairs-start-early", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(response.Headers.Location)).StatusCode);
        Assert.Equal(HttpStatusCode.MovedPermanently, (await Client.GetAsync(oldPath + "/more?page=2")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_date_in_an_article_url_redirects_to_the_canonical_one()
    {
        var article = await new ArticleBuilder().PublishedAt(April24).SaveAsync(App);

        using var response = await Client.GetAsync($"/2020/01/01/{article.Slug}");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(PathOf(article), response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Article_page_has_canonical_opengraph_and_news_article_json_ld()
    {
        var article = await new ArticleBuilder().Headline("Observatory opens to the public").By("Ines Ward", "Tom Beck").WithImage().PublishedAt(April24).SaveAsync(App);

        var page = await Client.GetDocumentAsync(PathOf(article));

        var canonical = page.QuerySelector("link[rel=canonical]")!.GetAttribute("href")!;
        Assert.Equal(new Uri(App.BaseAddress, PathOf(article)).ToString(), canonical);
        Assert.Equal("article", page.QuerySelector("meta[property='og:type']")!.GetAttribute("content"));
        Assert.Equal(article.Headline, page.QuerySelector("meta[property='og:title']")!.GetAttribute("content"));
        Assert.EndsWith("/demo/telescope.webp", page.QuerySelector("meta[property='og:image']")!.GetAttribute("content"), StringComparison.Ordinal);
        Assert.Equal("summary_large_image", page.QuerySelector("meta[name='twitter:card']")!.GetAttribute("content"));

        using var json = JsonDocument.Parse(page.QuerySelector("script[type='application/ld+json']")!.TextContent);
        var root = json.RootElement;
        Assert.Equal("NewsArticle", root.GetProperty("@type").GetString());
        Assert.Equal(article.Headline, root.GetProperty("headline").GetString());
        Assert.Equal(April24, DateTimeOffset.Parse(root.GetProperty("datePublished").GetString()!, CultureInfo.InvariantCulture).UtcDateTime);
        Assert.True(root.TryGetProperty("dateModified", out _));
        Assert.Equal(["Ines Ward", "Tom Beck"], root.GetProperty("author").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.EndsWith("/demo/telescope.webp", root.GetProperty("image")[0].GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(root.GetProperty("publisher").GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Every_page_type_has_a_canonical_link()
    {
        var article = await new ArticleBuilder().Tagged("Canonical Check").PublishedAt(April24).SaveAsync(App);
        foreach (var path in new[] { "/", PathOf(article), "/section/city", "/tag/canonical-check", "/2024/", PathOf(article) + "/more?page=2" })
        {
            var page = await Client.GetDocumentAsync(path);
            var canonical = page.QuerySelectorAll("link[rel=canonical]");
            Assert.Single(canonical);
            Assert.StartsWith(App.BaseAddress.ToString().TrimEnd('/'), canonical[0].GetAttribute("href"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Sitemap_lists_every_published_article_with_lastmod_and_robots_points_to_it()
    {
        var article = await new ArticleBuilder().SaveAsync(App);
        var draft = await new ArticleBuilder().Status(ArticleStatus.Draft).SaveAsync(App);
        var xml = System.Xml.Linq.XDocument.Parse(await Client.GetStringAsync("/sitemap.xml"));
        System.Xml.Linq.XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var urls = xml.Root!.Elements(ns + "url").ToList();
        var published = await App.WithDbAsync((db, _) => db.Articles.CountAsync(a => a.Status == ArticleStatus.Published && a.PublishedAt <= DateTime.UtcNow));

        var articleUrls = urls.Where(u => u.Element(ns + "loc")!.Value.Split('/').Length == 7).ToList();
        Assert.Equal(published, articleUrls.Count);
        Assert.All(articleUrls, u => Assert.NotNull(u.Element(ns + "lastmod")));
        Assert.Contains(articleUrls, u => u.Element(ns + "loc")!.Value.EndsWith(PathOf(article), StringComparison.Ordinal));
        Assert.DoesNotContain(articleUrls, u => u.Element(ns + "loc")!.Value.EndsWith(draft.Slug, StringComparison.Ordinal));

        var robots = await Client.GetStringAsync("/robots.txt");
        Assert.Contains($"Sitemap: {new Uri(App.BaseAddress, "/sitemap.xml")}", robots, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Article_page_is_served_from_the_output_cache_until_the_article_changes()
    {
        var article = await new ArticleBuilder().Headline("Original headline about the ferry").PublishedAgo(TimeSpan.FromSeconds(5)).SaveAsync(App);
        var path = PathOf(article);
        Assert.Contains("Original headline about the ferry", await Client.GetStringAsync(path), StringComparison.Ordinal);
        Assert.Contains("Original headline about the ferry", await Client.GetStringAsync("/"), StringComparison.Ordinal);

        // A change that bypasses ArticleChanges is not seen: the page really comes from the cache.
        await App.WithDbAsync((db, _) => db.Articles.Where(a => a.Id == article.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Headline, "Sneaky headline")));
        Assert.Contains("Original headline about the ferry", await Client.GetStringAsync(path), StringComparison.Ordinal);
        Assert.Contains("Original headline about the ferry", await Client.GetStringAsync("/"), StringComparison.Ordinal);

        await App.WithDbAsync(async (db, services) =>
        {
            var tracked = await db.Articles.SingleAsync(a => a.Id == article.Id);
            tracked.Headline = "Updated headline about the ferry";
            await services.GetRequiredService<ArticleChanges>().SaveAsync(tracked);
            return 0;
        });

        Assert.Contains("Updated headline about the ferry", await Client.GetStringAsync(path), StringComparison.Ordinal);
        Assert.Contains("Updated headline about the ferry", await Client.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/?page=2147483647")]
    [InlineData("/section/city?page=2147483647")]
    [InlineData("/tag/budget?page=-3")]
    [InlineData("/2025/?page=99999999")]
    [InlineData("/9999/12/31/")]
    public async Task Absurd_page_numbers_and_dates_answer_404_not_500(string path)
    {
        using var response = await Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Non_canonical_spellings_redirect_or_answer_404_instead_of_duplicating_pages()
    {
        var article = await new ArticleBuilder().Headline("Spelling test story").PublishedAt(April24).SaveAsync(App);
        var path = PathOf(article);
        await Client.GetStringAsync(path); // cached under the canonical spelling

        foreach (var variant in new[] { path.ToUpperInvariant(), $"/2024/4/24/{article.Slug}", path + "?page=3" })
        {
            using var response = await Client.GetAsync(variant);
            Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
            Assert.Equal(path, response.Headers.Location!.OriginalString);
            Assert.Equal("public, max-age=3600", response.Headers.CacheControl!.ToString());
        }

        Assert.Equal(HttpStatusCode.MovedPermanently, (await Client.GetAsync("/section/CITY")).StatusCode);
        foreach (var variant in new[] { "/section/city?page=1", "/section/city?page=02", "/section/city?page=abc", "/?page=1", path + "/more?page=1" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(variant)).StatusCode);
        }
    }

    [Fact]
    public async Task A_slug_renamed_back_and_forth_keeps_redirecting_to_the_current_one()
    {
        var first = await new ArticleBuilder().Headline("Ferry timetable changes").SaveAsync(App);
        var other = await new ArticleBuilder().Headline("Another ferry story").SaveAsync(App);
        async Task RenameAsync(int id, string slug) => await App.WithDbAsync(async (db, services) =>
        {
            var tracked = await db.Articles.SingleAsync(a => a.Id == id);
            await services.RenameSlugAsync(tracked, slug);
            return 0;
        });

        var original = first.Slug;
        await RenameAsync(first.Id, "ferry-timetable-b");
        await RenameAsync(first.Id, original);
        await RenameAsync(first.Id, "ferry-timetable-c");
        // Another article takes the first one's retired slug, then gives it up again.
        await RenameAsync(other.Id, "ferry-timetable-b");
        await RenameAsync(other.Id, "another-ferry-story-final");

        using var response = await Client.GetAsync(PathOf(first, first.PublishedAt).Replace(first.Slug, original, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.EndsWith("/ferry-timetable-c", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var taken = await Client.GetAsync(PathOf(other).Replace(other.Slug, "ferry-timetable-b", StringComparison.Ordinal));
        Assert.EndsWith("/another-ferry-story-final", taken.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_characters_in_a_headline_do_not_break_feeds_or_sitemaps()
    {
        await new ArticleBuilder().Headline("Storm\u000b warning\u0001 issued").SaveAsync(App);

        foreach (var path in new[] { "/feed", "/feed/atom", "/sitemap.xml", "/news-sitemap.xml" })
        {
            using var response = await Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task The_short_link_used_as_feed_id_redirects_to_the_article_and_survives_a_rename()
    {
        var article = await new ArticleBuilder().SaveAsync(App);
        await Client.GetStringAsync("/"); // the home page is cached; the short link must not be served from it

        using var response = await Client.GetAsync($"/?p={article.Id}");
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(PathOf(article), response.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/?p=999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/?p=abc")).StatusCode);
        var draft = await new ArticleBuilder().Status(ArticleStatus.Draft).SaveAsync(App);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/?p={draft.Id}")).StatusCode);
    }

    [Fact]
    public async Task An_article_published_for_a_later_time_appears_on_cached_pages_when_its_time_comes()
    {
        var article = await new ArticleBuilder().Headline("Timed story about the harbour lights").PublishedIn(TimeSpan.FromSeconds(4)).SaveAsync(App);
        Assert.DoesNotContain(article.Headline, await Client.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.DoesNotContain(article.Headline, await Client.GetStringAsync("/feed"), StringComparison.Ordinal);

        // No edit and no eviction by the test: the app notices the moment itself (it checks every few seconds).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string home;
        do
        {
            await Task.Delay(500);
            home = await Client.GetStringAsync("/");
        }
        while (!home.Contains(article.Headline, StringComparison.Ordinal) && DateTime.UtcNow < deadline);

        Assert.Contains(article.Headline, home, StringComparison.Ordinal);
        Assert.Contains(article.Headline, await Client.GetStringAsync("/feed"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_site_wide_change_refreshes_every_cached_page()
    {
        var article = await new ArticleBuilder().InSection("culture").SaveAsync(App);
        Assert.Contains("<bdi>Culture</bdi></a>", await Client.GetStringAsync(PathOf(article)), StringComparison.Ordinal);

        await App.WithDbAsync(async (db, services) =>
        {
            await db.Sections.Where(s => s.Slug == "culture").ExecuteUpdateAsync(s => s.SetProperty(x => x.Name, "Arts"));
            await services.GetRequiredService<Broadsheet.Site.PageCacheEviction>().SiteChangedAsync();
            return 0;
        });

        var page = await Client.GetStringAsync(PathOf(article));
        Assert.Contains("<bdi>Arts</bdi></a>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<bdi>Culture</bdi></a>", page, StringComparison.Ordinal);
        await App.WithDbAsync((db, _) => db.Sections.Where(s => s.Slug == "culture").ExecuteUpdateAsync(s => s.SetProperty(x => x.Name, "Culture")));
        await App.WithDbAsync(async (_, services) =>
        {
            await services.GetRequiredService<Broadsheet.Site.PageCacheEviction>().SiteChangedAsync();
            return 0;
        });
    }

    [Fact]
    public async Task Healthz_reports_healthy()
    {
        using var response = await Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"Healthy","checks":{"database":"Healthy"}}""", await response.Content.ReadAsStringAsync());
    }
}

public sealed class SqliteReaderSiteTests(SqliteApp app) : ReaderSiteTests<SqliteApp>(app), IClassFixture<SqliteApp>;

public sealed class PostgresReaderSiteTests(PostgresApp app) : ReaderSiteTests<PostgresApp>(app), IClassFixture<PostgresApp>;
