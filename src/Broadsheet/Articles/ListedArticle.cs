using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Articles;

/// <summary>
/// The copy of an article's status and publication time that each of its tag links (<c>ArticleTags</c>) and bylines
/// carries, so a tag's or author's published articles, newest first, are one range of one index: page 500 of a tag of
/// 37,000 articles at 100,000 read 10,000 index entries instead of walking 27,000 published articles and looking each
/// up among the tag's links (PostgreSQL: 57 -> 2.6 ms). Bylines also carry the article's last change, for the
/// newsroom's list of one author's articles.
/// </summary>
/// <remarks>
/// The database keeps the copies, not the app: a trigger fills them when a link or byline is written and another
/// follows every change of the article's status or times, so every writer (the newsroom, the importer, <c>demo
/// generate</c>, the scheduler, plain SQL) keeps them right. EF Core never writes them. They are in the model so that
/// queries can read them and SQLite's table rebuilds in later migrations keep them.
/// </remarks>
public static class ListedArticle
{
    /// <summary>The column holding the article's <see cref="Article.Status"/>.</summary>
    public const string Status = "ArticleStatus";

    /// <summary>The column holding the article's <see cref="Article.PublishedAt"/>.</summary>
    public const string PublishedAt = "ArticlePublishedAt";

    /// <summary>The column holding the article's <see cref="Article.UpdatedAt"/>: bylines only (<see cref="ConfigureNewsroomCopy"/>).</summary>
    public const string UpdatedAt = "ArticleUpdatedAt";

    /// <summary>
    /// Adds the two columns to a table of links to articles, and the index that lists one tag's or author's
    /// (<paramref name="listColumn"/>) articles by status and publication time.
    /// </summary>
    internal static void Configure(EntityTypeBuilder links, string listColumn, string articleColumn)
    {
        Ignored(links.Property<ArticleStatus?>(Status));
        Ignored(links.Property<DateTime?>(PublishedAt));
        links.HasIndex(listColumn, Status, PublishedAt, articleColumn);
    }

    /// <summary>
    /// Adds the article's last change to the bylines too, with the index that lists one author's articles in the
    /// newsroom (last changed first, the status at the end so the trash is left out from the index alone): page 500
    /// of an author of 18,000 articles is then 12,500 index entries instead of a walk of the newsroom's whole list.
    /// </summary>
    internal static void ConfigureNewsroomCopy(EntityTypeBuilder<Byline> bylines)
    {
        Ignored(bylines.Property<DateTime?>(UpdatedAt));
        bylines.HasIndex(nameof(Byline.AuthorId), UpdatedAt, nameof(Byline.ArticleId), Status);
    }

    private static void Ignored(PropertyBuilder property)
    {
        property.Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
        property.Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
    }
}
