using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Comments;

/// <summary>Posting a comment as a reader does; runs once per database provider (see the subclasses at the bottom).</summary>
public abstract class CommentPostingTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : CommentApp
{
    private async Task<(Article Article, Commenter Reader)> StartAsync(bool holdFirst = false)
    {
        await App.SetDiscussionAsync(p => p.HoldFirstComment = holdFirst);
        return (await new ArticleBuilder().SaveAsync(App), new Commenter(App));
    }

    [Theory]
    [MemberData(nameof(RefusedFields.All), MemberType = typeof(RefusedFields))]
    public async Task A_refused_comment_comes_back_with_the_message_and_everything_typed(string field, string value, string message)
    {
        var (article, reader) = await StartAsync();
        var form = await reader.FormAsync(article, "My considered view on the tram.", "Ann Reader", "ann@example.org", "https://ann.example.org");
        form[field] = value;

        var response = await reader.PostAsync(form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, page.DocumentElement.TextContent, StringComparison.Ordinal);
        Assert.Equal(form["Comment"], page.QuerySelector("textarea[name=Comment]")!.TextContent);
        Assert.Equal(form["Name"], page.QuerySelector("input[name=Name]")!.GetAttribute("value") ?? "");
        Assert.Equal(form["Email"], page.QuerySelector("input[name=Email]")!.GetAttribute("value") ?? "");
        Assert.Equal(form["Website"], page.QuerySelector("input[name=Website]")!.GetAttribute("value") ?? "");
        Assert.Equal("true", page.QuerySelector($"[name={field}]")!.GetAttribute("aria-invalid"));
        Assert.Empty(await App.CommentsOnAsync(article.Id));
    }

    [Fact]
    public async Task A_comment_over_the_length_limit_is_refused_with_a_clear_message_and_kept()
    {
        var (article, reader) = await StartAsync();
        var text = new string('a', 5001);

        var response = await reader.PostAsync(await reader.FormAsync(article, text));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Your comment is too long: please keep it under 5,000 characters.", html, StringComparison.Ordinal);
        Assert.Contains(text, html, StringComparison.Ordinal);
        Assert.Empty(await App.CommentsOnAsync(article.Id));
    }

    [Fact]
    public async Task An_approved_comment_shows_at_once_on_the_cached_article_page_and_comment_feed()
    {
        var (article, reader) = await StartAsync();
        var path = App.PathOf(article);
        var renamed = await App.ProveServedFromCacheAsync(Client, article.Id, path, $"{path}/feed");
        Assert.DoesNotContain("The ferry timetable", await Client.GetStringAsync(path), StringComparison.Ordinal);

        var response = await reader.PostAsync(article, "The ferry timetable should change too.");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = Commenter.IdFrom(response);
        Assert.Equal($"{path}#comment-{id}", response.Headers.Location!.OriginalString);
        var page = Html.Parse(await Client.GetStringAsync(path));
        Assert.Equal("The ferry timetable should change too.", page.QuerySelector($"#comment-{id} .comment-body")!.TextContent.Trim());
        Assert.Equal("1 comment", page.QuerySelector("#comments-heading")!.TextContent.Trim());
        Assert.Equal(renamed, page.QuerySelector("h1")!.TextContent.Trim()); // rendered again, not patched
        var feed = await Client.GetStringAsync($"{path}/feed");
        Assert.Contains($"/comment/{id}</link>", feed, StringComparison.Ordinal);
        Assert.Contains(renamed, feed, StringComparison.Ordinal);
        Assert.Equal(CommentStatus.Approved, (await App.CommentAsync(id)).Status);
    }

    [Fact]
    public async Task Comment_text_keeps_paragraphs_and_line_breaks_links_urls_and_encodes_everything_else()
    {
        var (article, reader) = await StartAsync();
        var id = await reader.PostAndGetIdAsync(article, "First line\nsecond line\n\nNew paragraph with <b>tags</b> & https://example.org/page.", website: "https://ann.example.org/");

        var page = Html.Parse(await Client.GetStringAsync(App.PathOf(article)));
        var body = page.QuerySelector($"#comment-{id} .comment-body")!;
        Assert.Equal(2, body.QuerySelectorAll("p").Length);
        Assert.Single(body.QuerySelectorAll("br"));
        Assert.Null(body.QuerySelector("b"));
        Assert.Contains("<b>tags</b> &", body.TextContent, StringComparison.Ordinal);
        var link = body.QuerySelector("a")!;
        Assert.Equal("https://example.org/page", link.GetAttribute("href"));
        Assert.Equal("nofollow ugc noopener", link.GetAttribute("rel"));
        var author = page.QuerySelector($"#comment-{id} .comment-author a")!;
        Assert.Equal("https://ann.example.org/", author.GetAttribute("href"));
        Assert.Equal("nofollow ugc noopener", author.GetAttribute("rel"));
    }

