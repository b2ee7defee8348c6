using Broadsheet.Articles;
using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Search;

/// <summary>One article found: its highlighted headline and snippet are safe HTML (see <see cref="SearchHighlight"/>).</summary>
public sealed record SearchHit(
    int ArticleId,
    string Slug,
    string Headline,
    string HeadlineHtml,
    string SnippetHtml,
    DateTime? PublishedAt,
    ArticleStatus Status,
    string SectionName,
    string SectionSlug,
    double Rank);

/// <summary>A page of hits; <see cref="Total"/> counts up to <see cref="ArticleSearch.CandidateLimit"/> (shown as "1,000+").</summary>
public sealed record SearchResults(IReadOnlyList<SearchHit> Hits, int Total, int Page, int PageSize)
{
    public static readonly SearchResults None = new([], 0, 1, 10);

    public bool TotalIsCapped => Total >= ArticleSearch.CandidateLimit;

    public string TotalLabel => Total.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + (TotalIsCapped ? "+" : "");

    public bool HasNext => (long)Page * PageSize < Total;
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// Full-text search over articles: FTS5 with bm25 on SQLite, a weighted tsvector with ts_rank_cd on PostgreSQL.
/// Headline outranks standfirst, which outranks tags and authors, which outrank the body. Any text is a valid query.
/// A query of common words matches a large part of the archive; ranking and counting every match would cost a second at
/// 100,000 articles. So only the newest <see cref="CandidateLimit"/> matches (that pass the filters) are ranked and
/// counted, as news search engines bound theirs: the best of recent coverage first, and "1,000+" results.
/// </summary>
public sealed class ArticleSearch(BroadsheetDb db, TimeProvider time)
{
    public const int MaxPageSize = 100;

    /// <summary>How many matches, newest first, are ranked and counted.</summary>
    public const int CandidateLimit = 1_000;

    /// <summary>
    /// Articles matching <paramref name="query"/>, best first. <paramref name="publishedOnly"/> keeps what readers may
    /// see (published, and due); the newsroom searches every status.
    /// </summary>
    public Task<SearchResults> SearchAsync(SearchQuery query, bool publishedOnly, CancellationToken cancellationToken) =>
        SearchAsync(query, publishedOnly, null, cancellationToken);

    /// <summary>As above, with <paramref name="narrow"/> adding filters of the caller's own (the newsroom's status, author, rights).</summary>
    public async Task<SearchResults> SearchAsync(SearchQuery query, bool publishedOnly, Func<IQueryable<Article>, IQueryable<Article>>? narrow, CancellationToken cancellationToken)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var page = Math.Clamp(query.Page, 1, ArticleQueries.MaxPage);
        var text = query.Normalized;
        var prepared = await PrepareAsync(text, cancellationToken);
        if (prepared is null)
        {
            return SearchResults.None with { Page = page, PageSize = pageSize };
        }

        var (matches, fts, configuration) = prepared.Value;
        var postgres = configuration is not null;
        var articles = db.Articles.AsNoTracking();
        if (publishedOnly)
        {
            articles = articles.Published(time.GetUtcNow().UtcDateTime);
        }

        if (!string.IsNullOrEmpty(query.SectionSlug))
        {
            articles = articles.Where(a => a.Section.Slug == query.SectionSlug);
        }

        if (query.FromUtc is { } from)
        {
            articles = articles.Where(a => a.PublishedAt >= from);
        }

        if (query.ToUtc is { } to)
        {
            articles = articles.Where(a => a.PublishedAt < to);
        }

        if (narrow is not null)
        {
            articles = narrow(articles);
        }

        // The filters go in EXISTS, not a join: with the match as the only source, both databases read it newest first
        // (the article id) and stop at the limit, so no more than the candidates are ranked and counted. They are read
        // once, and ranked and paged here; equal ranks go to the newer article.
        var candidates = await matches.Where(m => articles.Any(a => a.Id == m.ArticleId))
            .OrderByDescending(m => m.ArticleId).Take(CandidateLimit)
            .Select(m => new { m.ArticleId, m.Rank })
            .ToListAsync(cancellationToken);
        var total = candidates.Count;
        if (total == 0 || (long)(page - 1) * pageSize >= total)
        {
            return new SearchResults([], total, page, pageSize);
        }

