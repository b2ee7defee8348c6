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