    [Fact]
    public async Task A_held_comment_is_shown_only_to_the_reader_who_wrote_it()
    {
        var (article, reader) = await StartAsync(holdFirst: true);
        var path = App.PathOf(article);

        var id = await reader.PostAndGetIdAsync(article, "First time here, hello.", "New Reader", $"new-{Guid.NewGuid():N}@example.org");

        Assert.Equal(CommentStatus.Pending, (await App.CommentAsync(id)).Status);
        Assert.Null(Html.Parse(await Client.GetStringAsync(path)).QuerySelector($"#comment-{id}"));
        var own = await reader.StateAsync(article.Id);
        var held = Assert.Single(own.Held);
        Assert.Equal(id, (int)held!["id"]!);
        Assert.Contains("First time here, hello.", (string)held["bodyHtml"]!, StringComparison.Ordinal);
        using var stranger = new Commenter(App);
        Assert.Empty((await stranger.StateAsync(article.Id)).Held);
    }

    [Fact]
    public async Task Without_javascript_the_form_posts_after_a_confirmation_and_the_comment_is_held_not_dropped()
    {
        var (article, reader) = await StartAsync();
        // The cached page's form as it is without script: no token, no stamp, no solution.
        var first = await reader.Http.PostAsync("/comments/reply", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["ArticleId"] = article.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Comment"] = "Written without script.",
            ["Name"] = "Noel",
            ["Email"] = "noel@example.org",
        }));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var confirm = Html.Parse(await first.Content.ReadAsStringAsync());
        Assert.Contains("press Post Comment to send it", confirm.QuerySelector("[data-form-message]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Written without script.", confirm.QuerySelector("textarea[name=Comment]")!.TextContent);
        Assert.Empty(await App.CommentsOnAsync(article.Id));

        var fields = confirm.QuerySelectorAll("#comment-form input, #comment-form textarea")
            .Where(e => e.GetAttribute("name") is { } name && (e.GetAttribute("type") != "checkbox"))
            .ToDictionary(e => e.GetAttribute("name")!, e => e.LocalName == "textarea" ? e.TextContent : e.GetAttribute("value") ?? "");
        App.Clock.Advance(TimeSpan.FromSeconds(5));
        var second = await reader.Http.PostAsync("/comments/reply", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var id = Commenter.IdFrom(second);
        var comment = await App.CommentAsync(id);
        Assert.Equal(CommentStatus.Pending, comment.Status);
        Assert.Contains("anti-spam check", comment.ModerationReason, StringComparison.Ordinal);
        var heldPage = Html.Parse(await reader.Http.GetStringAsync(second.Headers.Location!.OriginalString));
        Assert.Contains("Your comment is awaiting moderation.", heldPage.QuerySelector($"#comment-{id}")!.TextContent, StringComparison.Ordinal);
        using var stranger = new Commenter(App);
        Assert.Null(Html.Parse(await stranger.Http.GetStringAsync(second.Headers.Location!.OriginalString)).QuerySelector($"#comment-{id}"));
    }

    [Fact]
    public async Task A_reader_using_a_newsroom_members_email_is_held_even_under_a_name_with_approved_comments()
    {
        var (article, reader) = await StartAsync();
        var (email, _) = await App.CreateUserAsync(Broadsheet.Accounts.NewsroomRoles.Editor, "Real Editor");

        var id = await reader.PostAndGetIdAsync(article, "I am the editor, honestly.", "Real Editor", email);

        var comment = await App.CommentAsync(id);
        Assert.Equal(CommentStatus.Pending, comment.Status);
        Assert.Equal("Uses the email address of a newsroom account.", comment.ModerationReason);
    }

    [Fact]
    public async Task A_reply_to_a_comment_that_was_removed_says_so_and_keeps_the_text()
    {
        var (article, reader) = await StartAsync();
        var parent = await reader.PostAndGetIdAsync(article, "Soon gone.");
        await App.WithDbAsync((db, _) => db.Comments.Where(c => c.Id == parent).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CommentStatus.Trash)));

        var response = await reader.PostAsync(article, "My reply to it.", parentId: parent);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("no longer there", page.QuerySelector("[data-form-message]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("My reply to it.", page.QuerySelector("textarea[name=Comment]")!.TextContent);
    }

    [Fact]
    public async Task A_form_stamp_from_another_article_counts_as_none()
    {
        var (article, reader) = await StartAsync();
        var other = await new ArticleBuilder().SaveAsync(App);
        var form = await reader.FormAsync(article, "Stamp from elsewhere.");
        form["Stamp"] = (await reader.StateAsync(other.Id)).Stamp;
        App.Clock.Advance(TimeSpan.FromSeconds(30));

        var comment = await App.CommentAsync(Commenter.IdFrom(await reader.PostAsync(form)));

        Assert.Equal(CommentStatus.Pending, comment.Status);
        Assert.Contains("too soon", comment.ModerationReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_identical_comment_is_refused_as_a_duplicate_with_the_text_kept()
    {
        var (article, reader) = await StartAsync();
        await reader.PostAndGetIdAsync(article, "Exactly this.");

        var response = await reader.PostAsync(article, "Exactly this.");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(CommentInput.Duplicate, page.QuerySelector("[data-form-message]")!.TextContent.Trim());
        Assert.Equal("Exactly this.", page.QuerySelector("textarea[name=Comment]")!.TextContent);
        Assert.Single(await App.CommentsOnAsync(article.Id));
    }

    [Fact]
    public async Task A_duplicate_is_found_by_name_or_email_whatever_the_characters_and_a_different_text_is_not_one()
    {
        var (article, reader) = await StartAsync();
        const string text = "Très bien 👍🏽 — 東京 too.";
        await reader.PostAndGetIdAsync(article, text, "Zoë Reader", "zoe@example.org");

        var sameEmail = await reader.PostAsync(article, text, "Another Name", "zoe@example.org");
        var sameName = await reader.PostAsync(article, text, "Zoë Reader", "other@example.org");
        // Same length, one character apart: not the same comment.
        await reader.PostAndGetIdAsync(article, "Très bien 👍🏽 — 東京 tok.", "Zoë Reader", "zoe@example.org");
        // Someone else may say the same thing.
        await reader.PostAndGetIdAsync(article, text, "Sam Reader", "sam@example.org");

        Assert.Equal(HttpStatusCode.Conflict, sameEmail.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, sameName.StatusCode);
        Assert.Equal(3, (await App.CommentsOnAsync(article.Id)).Count);
    }

    [Fact]
    public async Task Remember_me_keeps_name_email_and_website_for_the_next_comment_and_is_off_by_default()
    {
        var (article, reader) = await StartAsync();
        await reader.PostAsync(await reader.FormAsync(article, "Not remembered."));
        Assert.Null((await reader.StateAsync(article.Id)).Commenter);

        await reader.PostAsync(await reader.FormAsync(article, "Remember me.", "Rita", "rita@example.org", "https://rita.example.org", remember: true));

        var commenter = (await reader.StateAsync(article.Id)).Commenter!;
        Assert.Equal("Rita", (string)commenter["name"]!);
        Assert.Equal("rita@example.org", (string)commenter["email"]!);
        Assert.Equal("https://rita.example.org", (string)commenter["website"]!);
        var replyPage = Html.Parse(await reader.Http.GetStringAsync($"/comments/reply?article={article.Id}"));
        Assert.Equal("Rita", replyPage.QuerySelector("input[name=Name]")!.GetAttribute("value"));
        Assert.NotNull(replyPage.QuerySelector("input[name=Remember][checked]"));
    }

    [Fact]
    public async Task A_filled_honeypot_marks_the_comment_as_spam_and_says_why()
    {
        var (article, reader) = await StartAsync();
        var form = await reader.FormAsync(article, "Buy things.");
        form["Trap"] = "555-0100";

        var id = Commenter.IdFrom(await reader.PostAsync(form));

        var comment = await App.CommentAsync(id);
        Assert.Equal(CommentStatus.Spam, comment.Status);
        Assert.Contains("hidden field", comment.ModerationReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_comment_posted_sooner_than_a_person_could_write_it_is_held()
    {
        var (article, reader) = await StartAsync();

        var id = Commenter.IdFrom(await reader.PostAsync(await reader.FormAsync(article, "Instant.", typing: TimeSpan.Zero)));

        var comment = await App.CommentAsync(id);
        Assert.Equal(CommentStatus.Pending, comment.Status);
        Assert.Contains("too soon", comment.ModerationReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Comments_are_refused_on_an_article_whose_comments_are_closed_and_the_text_is_kept()
    {
        await App.SetDiscussionAsync(p => p.HoldFirstComment = false);
        var article = await new ArticleBuilder().CommentsOpen(false).SaveAsync(App);
        using var reader = new Commenter(App);

        var page = Html.Parse(await Client.GetStringAsync(App.PathOf(article)));
        Assert.Null(page.QuerySelector("#comment-form"));
        Assert.Contains("Comments are closed.", page.QuerySelector("#comments")!.TextContent, StringComparison.Ordinal);

        var response = await reader.PostAsync(article, "Too late?");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Too late?", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await App.CommentsOnAsync(article.Id));
    }

    [Fact]
    public async Task Comments_close_by_themselves_the_configured_number_of_days_after_publication()
    {
        var (article, reader) = await StartAsync();
        await App.SetDiscussionAsync(p => p.CloseCommentsAfterDays = 2);
        try
        {
            Assert.Equal(HttpStatusCode.Redirect, (await reader.PostAsync(article, "Still open.")).StatusCode);

            App.Clock.Advance(TimeSpan.FromDays(3));
            await App.SetDiscussionAsync(_ => { });

            Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync(article, "Now closed.")).StatusCode);
            Assert.Null(Html.Parse(await Client.GetStringAsync(App.PathOf(article))).QuerySelector("#comment-form"));
        }
        finally
        {
            await App.SetDiscussionAsync(p => p.CloseCommentsAfterDays = 0);
        }
    }

    [Fact]
    public async Task Replies_nest_under_their_parent_up_to_the_thread_depth_and_deeper_replies_join_the_deepest_level()
    {
        var (article, reader) = await StartAsync();
        var first = await reader.PostAndGetIdAsync(article, "Level one.");
        var second = await reader.PostAndGetIdAsync(article, "Level two.", parentId: first);
        var third = await reader.PostAndGetIdAsync(article, "Level three.", parentId: second);
        var fourth = await reader.PostAndGetIdAsync(article, "Would be level four.", parentId: third);

        Assert.Equal(second, (await App.CommentAsync(third)).ParentId);
        Assert.Equal(second, (await App.CommentAsync(fourth)).ParentId);
        var page = Html.Parse(await Client.GetStringAsync(App.PathOf(article)));
        Assert.NotNull(page.QuerySelector($"#comment-{first} > ol > #comment-{second} > ol > #comment-{third}"));
        Assert.NotNull(page.QuerySelector($"#comment-{first} a[data-reply-to='{first}']"));
        Assert.Null(page.QuerySelector($"#comment-{third} a[data-reply-to]"));
    }

    [Fact]
    public async Task The_reply_page_without_javascript_shows_the_comment_replied_to_and_posts_under_it()
    {
        var (article, reader) = await StartAsync();
        var parent = await reader.PostAndGetIdAsync(article, "Original point.");

        var page = Html.Parse(await reader.Http.GetStringAsync($"/comments/reply?article={article.Id}&replyto={parent}"));

        Assert.Contains("Original point.", page.QuerySelector("blockquote")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(parent.ToString(System.Globalization.CultureInfo.InvariantCulture), page.QuerySelector("input[name=ParentId]")!.GetAttribute("value"));
        Assert.Equal(App.PathOf(article) + "#comments", page.QuerySelector("a[data-cancel-reply]")!.GetAttribute("href"));
        Assert.Equal("noindex", page.QuerySelector("meta[name=robots]")!.GetAttribute("content"));
    }

    [Fact]
    public async Task Newest_first_reverses_the_threads_and_other_orders_redirect_to_the_canonical_page()
    {
        var (article, reader) = await StartAsync();
        var older = await reader.PostAndGetIdAsync(article, "Older.");
        var newer = await reader.PostAndGetIdAsync(article, "Newer.");
        var path = App.PathOf(article);

        var oldest = Html.Parse(await Client.GetStringAsync(path));
        var newest = Html.Parse(await Client.GetStringAsync($"{path}?order=newest"));

        Assert.True(oldest.OrderOf($"#comment-{older}") < oldest.OrderOf($"#comment-{newer}"));
        Assert.True(newest.OrderOf($"#comment-{newer}") < newest.OrderOf($"#comment-{older}"));
        var stray = await Client.GetAsync($"{path}?order=sideways");
        Assert.Equal(HttpStatusCode.MovedPermanently, stray.StatusCode);
    }

    [Fact]
    public async Task The_article_comment_feed_lists_approved_comments_only()
    {
        var (article, reader) = await StartAsync();
        var first = await reader.PostAndGetIdAsync(article, "In the feed.", "Ann Reader");
        var second = await reader.PostAndGetIdAsync(article, "Also in the feed, <b>not bold</b> & plain.", "Bo Reader", "bo@example.org");
        await App.SetDiscussionAsync(p => p.HoldFirstComment = true);
        var held = await reader.PostAndGetIdAsync(article, "Not in the feed.", "Someone New", "new@example.org");
        await App.SetDiscussionAsync(p => p.HoldFirstComment = false);

        var response = await Client.GetAsync($"{App.PathOf(article)}/feed");

        Assert.Equal("application/rss+xml", response.Content.Headers.ContentType!.MediaType);
        // As a feed reader sees it: Python's feedparser, which also fails the test on a malformed feed.
        var feed = Feeds.FeedParser.Parse(await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType.ToString());
        Assert.Equal("rss20", feed.GetProperty("version").GetString());
        Assert.Equal($"Comments on: {article.Headline}", feed.GetProperty("title").GetString());
        var entries = feed.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal([$"/comment/{second}", $"/comment/{first}"], entries.Select(e => new Uri(e.GetProperty("link").GetString()!).AbsolutePath));
        Assert.Equal(["By Bo Reader", "By Ann Reader"], entries.Select(e => e.GetProperty("title").GetString()));
        Assert.Equal(["Bo Reader", "Ann Reader"], entries.Select(e => e.GetProperty("author").GetString()));
        Assert.All(entries, e => Assert.True(e.GetProperty("published_parsed").GetBoolean()));
        Assert.Contains("In the feed.", entries[1].GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;not bold&lt;/b&gt; &amp; plain.", entries[0].GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(entries, e => e.GetProperty("link").GetString()!.EndsWith($"/comment/{held}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_comment_count_on_the_cached_section_list_moves_at_once_when_a_comment_is_approved()
    {
        var (article, reader) = await StartAsync();
        var section = await App.WithDbAsync((db, _) => db.Articles.Where(a => a.Id == article.Id).Select(a => a.Section.Slug).SingleAsync());
        var renamed = await App.ProveServedFromCacheAsync(Client, article.Id, $"/section/{section}");
        await reader.PostAndGetIdAsync(article, "Counted.");

        var list = Html.Parse(await Client.GetStringAsync($"/section/{section}"));

        var card = list.QuerySelectorAll("li.card").Single(e => e.TextContent.Contains(renamed, StringComparison.Ordinal));
        Assert.Contains("1 comment", card.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_comment_evicts_the_pages_that_show_its_article_and_leaves_the_rest_of_its_section_cached()
    {
        var (_, reader) = await StartAsync();
        var section = $"quiet-{Guid.NewGuid():N}"[..14];
        // The oldest of eight in its section: the newest article's More Articles shows the six between, not this one.
        var commented = await new ArticleBuilder().InSection(section).PublishedAgo(TimeSpan.FromDays(9)).SaveAsync(App);
        var between = new List<Article>();
        for (var i = 0; i < 6; i++)
        {
            between.Add(await new ArticleBuilder().InSection(section).PublishedAgo(TimeSpan.FromDays(8 - i)).SaveAsync(App));
        }

        var neighbour = await new ArticleBuilder().InSection(section).PublishedAgo(TimeSpan.FromHours(1)).SaveAsync(App);
        var neighbourPath = App.PathOf(neighbour);
        // The section's second page shows the oldest three: the commented article, and two that the neighbour shows too.
        var listPath = $"/section/{section}?page=2";
        var renamed = await App.ProveServedFromCacheAsync(Client, between[0].Id, neighbourPath, listPath);

        await reader.PostAndGetIdAsync(commented, "Only my own article's pages should change.");

        // The section's list shows the commented article's card: rendered again, with the count.
        var html = await Client.GetStringAsync(listPath);
        var card = Html.Parse(html).QuerySelectorAll("li.card").Single(e => e.TextContent.Contains(commented.Headline, StringComparison.Ordinal));
        Assert.Contains("1 comment", card.TextContent, StringComparison.Ordinal);
        Assert.True(PageCacheProof.Shows(html, renamed), "the section list was not rendered again");
        // The neighbour shows no card of it: still the cached copy.
        Assert.False(PageCacheProof.Shows(await Client.GetStringAsync(neighbourPath), renamed), "a page that does not show the commented article was evicted");
    }

    [Fact]
    public async Task The_comment_count_on_another_articles_more_articles_card_moves_at_once()
    {
        var (_, reader) = await StartAsync();
        var section = $"pair-{Guid.NewGuid():N}"[..13];
        var commented = await new ArticleBuilder().InSection(section).PublishedAgo(TimeSpan.FromHours(2)).SaveAsync(App);
        var shower = await new ArticleBuilder().InSection(section).PublishedAgo(TimeSpan.FromHours(1)).SaveAsync(App);
        var path = App.PathOf(shower);
        Assert.Contains(commented.Headline, MoreCard(await Client.GetStringAsync(path), commented.Headline), StringComparison.Ordinal);

        // A comment on the shower first: its page is rendered again, with its More Articles kept from before.
        await reader.PostAndGetIdAsync(shower, "On the page that shows the other.");
        Assert.DoesNotContain("comment", MoreCard(await Client.GetStringAsync(path), commented.Headline), StringComparison.Ordinal);
        await reader.PostAndGetIdAsync(commented, "Counted on the other page's card.");

        Assert.Contains("1 comment", MoreCard(await Client.GetStringAsync(path), commented.Headline), StringComparison.Ordinal);
    }

    private static string MoreCard(string html, string headline) =>
        Html.Parse(html).QuerySelectorAll("#more-articles li.card")
            .Single(e => e.TextContent.Contains(headline, StringComparison.Ordinal)).TextContent;

    [Fact]
    public async Task Comment_pages_and_state_are_never_cached()
    {
        var (article, _) = await StartAsync();
        var state = await Client.GetAsync($"/comments/state?article={article.Id}");
        var challenge = await Client.GetAsync("/comments/challenge");
        var reply = await Client.GetAsync($"/comments/reply?article={article.Id}");

        Assert.All([state, challenge, reply], r => Assert.True(r.Headers.CacheControl is { Private: true, NoStore: true }, r.Headers.CacheControl?.ToString()));
        Assert.Equal("application/json", challenge.Content.Headers.ContentType!.MediaType);
        var first = JsonNode.Parse(await challenge.Content.ReadAsStringAsync())!;
        var second = JsonNode.Parse(await Client.GetStringAsync("/comments/challenge"))!;
        Assert.NotEqual((string)first["signature"]!, (string)second["signature"]!);
        // The cached article page carries nothing of any one reader.
        var html = await Client.GetStringAsync(App.PathOf(article));
        Assert.DoesNotContain("__RequestVerificationToken", html, StringComparison.Ordinal);
        Assert.DoesNotContain("keySignature", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_post_endpoint_answers_bad_requests_with_4xx_never_a_server_error()
    {
        var (article, reader) = await StartAsync();
        var form = await reader.FormAsync(article, "Fine text.");
        foreach (var (key, value) in new[] { ("ArticleId", "abc"), ("ArticleId", "999999"), ("ParentId", "-5"), ("ParentId", "99999999"), ("Altcha", "%%%"), ("Altcha", Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"challenge\":1}"))), ("Stamp", "forged") })
        {
            var copy = new Dictionary<string, string>(form) { [key] = value };
            var response = await reader.PostAsync(copy);
            Assert.True((int)response.StatusCode < 500, $"{key}={value} gave {(int)response.StatusCode}");
        }

        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/comments/reply?article=999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/comments/reply")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/comments/report?id=999999")).StatusCode);
    }
}

public sealed class SqliteCommentPostingTests(CommentApp app) : CommentPostingTests<CommentApp>(app), IClassFixture<CommentApp>;

public sealed class PostgresCommentPostingTests(PostgresCommentApp app) : CommentPostingTests<PostgresCommentApp>(app), IClassFixture<PostgresCommentApp>;

/// <summary>A field, a value the form refuses, and the message the reader gets.</summary>
public static class RefusedFields
{
    public static TheoryData<string, string, string> All => new()
    {
        { "Comment", "", CommentInput.EmptyComment },
        { "Name", "", CommentInput.EmptyName },
        { "Email", "", CommentInput.BadEmail },
        { "Email", "not-an-address", CommentInput.BadEmail },
        { "Email", "ann@", CommentInput.BadEmail },
        { "Email", "Ann <ann@example.org>", CommentInput.BadEmail },
        { "Website", "javascript:alert(1)", CommentInput.BadWebsite },
        { "Website", "ftp://example.org", CommentInput.BadWebsite },
    };
}