        var ranked = candidates.OrderByDescending(c => c.Rank).ThenByDescending(c => c.ArticleId)
            .Skip((page - 1) * pageSize).Take(pageSize).ToList();
        var pageIds = ranked.Select(c => c.ArticleId).ToList();
        var articleRows = await db.Articles.AsNoTracking().Where(a => pageIds.Contains(a.Id))
            .Select(a => new
            {
                a.Id, a.Slug, a.Headline, a.Standfirst, a.PublishedAt, a.Status,
                Section = a.Section.Name, SectionSlug = a.Section.Slug,
            })
            .ToDictionaryAsync(a => a.Id, cancellationToken);
        var rows = ranked.Where(c => articleRows.ContainsKey(c.ArticleId))
            .Select(c => (Article: articleRows[c.ArticleId], c.Rank))
            .Select(r => new
            {
                r.Article.Id, r.Article.Slug, r.Article.Headline, r.Article.Standfirst, r.Article.PublishedAt, r.Article.Status,
                r.Article.Section, r.Article.SectionSlug, r.Rank,
            })
            .ToList();
        var ids = rows.Select(r => r.Id).ToArray();
        var marked = postgres
            ? await PostgresHighlightsAsync(configuration!, text, ids, cancellationToken)
            : await SqliteHighlightsAsync(fts!, ids, cancellationToken);

        var hits = rows.Select(r =>
        {
            var highlight = marked.GetValueOrDefault(r.Id);
            var headline = SearchHighlight.HasMatch(highlight?.Headline) ? highlight!.Headline : r.Headline;
            var snippet = SearchHighlight.HasMatch(highlight?.Body) ? highlight!.Body
                : SearchHighlight.HasMatch(highlight?.Standfirst) ? highlight!.Standfirst
                : !string.IsNullOrWhiteSpace(r.Standfirst) ? r.Standfirst
                : highlight?.Body ?? "";
            return new SearchHit(r.Id, r.Slug, r.Headline, SearchHighlight.ToHtml(headline), SearchHighlight.ToHtml(snippet),
                r.PublishedAt, r.Status, r.Section, r.SectionSlug, r.Rank);
        }).ToList();
        return new SearchResults(hits, total, page, pageSize);
    }

    /// <summary>
    /// The ids of every article (of any status) whose words match <paramref name="text"/>, as a query to compose with
    /// others (the Content API keeps its own order and filters); null when the text holds nothing to search for.
    /// </summary>
    public async Task<IQueryable<int>?> MatchingIdsAsync(string? text, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(new SearchQuery(text).Normalized, cancellationToken);
        return prepared?.Matches.Select(m => m.ArticleId);
    }

    /// <summary>The full-text match for the provider, with what highlighting needs: the FTS5 expression or the text configuration.</summary>
    private async Task<(IQueryable<SearchMatch> Matches, string? Fts, string? Configuration)?> PrepareAsync(string text, CancellationToken cancellationToken)
    {
        if (db.Database.IsPostgres())
        {
            if (text.Length == 0)
            {
                return null;
            }

            var configuration = await SearchIndex.TextSearchConfigurationAsync(db, cancellationToken);
            // The configuration is written into the SQL as a literal (a name from our own list, found in pg_ts_config),
            // not sent as a parameter: a text parameter cast to regconfig is not folded into a constant, so the planner
            // cannot estimate how many documents match, and for common words it reads and ranks every one of them
            // (0.5 s at 100,000 articles) instead of walking the newest documents until it has the candidates.
            var literal = configuration.All(char.IsAsciiLetterLower) ? configuration : "simple";
#pragma warning disable EF1002 // The interpolated name is one of a fixed set of lower-case letters (checked above); the text is a parameter.
            return (db.Database.SqlQueryRaw<SearchMatch>($$"""
                SELECT d."ArticleId", ts_rank_cd(ARRAY[0.1, 0.3, 0.5, 1.0]::float4[], d."SearchVector", q.query)::float8 AS "Rank"
                FROM "ArticleSearchDocuments" AS d, websearch_to_tsquery('{{literal}}'::regconfig, {0}) AS q(query)
                WHERE d."SearchVector" @@ q.query
                """, text), null, configuration);
#pragma warning restore EF1002
        }

        var fts = QueryTerms.ToFts5(QueryTerms.Parse(text));
        if (fts.Length == 0)
        {
            return null;
        }

        // The LIMIT keeps the planner from flattening the subquery into the join: flattened, it can run the
        // full-text match once per article row instead of once. In rowid order, the candidates query reads it as a
        // co-routine and stops at the limit, so bm25 is computed for those rows only.
        return (db.Database.SqlQueryRaw<SearchMatch>("""
            SELECT rowid AS "ArticleId", -bm25("ArticleSearch", 10.0, 5.0, 1.0, 3.0, 3.0) AS "Rank"
            FROM "ArticleSearch" WHERE "ArticleSearch" MATCH {0} ORDER BY rowid DESC LIMIT -1
            """, fts), fts, null);
    }

