using System.Net;
using System.Text.Json;
using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Data;
using Broadsheet.Editing;
using Broadsheet.Site;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Editing;

public abstract class ArticleWorkflowTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : NewsroomApp
{
    private static string Unique(string text) => $"{text} {Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task Contributor_cannot_publish_but_submits_for_review_and_an_editor_publishes()
    {
        using var contributor = await App.SignInAsNewAsync(NewsroomRoles.Contributor);
        var headline = Unique("Contributor story");
        var form = await NewsroomArticles.FormAsync(App, headline, action: "Publish");

        using (var refused = await NewsroomArticles.SaveAsync(contributor, null, form))
        {
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("Contributors cannot publish", html, StringComparison.Ordinal);
            Assert.Contains(headline, html, StringComparison.Ordinal); // what was typed is still there
        }

        Assert.False(await App.WithDbAsync((db, _) => db.Articles.AnyAsync(a => a.Headline == headline)));

        form["action"] = "SubmitForReview";
        var id = await NewsroomArticles.SaveAndGetIdAsync(contributor, null, form);
        Assert.Equal(ArticleStatus.PendingReview, (await NewsroomArticles.LoadAsync(App, id)).Status);

        // The contributor's editor offers no Publish button, and a forged Publish is refused.
        var editor = await contributor.Http.GetStringAsync($"/newsroom/articles/edit/{id}");
        Assert.DoesNotContain("value=\"Publish\"", editor, StringComparison.Ordinal);
        form["action"] = "Publish";
        using (var forged = await NewsroomArticles.SaveAsync(contributor, id, form))
        {
            Assert.Contains("Contributors cannot publish", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(ArticleStatus.PendingReview, (await NewsroomArticles.LoadAsync(App, id)).Status);

        using var editorClient = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        await NewsroomArticles.SaveAndGetIdAsync(editorClient, id, form);
        Assert.Equal(ArticleStatus.Published, (await NewsroomArticles.LoadAsync(App, id)).Status);
        Assert.Contains(headline, await Client.GetStringAsync("/"), StringComparison.Ordinal);

        // Once published, the contributor can no longer change it.
        using var locked = await contributor.Http.GetAsync($"/newsroom/articles/edit/{id}");
        Assert.Equal(HttpStatusCode.Forbidden, locked.StatusCode);
    }

    [Fact]
    public async Task A_tag_merge_that_meets_a_save_of_one_of_its_articles_waits_for_it_and_merges_what_the_save_left()
    {
        var (from, into) = (Unique("Merged away"), Unique("Kept on"));
        var saved = await new ArticleBuilder().Headline(Unique("Saved meanwhile")).Tagged(from).SaveAsync(App);
        var other = await new ArticleBuilder().Headline(Unique("Merged")).Tagged(from).SaveAsync(App);
        await new ArticleBuilder().Headline(Unique("Already kept")).Tagged(into).SaveAsync(App);
        var tagIds = await App.WithDbAsync((db, _) =>
            db.Tags.Where(t => t.Name == from || t.Name == into).ToDictionaryAsync(t => t.Name, t => t.Id));
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);

        // Before, the merge read the article's links before the lock and then failed removing one the save had removed.
        using var merged = await WhileASaveHoldsAsync(saved.Id, article => article.Tags.Clear(), () => editor.PostFormAsync(
            "/newsroom/tags?handler=Merge",
            new() { ["MergeFromId"] = Number(tagIds[from]), ["MergeIntoId"] = Number(tagIds[into]) },
            "/newsroom/tags"));

        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        Assert.Empty((await NewsroomArticles.LoadAsync(App, saved.Id)).Tags);
        Assert.Equal([into], (await NewsroomArticles.LoadAsync(App, other.Id)).Tags.Select(t => t.Name));
        Assert.False(await App.WithDbAsync((db, _) => db.Tags.AnyAsync(t => t.Id == tagIds[from])));
    }

    [Fact]
    public async Task An_author_merge_that_meets_a_save_of_one_of_its_articles_waits_for_it_and_merges_what_the_save_left()
    {
        var (from, into, kept) = (Unique("Merged Away"), Unique("Kept On"), Unique("Second Writer"));
        var saved = await new ArticleBuilder().Headline(Unique("Saved meanwhile")).By(from, kept).SaveAsync(App);
        var other = await new ArticleBuilder().Headline(Unique("Merged")).By(from).SaveAsync(App);
        await new ArticleBuilder().Headline(Unique("Already kept")).By(into).SaveAsync(App);
        var authorIds = await App.WithDbAsync((db, _) =>
            db.Authors.Where(a => a.Name == from || a.Name == into || a.Name == kept).ToDictionaryAsync(a => a.Name, a => a.Id));
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);

        using var merged = await WhileASaveHoldsAsync(saved.Id, article => article.Bylines.RemoveAll(b => b.AuthorId == authorIds[from]), () => editor.PostFormAsync(
            "/newsroom/authors?handler=Merge",
            new() { ["MergeFromId"] = Number(authorIds[from]), ["MergeIntoId"] = Number(authorIds[into]) },
            "/newsroom/authors"));

        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        Assert.Equal([authorIds[kept]], (await NewsroomArticles.LoadAsync(App, saved.Id)).Bylines.Select(b => b.AuthorId));
        Assert.Equal([authorIds[into]], (await NewsroomArticles.LoadAsync(App, other.Id)).Bylines.Select(b => b.AuthorId));
        Assert.False(await App.WithDbAsync((db, _) => db.Authors.AnyAsync(a => a.Id == authorIds[from])));
    }

