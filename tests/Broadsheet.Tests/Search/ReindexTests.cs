using Broadsheet.Accounts;
using Broadsheet.Search;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Search;

public abstract class ReindexTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : SearchApp
{
    private async Task<int> FoundAsync(string word)
    {
        // A query of its own each time (the trailing spaces differ), so no cached page answers.
        var page = Html.Parse(await Client.GetStringAsync("/search?q=" + Uri.EscapeDataString(word + new string(' ', Random.Shared.Next(1, 1000)))));
        return page.QuerySelectorAll(".search-results h3").Length;
    }

    private string[] DatabaseArguments() => App.ProviderName == "PostgreSQL"
        ? ["--Broadsheet:Database:Provider", "PostgreSQL", "--ConnectionStrings:Broadsheet", App.Services.GetRequiredService<IConfiguration>().GetConnectionString("Broadsheet")!]
        : ["--Broadsheet:DataDir", App.DataDir];

    [Fact]
    public async Task The_reindex_command_rebuilds_a_lost_index_and_prints_the_count()
    {
        var word = "zq" + Guid.NewGuid().ToString("N")[..10];
        await new ArticleBuilder().Headline($"Reindexed {word}").SaveAsync(App);
        await App.WithDbAsync((db, _) => db.ArticleSearchDocuments.ExecuteDeleteAsync());
        Assert.Equal(0, await FoundAsync(word));

        var result = await ProgramProcess.RunAsync(["reindex", .. DatabaseArguments(), "--Logging:LogLevel:Default", "Warning"]);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var articles = await App.WithDbAsync((db, _) => db.Articles.CountAsync());
        Assert.Contains($"Indexed {articles} article(s)", result.Output, StringComparison.Ordinal);
        Assert.Equal(1, await FoundAsync(word));
        Assert.Equal(articles, await App.WithDbAsync((db, _) => db.ArticleSearchDocuments.CountAsync()));
    }

    [Fact]
    public async Task Articles_without_a_document_are_indexed_without_touching_the_others()
    {
        var word = "zq" + Guid.NewGuid().ToString("N")[..10];
        var article = await new ArticleBuilder().Headline($"Upgraded {word}").SaveAsync(App);
        await App.WithDbAsync((db, _) => db.ArticleSearchDocuments.Where(d => d.ArticleId == article.Id).ExecuteDeleteAsync());
        Assert.Equal(0, await FoundAsync(word));

        var indexed = await App.WithDbAsync((db, _) => SearchIndex.IndexMissingAsync(db, CancellationToken.None));

        Assert.Equal(1, indexed);
        Assert.Equal(1, await FoundAsync(word));
    }
}

public sealed class SqliteReindexTests(SearchApp app) : ReindexTests<SearchApp>(app), IClassFixture<SearchApp>;

public sealed class PostgresReindexTests(PostgresSearchApp app) : ReindexTests<PostgresSearchApp>(app), IClassFixture<PostgresSearchApp>;

/// <summary>
/// On PostgreSQL the documents are stemmed by the site's language: when it changes in the settings, the documents
/// already written are rewritten in the background (SearchLanguageKeeper). A fixture of its own: the language changes.
/// </summary>
public sealed class PostgresSearchLanguageTests(PostgresSearchApp app) : AppTest<PostgresSearchApp>(app), IClassFixture<PostgresSearchApp>
{
    private async Task<int> FoundAsync(string words)
    {
        var page = Html.Parse(await Client.GetStringAsync("/search?q=" + Uri.EscapeDataString(words + new string(' ', Random.Shared.Next(1, 1000)))));
        return page.QuerySelectorAll(".search-results h3").Length;
    }

    private async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return true;
            }

            // The keeper looks every few seconds of the app's clock.
            App.Clock.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(100);
        }

        return false;
    }

    private static Dictionary<string, string> Settings(string culture) => new()
    {
        ["Input.Title"] = "The Harbourton Broadsheet",
        ["Input.Tagline"] = "News from the valley",
        ["Input.TimeZone"] = "UTC",
        ["Input.Culture"] = culture,
        ["Input.DateFormat"] = "D",
        ["Input.CommentsOpenByDefault"] = "true",
    };

    [Fact]
    public async Task Articles_written_before_the_site_changed_language_are_found_by_the_new_languages_word_forms()
    {
        using var admin = await App.SignInAsNewAsync(NewsroomRoles.Administrator);
        var unique = "zq" + Guid.NewGuid().ToString("N")[..10];
        await new ArticleBuilder().Headline($"Au marché {unique}").Body("Les chevaux du village traversent la rivière, et nous mangeons au bord de l'eau.").SaveAsync(App);
        // Stemmed as English, the French word forms meet nothing.
        Assert.True(await EventuallyAsync(async () => await App.WithDbAsync((db, _) => SearchIndex.RecordedConfigurationAsync(db, CancellationToken.None)) == "english"));
        Assert.Equal(0, await FoundAsync($"cheval {unique}"));

        try
        {
            using (var saved = await admin.PostFormAsync("/newsroom/settings", Settings("fr-FR")))
            {
                Assert.Equal(System.Net.HttpStatusCode.Redirect, saved.StatusCode);
            }

            Assert.True(await EventuallyAsync(async () => await FoundAsync($"cheval {unique}") == 1), "The article was not found by its French word forms.");
            Assert.Equal("french", await App.WithDbAsync((db, _) => SearchIndex.RecordedConfigurationAsync(db, CancellationToken.None)));
            Assert.Equal(
                await App.WithDbAsync((db, _) => db.Articles.CountAsync()),
                await App.WithDbAsync((db, _) => db.ArticleSearchDocuments.CountAsync()));
        }
        finally
        {
            using var back = await admin.PostFormAsync("/newsroom/settings", Settings("en-US"));
        }

        Assert.True(await EventuallyAsync(async () => await App.WithDbAsync((db, _) => SearchIndex.RecordedConfigurationAsync(db, CancellationToken.None)) == "english"));
        Assert.Equal(0, await FoundAsync($"cheval {unique}"));
        Assert.Equal(1, await FoundAsync($"chevaux {unique}"));
        Assert.Empty(App.Errors.Entries);
    }
}