    private async Task<Dictionary<int, Highlight>> SqliteHighlightsAsync(string fts, int[] ids, CancellationToken cancellationToken)
    {
        var list = "[" + string.Join(',', ids.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
        var rows = await db.Database.SqlQueryRaw<Highlight>("""
            SELECT rowid AS "ArticleId",
                highlight("ArticleSearch", 0, {1}, {2}) AS "Headline",
                highlight("ArticleSearch", 1, {1}, {2}) AS "Standfirst",
                snippet("ArticleSearch", 2, {1}, {2}, '…', 32) AS "Body"
            FROM "ArticleSearch" WHERE "ArticleSearch" MATCH {0} AND rowid IN (SELECT value FROM json_each({3}))
            """, fts, SearchHighlight.OpenText, SearchHighlight.CloseText, list).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.ArticleId);
    }

    private async Task<Dictionary<int, Highlight>> PostgresHighlightsAsync(string configuration, string text, int[] ids, CancellationToken cancellationToken)
    {
        var whole = $"HighlightAll=true, StartSel=\"{SearchHighlight.Open}\", StopSel=\"{SearchHighlight.Close}\"";
        var fragments = $"MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=\" … \", StartSel=\"{SearchHighlight.Open}\", StopSel=\"{SearchHighlight.Close}\"";
        var rows = await db.Database.SqlQueryRaw<Highlight>("""
            SELECT d."ArticleId",
                ts_headline({0}::regconfig, d."Headline", q.query, {2}) AS "Headline",
                ts_headline({0}::regconfig, d."Standfirst", q.query, {2}) AS "Standfirst",
                ts_headline({0}::regconfig, d."Body", q.query, {3}) AS "Body"
            FROM "ArticleSearchDocuments" AS d, websearch_to_tsquery({0}::regconfig, {1}) AS q(query)
            WHERE d."ArticleId" = ANY({4})
            """, configuration, text, whole, fragments, ids).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.ArticleId);
    }

    private sealed class SearchMatch
    {
        public int ArticleId { get; set; }
        public double Rank { get; set; }
    }

    private sealed class Highlight
    {
        public int ArticleId { get; set; }
        public string? Headline { get; set; }
        public string? Standfirst { get; set; }
        public string? Body { get; set; }
    }
}

/// <summary>A list kept to the articles a search matched (<see cref="ArticleSearch.MatchingIdsAsync"/>), in its own order.</summary>
public static class SearchMatches
{
    /// <summary><paramref name="articles"/> among <paramref name="ids"/>; none when the search had nothing to look for (null).</summary>
    public static IQueryable<Article> Among(this IQueryable<Article> articles, IQueryable<int>? ids) =>
        ids is null ? articles.Where(a => false) : articles.Where(a => ids.Contains(a.Id));

    /// <summary>The same for a tag's or an author's rows (<see cref="ListPlan.OneListRange"/>), checked without reading the articles.</summary>
    public static IQueryable<ListedRow> Among(this IQueryable<ListedRow> rows, IQueryable<int>? ids) =>
        ids is null ? rows.Where(r => false) : rows.Where(r => ids.Contains(r.ArticleId));
}