    private static string Number(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Starts <paramref name="action"/> while a save of the article is under way (its row held, <paramref name="change"/>
    /// made and not yet committed), checks that the action waits for it, then commits the save and returns the answer.
    /// </summary>
    private async Task<HttpResponseMessage> WhileASaveHoldsAsync(int articleId, Action<Article> change, Func<Task<HttpResponseMessage>> action)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        Task<HttpResponseMessage> answer;
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await ArticleLocks.LockAsync(db, articleId, CancellationToken.None);
            var article = await db.Articles.Include(a => a.Tags).Include(a => a.Bylines).AsSplitQuery().SingleAsync(a => a.Id == articleId);
            change(article);
            await db.SaveChangesAsync();

            var saving = db.Database.IsPostgres()
                ? await db.Database.SqlQuery<int>($"SELECT pg_backend_pid() AS \"Value\"").SingleAsync()
                : 0;
            answer = action();
            // PostgreSQL: until a session waits for this save's locks. SQLite: its transaction waits to begin.
            var waited = db.Database.IsPostgres()
                ? await Eventually.TrueAsync(
                    async () => await App.WithDbAsync((watcher, _) => watcher.Database
                        .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE {saving} = ANY(pg_blocking_pids(pid))").SingleAsync()) > 0,
                    TimeSpan.FromSeconds(10))
                : await Task.Delay(TimeSpan.FromSeconds(1)).ContinueWith(_ => true, TaskScheduler.Default);
            Assert.True(waited, "the action never waited for the save");
            Assert.False(answer.IsCompleted, "the action went ahead while the save held the article");
            await transaction.CommitAsync();
        }

        return await answer;
    }

    [Fact]
    public async Task Of_two_saves_of_one_article_at_the_same_moment_one_goes_through_and_the_other_is_told_and_goes_through_when_sent_again()
    {
        var article = await new ArticleBuilder().Headline(Unique("Two desks"))
            .By(Unique("First writer"), Unique("Second writer")).Tagged(Unique("Left"), Unique("Right")).SaveAsync(App);
        var authorIds = await App.WithDbAsync((db, _) =>
            db.Bylines.Where(b => b.ArticleId == article.Id).OrderBy(b => b.Position).Select(b => b.AuthorId).ToListAsync());
        var calendar = App.Services.GetRequiredService<SiteCalendar>();
        var member = new NewsroomMember("concurrent-editor", "Ed", null, NewsroomRoles.Editor);
        // Two editors press Save at once: one drops the second byline and sets new tags, the other puts the bylines
        // in the other order with tags of its own. Each removes rows the other's save also touches.
        (List<int> Authors, string Tags)[] changes = [([authorIds[0]], "left"), ([authorIds[1], authorIds[0]], "right")];
        // Each editor's page has read the article (its own scope, as a request has) before either presses Save.
        async Task<Func<Task<EditorResult>>> OpenAsync((List<int> Authors, string Tags) change, int round)
        {
            var scope = App.Services.CreateAsyncScope();
            var editing = scope.ServiceProvider.GetRequiredService<ArticleEditing>();
            var loaded = await editing.FindAsync(article.Id);
            var input = ArticleInput.From(loaded!, calendar);
            input.AuthorIds = change.Authors;
            input.Tags = $"{change.Tags} {round}, {change.Tags} desk";
            return async () =>
            {
                await using (scope)
                {
                    return await editing.SaveAsync(loaded, input, member, EditorAction.Publish);
                }
            };
        }

        for (var round = 0; round < 10; round++)
        {
            App.Clock.Advance(TimeSpan.FromSeconds(1));
            var presses = await Task.WhenAll(changes.Select(change => OpenAsync(change, round)));
            var results = await Task.WhenAll(presses.Select(press => Task.Run(press)));
            Assert.Single(results, r => r.Article is not null);
            var refused = Assert.Single(results, r => r.Article is null);
            Assert.Equal((await NewsroomArticles.LoadAsync(App, article.Id)).UpdatedAt, refused.SavedMeanwhileAt);
            Assert.Contains("Someone else saved this article", Assert.Single(refused.Errors).Message, StringComparison.Ordinal);

            // Sent again after reading the article anew, it goes through over the other's version.
            App.Clock.Advance(TimeSpan.FromSeconds(1));
            var loser = changes[Array.IndexOf(results, refused)];
            var again = await (await OpenAsync(loser, round))();
            Assert.Empty(again.Errors);
            var now = await NewsroomArticles.LoadAsync(App, article.Id);
            Assert.Equal(loser.Authors, now.Bylines.OrderBy(b => b.Position).Select(b => b.AuthorId));
        }

        // The copies of the article that the tag and author pages read follow the last save.
        var last = await NewsroomArticles.LoadAsync(App, article.Id);
        var winner = changes.Single(c => c.Authors.SequenceEqual(last.Bylines.OrderBy(b => b.Position).Select(b => b.AuthorId)));
        Assert.Equal([$"{winner.Tags} 9", $"{winner.Tags} desk"], last.Tags.Select(t => t.Name).Order(StringComparer.Ordinal));
        foreach (var authorId in authorIds)
        {
            var slug = await App.WithDbAsync((db, _) => db.Authors.Where(a => a.Id == authorId).Select(a => a.Slug).SingleAsync());
            var page = await Client.GetStringAsync($"/author/{slug}");
            Assert.Equal(winner.Authors.Contains(authorId), page.Contains(last.Headline, StringComparison.Ordinal));
        }

        Assert.Contains(last.Headline, await Client.GetStringAsync($"/tag/{Slugs.From($"{winner.Tags} desk")}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_save_without_the_antiforgery_token_is_refused_and_saves_nothing()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var headline = Unique("Forged");
        var form = await NewsroomArticles.FormAsync(App, headline, "Publish");
        using var response = await editor.Http.PostAsync("/newsroom/articles/edit", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(await App.WithDbAsync((db, _) => db.Articles.AnyAsync(a => a.Headline == headline)));
    }

    [Fact]
    public async Task Author_publishes_their_own_article_but_cannot_touch_another_authors()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        using var other = await App.SignInAsNewAsync(NewsroomRoles.Author);
        var headline = Unique("Author story");
        var id = await NewsroomArticles.SaveAndGetIdAsync(author, null, await NewsroomArticles.FormAsync(App, headline, "Publish"));
        var article = await NewsroomArticles.LoadAsync(App, id);
        Assert.Equal(ArticleStatus.Published, article.Status);
        Assert.Single(article.Bylines); // the author's own byline by default

        using var get = await other.Http.GetAsync($"/newsroom/articles/edit/{id}");
        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        var form = await NewsroomArticles.FormAsync(App, "Hijacked", "Unpublish");
        using var post = await NewsroomArticles.SaveAsync(other, id, form);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(headline, (await NewsroomArticles.LoadAsync(App, id)).Headline);
    }

    [Fact]
    public async Task A_save_that_fails_validation_shows_everything_typed_with_what_to_fix()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        var form = await NewsroomArticles.FormAsync(App, "", "Publish");
        form["Input.Standfirst"] = "A standfirst the writer typed with care";
        form["Input.Body"] = "Three paragraphs of words that must not be lost.";
        form["Input.Tags"] = "harbour, weather";
        using var response = await NewsroomArticles.SaveAsync(author, null, form);
        var document = Html.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter a headline.", document.QuerySelector("[data-valmsg-for='Input.Headline']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("A standfirst the writer typed with care", document.QuerySelector("textarea[name='Input.Standfirst']")!.TextContent.Trim());
        Assert.Equal("Three paragraphs of words that must not be lost.", document.QuerySelector("textarea[name='Input.Body']")!.TextContent.Trim());
        Assert.Equal("harbour, weather", document.QuerySelector("input[name='Input.Tags']")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Publishing_editing_and_unpublishing_show_at_once_on_the_cached_home_page_feeds_and_tag_page()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        // An article already on every list the new one joins: it witnesses that those lists are served from the cache.
        var tag = Unique("Tide tables");
        var witnessForm = await NewsroomArticles.FormAsync(App, Unique("Witness story"), "Publish");
        witnessForm["Input.Tags"] = tag;
        var witness = await NewsroomArticles.SaveAndGetIdAsync(author, null, witnessForm);
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        string[] lists = ["/", "/feed", "/feed/atom", $"/tag/{Slugs.From(tag)}", $"/tag/{Slugs.From(tag)}/feed", $"/tag/{Slugs.From(tag)}/feed/atom"];
        var renamed = await App.ProveServedFromCacheAsync(Client, witness, lists);

        var headline = Unique("Fresh news");
        var form = await NewsroomArticles.FormAsync(App, headline, "Publish");
        form["Input.Tags"] = $"{tag}, New tag here";
        var id = await NewsroomArticles.SaveAndGetIdAsync(author, null, form);

        foreach (var list in lists)
        {
            var body = await Client.GetStringAsync(list);
            Assert.True(body.Contains(headline, StringComparison.Ordinal), $"{list} does not show the article just published.");
            Assert.True(body.Contains(renamed, StringComparison.Ordinal), $"{list} was not rendered again.");
        }

        Assert.Contains(headline, await Client.GetStringAsync("/tag/new-tag-here"), StringComparison.Ordinal);
        var article = await NewsroomArticles.LoadAsync(App, id);
        var path = $"/{article.PublishedAt:yyyy}/{article.PublishedAt:MM}/{article.PublishedAt:dd}/{article.Slug}";
        Assert.Contains("A quotation [with an insertion].", await Client.GetStringAsync(path), StringComparison.Ordinal);

        await App.ProveServedFromCacheAsync(Client, witness, lists);
        await App.ProveServedFromCacheAsync(Client, id, path);
        form["Input.Headline"] = headline + " updated";
        await NewsroomArticles.SaveAndGetIdAsync(author, id, form);
        foreach (var list in lists)
        {
            Assert.True((await Client.GetStringAsync(list)).Contains(headline + " updated", StringComparison.Ordinal), $"{list} does not show the edited headline.");
        }

        // The new headline gave the article a new slug: its cached page at the old address is gone too.
        using var moved = await Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        Assert.Contains(headline + " updated", await Client.GetStringAsync(moved.Headers.Location!.OriginalString), StringComparison.Ordinal);
        path = moved.Headers.Location!.OriginalString;

        await App.ProveServedFromCacheAsync(Client, witness, lists);
        form["action"] = "Unpublish";
        await NewsroomArticles.SaveAndGetIdAsync(author, id, form);
        foreach (var list in lists)
        {
            Assert.False((await Client.GetStringAsync(list)).Contains(headline, StringComparison.Ordinal), $"{list} still shows the unpublished article.");
        }

        using var gone = await Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Editing_an_article_refreshes_the_cached_page_of_another_article_that_lists_it_under_more_articles()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        using var firstWriter = await App.SignInAsNewAsync(NewsroomRoles.Author);
        using var secondWriter = await App.SignInAsNewAsync(NewsroomRoles.Author);
        // Each article in a section of its own, by its own writer, without tags: nothing but More Articles ties them.
        async Task<string> NewSectionAsync(string name)
        {
            using var created = await editor.PostFormAsync("/newsroom/sections", new() { ["Input.Name"] = name, ["Input.Position"] = "9" });
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
            var sectionId = await App.WithDbAsync((db, _) => db.Sections.Where(s => s.Name == name).Select(s => s.Id).SingleAsync());
            return sectionId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var formA = await NewsroomArticles.FormAsync(App, Unique("Lighthouse keepers retire"), "Publish");
        formA["Input.SectionId"] = await NewSectionAsync(Unique("Coast"));
        var a = await NewsroomArticles.SaveAndGetIdAsync(firstWriter, null, formA);
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var formB = await NewsroomArticles.FormAsync(App, Unique("Ferry fares rise"), "Publish");
        formB["Input.SectionId"] = await NewSectionAsync(Unique("Transport"));
        var b = await NewsroomArticles.SaveAndGetIdAsync(secondWriter, null, formB);
        var articleA = await NewsroomArticles.LoadAsync(App, a);
        var pathA = $"/{articleA.PublishedAt:yyyy}/{articleA.PublishedAt:MM}/{articleA.PublishedAt:dd}/{articleA.Slug}";
        var more = Html.Parse(await Client.GetStringAsync(pathA)).QuerySelector("#more-articles")!;
        Assert.Contains(formB["Input.Headline"], more.TextContent, StringComparison.Ordinal); // the latest story fills A's More Articles
        var renamed = await App.ProveServedFromCacheAsync(Client, a, pathA);

        formB["Input.Headline"] = Unique("Ferry fares rise less than feared");
        await NewsroomArticles.SaveAndGetIdAsync(secondWriter, b, formB);

        var page = Html.Parse(await Client.GetStringAsync(pathA));
        Assert.Contains(formB["Input.Headline"], page.QuerySelector("#more-articles")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(renamed, page.QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task An_edit_evicts_the_pages_of_the_articles_old_and_new_section_and_leaves_other_sections_cached()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var sections = await App.WithDbAsync((db, _) => db.Sections.ToDictionaryAsync(s => s.Slug, s => s.Id));
        await Client.GetStringAsync("/section/sport");
        await Client.GetStringAsync("/section/culture");

        // A story written straight into the database evicts nothing: a cached page does not show it until evicted.
        var unseen = Unique("Written past the newsroom");
        await new ArticleBuilder().Headline(unseen).InSection("sport").PublishedAgo(TimeSpan.FromMinutes(1)).SaveWithoutEvictionAsync(App);

        var headline = Unique("Culture first");
        var form = await NewsroomArticles.FormAsync(App, headline, "Publish");
        form["Input.SectionId"] = sections["culture"].ToString(System.Globalization.CultureInfo.InvariantCulture);
        var id = await NewsroomArticles.SaveAndGetIdAsync(editor, null, form);
        Assert.Contains(headline, await Client.GetStringAsync("/section/culture"), StringComparison.Ordinal);
        Assert.DoesNotContain(unseen, await Client.GetStringAsync("/section/sport"), StringComparison.Ordinal); // untouched: still cached

        form["Input.SectionId"] = sections["sport"].ToString(System.Globalization.CultureInfo.InvariantCulture);
        await NewsroomArticles.SaveAndGetIdAsync(editor, id, form);
        Assert.DoesNotContain(headline, await Client.GetStringAsync("/section/culture"), StringComparison.Ordinal); // the old section
        var sport = await Client.GetStringAsync("/section/sport");
        Assert.Contains(headline, sport, StringComparison.Ordinal);
        Assert.Contains(unseen, sport, StringComparison.Ordinal); // re-rendered now
    }

    [Fact]
    public async Task Saving_over_someone_elses_newer_save_asks_first_and_keeps_the_typed_text()
    {
        using var first = await App.SignInAsNewAsync(NewsroomRoles.Editor, "First Editor");
        using var second = await App.SignInAsNewAsync(NewsroomRoles.Editor, "Second Editor");
        var id = await NewsroomArticles.SaveAndGetIdAsync(first, null, await NewsroomArticles.FormAsync(App, Unique("Shared story")));
        var opened = Html.Parse(await first.Http.GetStringAsync($"/newsroom/articles/edit/{id}"))
            .QuerySelector("input[name=Version]")!.GetAttribute("value")!;

        App.Clock.Advance(TimeSpan.FromSeconds(30));
        var theirs = await NewsroomArticles.FormAsync(App, "Their headline");
        await NewsroomArticles.SaveAndGetIdAsync(second, id, theirs);

        var mine = await NewsroomArticles.FormAsync(App, "My headline");
        mine["Input.Body"] = "My careful paragraph.";
        mine["Version"] = opened;
        using var conflict = await NewsroomArticles.SaveAsync(first, id, mine);
        var page = Html.Parse(await conflict.Content.ReadAsStringAsync());
        Assert.Contains("Second Editor saved this article", page.QuerySelector(".nr-errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("My careful paragraph.", page.QuerySelector("textarea[name='Input.Body']")!.TextContent.Trim());
        Assert.Equal("Their headline", (await NewsroomArticles.LoadAsync(App, id)).Headline);

        // Pressing again (the form now carries the newer version) saves deliberately over theirs.
        mine["Version"] = page.QuerySelector("input[name=Version]")!.GetAttribute("value")!;
        await NewsroomArticles.SaveAndGetIdAsync(first, id, mine);
        Assert.Equal("My headline", (await NewsroomArticles.LoadAsync(App, id)).Headline);
    }

    [Fact]
    public async Task Two_editors_pressing_save_at_the_same_moment_one_saves_and_the_other_is_asked_with_the_typed_text_kept()
    {
        using var first = await App.SignInAsNewAsync(NewsroomRoles.Editor, "Early Editor");
        using var second = await App.SignInAsNewAsync(NewsroomRoles.Editor, "Late Editor");
        var id = await NewsroomArticles.SaveAndGetIdAsync(first, null, await NewsroomArticles.FormAsync(App, Unique("Busy story")));
        NewsroomClient[] editors = [first, second];
        for (var round = 0; round < 5; round++)
        {
            var opened = Html.Parse(await first.Http.GetStringAsync($"/newsroom/articles/edit/{id}"))
                .QuerySelector("input[name=Version]")!.GetAttribute("value")!;
            var forms = new List<Dictionary<string, string>>();
            foreach (var editor in editors)
            {
                var form = await NewsroomArticles.FormAsync(App, $"Headline {round} of editor {forms.Count}");
                form["Input.Body"] = $"Paragraph {round} typed by editor {forms.Count}.";
                form["Input.Tags"] = $"desk {round} {forms.Count}";
                form["Version"] = opened;
                forms.Add(form);
            }

            App.Clock.Advance(TimeSpan.FromSeconds(30));
            var responses = await Task.WhenAll(editors.Select((editor, i) => Task.Run(() => NewsroomArticles.SaveAsync(editor, id, forms[i]))));
            try
            {
                // Whether the second arrives before the first has saved or after, it saves nothing and is asked.
                Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Redirect);
                var asked = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
                var loser = Array.IndexOf(responses, asked);
                var page = Html.Parse(await asked.Content.ReadAsStringAsync());
                Assert.Contains($"{(loser == 0 ? "Late" : "Early")} Editor saved this article", page.QuerySelector(".nr-errors")!.TextContent, StringComparison.Ordinal);
                Assert.Equal(forms[loser]["Input.Body"], page.QuerySelector("textarea[name='Input.Body']")!.TextContent.Trim());
                Assert.Equal($"Headline {round} of editor {1 - loser}", (await NewsroomArticles.LoadAsync(App, id)).Headline);

                // Pressed again, it saves over the other's version.
                App.Clock.Advance(TimeSpan.FromSeconds(30));
                forms[loser]["Version"] = page.QuerySelector("input[name=Version]")!.GetAttribute("value")!;
                await NewsroomArticles.SaveAndGetIdAsync(editors[loser], id, forms[loser]);
                var saved = await NewsroomArticles.LoadAsync(App, id);
                Assert.Equal($"Headline {round} of editor {loser}", saved.Headline);
                Assert.Equal([$"desk {round} {loser}"], saved.Tags.Select(t => t.Name));
            }
            finally
            {
                foreach (var response in responses)
                {
                    response.Dispose();
                }
            }
        }
    }

    [Fact]
    public async Task A_save_refused_because_the_article_moved_on_shows_the_typed_text_with_the_reason()
    {
        using var contributor = await App.SignInAsNewAsync(NewsroomRoles.Contributor);
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var form = await NewsroomArticles.FormAsync(App, Unique("Moving on"), "SubmitForReview");
        var id = await NewsroomArticles.SaveAndGetIdAsync(contributor, null, form);
        form["action"] = "Publish";
        await NewsroomArticles.SaveAndGetIdAsync(editor, id, form);

        form["action"] = "SubmitForReview";
        form["Input.Body"] = "A late paragraph the contributor typed.";
        using var refused = await NewsroomArticles.SaveAsync(contributor, id, form);
        var page = Html.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("You can no longer change this article (it is published now)", page.QuerySelector(".nr-errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("A late paragraph the contributor typed.", page.QuerySelector("textarea[name='Input.Body']")!.TextContent.Trim());
    }

    [Fact]
    public async Task Unsaved_text_is_offered_back_even_after_someone_else_saved_and_can_be_discarded()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var form = await NewsroomArticles.FormAsync(App, Unique("Long read"));
        var id = await NewsroomArticles.SaveAndGetIdAsync(author, null, form);

        var token = await author.GetTokenAsync($"/newsroom/articles/edit/{id}");
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/newsroom/articles/edit/{id}?handler=Autosave")
        {
            Content = new FormUrlEncodedContent([new("Headline", form["Input.Headline"]), new("Body", "An hour of the author's typing.")]),
        })
        {
            request.Headers.Add("RequestVerificationToken", token);
            using var saved = await author.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        App.Clock.Advance(TimeSpan.FromMinutes(5));
        form["Input.Standfirst"] = "The editor fixed a typo.";
        await NewsroomArticles.SaveAndGetIdAsync(editor, id, form);

        var page = Html.Parse(await author.Http.GetStringAsync($"/newsroom/articles/edit/{id}"));
        Assert.Equal("An hour of the author's typing.", page.QuerySelector("textarea[name='Input.Body']")!.TextContent.Trim());
        Assert.Contains("The article was saved again after that", page.QuerySelector(".nr-notice")!.TextContent, StringComparison.Ordinal);

        using var discard = await author.PostFormAsync($"/newsroom/articles/edit/{id}?handler=DiscardAutosave", [], $"/newsroom/articles/edit/{id}");
        Assert.Equal(HttpStatusCode.Redirect, discard.StatusCode);
        var after = Html.Parse(await author.Http.GetStringAsync($"/newsroom/articles/edit/{id}"));
        Assert.Null(after.QuerySelector(".nr-notice"));
        Assert.Equal(form["Input.Body"], after.QuerySelector("textarea[name='Input.Body']")!.TextContent.Trim());
    }

    [Fact]
    public async Task Changing_the_slug_of_a_published_article_keeps_the_old_address_as_a_redirect()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var form = await NewsroomArticles.FormAsync(App, Unique("Slug story"), "Publish");
        form["Input.Slug"] = "first-slug-" + Guid.NewGuid().ToString("N")[..6];
        var id = await NewsroomArticles.SaveAndGetIdAsync(editor, null, form);
        var before = await NewsroomArticles.LoadAsync(App, id);
        form["Input.Slug"] = "second-slug-" + Guid.NewGuid().ToString("N")[..6];
        await NewsroomArticles.SaveAndGetIdAsync(editor, id, form);

        var date = $"/{before.PublishedAt:yyyy}/{before.PublishedAt:MM}/{before.PublishedAt:dd}";
        using var old = await Client.GetAsync($"{date}/{before.Slug}");
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.EndsWith($"{date}/{form["Input.Slug"]}", old.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // Another article may not take a slug in use.
        var clash = await NewsroomArticles.FormAsync(App, Unique("Clash"), "SaveDraft");
        clash["Input.Slug"] = form["Input.Slug"];
        using var refused = await NewsroomArticles.SaveAsync(editor, null, clash);
        Assert.Contains("Another article already uses the slug", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scheduled_article_goes_live_at_its_time_with_no_request_needed()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        var headline = Unique("Scheduled story");
        var form = await NewsroomArticles.FormAsync(App, headline, "Publish");
        // The site's zone is UTC in the tests: the local publish time is the UTC one.
        var at = App.Clock.GetUtcNow().UtcDateTime.AddHours(2);
        form["Input.PublishAt"] = at.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var id = await NewsroomArticles.SaveAndGetIdAsync(author, null, form);

        Assert.Equal(ArticleStatus.Scheduled, (await NewsroomArticles.LoadAsync(App, id)).Status);
        Assert.DoesNotContain(headline, await Client.GetStringAsync("/"), StringComparison.Ordinal);

        App.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(10));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((await NewsroomArticles.LoadAsync(App, id)).Status != ArticleStatus.Published && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(ArticleStatus.Published, (await NewsroomArticles.LoadAsync(App, id)).Status);
        // The watcher evicts the cached pages just after it marks the article published: the home page
        // shows it within moments, without any request having caused it.
        var home = "";
        while (!(home = await Client.GetStringAsync("/")).Contains(headline, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Contains(headline, home, StringComparison.Ordinal);
        Assert.Contains(headline, await Client.GetStringAsync("/feed"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Autosave_keeps_typed_text_privately_and_the_editor_offers_it_back()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        var headline = Unique("Autosaved story");
        var id = await NewsroomArticles.SaveAndGetIdAsync(author, null, await NewsroomArticles.FormAsync(App, headline, "Publish"));

        var token = await author.GetTokenAsync($"/newsroom/articles/edit/{id}");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/newsroom/articles/edit/{id}?handler=Autosave")
        {
            Content = new FormUrlEncodedContent([new("Headline", headline), new("Body", "Words typed but not yet saved.")]),
        };
        request.Headers.Add("RequestVerificationToken", token);
        App.Clock.Advance(TimeSpan.FromSeconds(5));
        using var response = await author.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(id, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32());

        var page = Html.Parse(await author.Http.GetStringAsync($"/newsroom/articles/edit/{id}"));
        Assert.Equal("Words typed but not yet saved.", page.QuerySelector("textarea[name='Input.Body']")!.TextContent.Trim());
        Assert.Contains("Restored your unsaved changes", page.QuerySelector(".nr-notice")!.TextContent, StringComparison.Ordinal);
        // Readers still see the published words.
        Assert.DoesNotContain("Words typed but not yet saved.", await Client.GetStringAsync("/feed"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_renders_the_body_with_the_public_sites_code_and_no_raw_html()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        var token = await author.GetTokenAsync("/newsroom/articles/edit");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/newsroom/articles/edit?handler=Preview")
        {
            Content = new FormUrlEncodedContent([new("body", "> \"A quote,\" she said.\n\n<script>alert(1)</script>")]),
        };
        request.Headers.Add("RequestVerificationToken", token);
        using var response = await author.Http.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("\u201cA quote,\u201d she said.", Html.Parse(html).QuerySelector("blockquote")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_article_list_filters_and_pages_with_the_same_number_of_queries_however_many_rows()
    {
        using var editor = await App.SignInAsNewAsync(NewsroomRoles.Editor);
        var marker = Unique("Listed");
        for (var i = 0; i < 3; i++)
        {
            await NewsroomArticles.SaveAndGetIdAsync(editor, null, await NewsroomArticles.FormAsync(App, $"{marker} {i}"));
        }

        var query = $"/newsroom/articles?status=Draft&q={Uri.EscapeDataString(marker)}";
        await editor.Http.GetStringAsync(query);
        App.SqlCommands.Reset();
        var few = Html.Parse(await editor.Http.GetStringAsync(query));
        var fewQueries = App.SqlCommands.Count;
        Assert.Equal(3, few.QuerySelectorAll("tbody tr").Length);

        for (var i = 3; i < 30; i++)
        {
            await NewsroomArticles.SaveAndGetIdAsync(editor, null, await NewsroomArticles.FormAsync(App, $"{marker} {i}"));
        }

        App.SqlCommands.Reset();
        var many = Html.Parse(await editor.Http.GetStringAsync(query));
        Assert.Equal(fewQueries, App.SqlCommands.Count);
        Assert.Equal(25, many.QuerySelectorAll("tbody tr").Length);
        Assert.NotNull(many.QuerySelector("a[rel=next]"));
        // The list, its rows' bylines (by id: joined in, SQLite reads every byline of the site), its count and
        // filters, the trash count, the menu's two counts of what waits, and the sign-in's check that the member's
        // author profile still exists (a merged author's writer signs in again at once).
        Assert.True(fewQueries <= 11, $"The list page sent {fewQueries} SQL commands.");
    }
}

public sealed class SqliteArticleWorkflowTests(NewsroomApp app) : ArticleWorkflowTests<NewsroomApp>(app), IClassFixture<NewsroomApp>;

public sealed class PostgresArticleWorkflowTests(PostgresNewsroomApp app) : ArticleWorkflowTests<PostgresNewsroomApp>(app), IClassFixture<PostgresNewsroomApp>;
