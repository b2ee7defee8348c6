using Broadsheet.Articles;

namespace Broadsheet.Tests.Articles;

/// <summary>
/// A More Articles list is kept in the output-cache store in a compact form and read back on every render that shows it
/// (<see cref="MoreArticlesFormat"/>): a field lost or shifted would show readers another article's headline, link or
/// picture under a card, and a list it cannot read must be ranked afresh, never shown half.
/// </summary>
public sealed class MoreArticlesFormatTests
{
    private static readonly ArticleCard Full = new(
        41, "Harbour works \"begin\" <tonight> — at last", "harbour-works-begin", "A standfirst with ünïcödé, an emoji 🚢 and\nsecond line.",
        new DateTime(2026, 3, 29, 1, 30, 15, 250, DateTimeKind.Utc), "City & Harbour", "city", "/media/2026/03/harbour.webp",
        "Cranes over the harbour at dawn", 1600, 900, 12_345, "[{\"w\":480,\"u\":\"/media/a-480.webp\"}]");

    private static readonly ArticleCard Bare = new(
        7, "A short one", "a-short-one", null, new DateTime(2019, 2, 8, 10, 43, 25, DateTimeKind.Utc), "Science", "science",
        null, null, null, null, 0);

    [Theory]
    [InlineData(1, true, false)]
    [InlineData(500, false, true)]
    public void A_list_reads_back_card_for_card_with_its_page_and_flags(int page, bool hasNext, bool fromLatest)
    {
        // SQLite hands dates back without a kind; PostgreSQL's are UTC.
        var unspecified = Bare with { Id = 8, PublishedAt = new DateTime(2024, 12, 31, 23, 59, 59, DateTimeKind.Unspecified) };
        var more = new MoreArticles(new Paged<ArticleCard>([Full, Bare, Full with { Id = 42, ImageWidth = null }, unspecified], page, hasNext), fromLatest);

        var read = MoreArticlesFormat.Read(MoreArticlesFormat.Write(more));

        Assert.Equal(more.Cards.Items, read.Cards.Items);
        Assert.Equal((page, hasNext, fromLatest), (read.Cards.Page, read.Cards.HasNext, read.FromLatest));
        Assert.Equal(more.Cards.Items.Select(card => card.PublishedAt.Kind), read.Cards.Items.Select(card => card.PublishedAt.Kind));
    }

    [Fact]
    public void A_list_cut_short_damaged_or_written_in_another_form_is_refused_not_misread()
    {
        var written = MoreArticlesFormat.Write(new MoreArticles(new Paged<ArticleCard>([Full, Bare], 1, false), false));

        Assert.ThrowsAny<IOException>(() => MoreArticlesFormat.Read(written[..^3]));
        Assert.Throws<FormatException>(() => MoreArticlesFormat.Read([.. written, 0]));
        Assert.Throws<FormatException>(() => MoreArticlesFormat.Read([1, .. written[1..]]));
        Assert.Throws<FormatException>(() => MoreArticlesFormat.Read("{\"Items\":[]}"u8.ToArray()));
        Assert.Throws<FormatException>(() => MoreArticlesFormat.Read([2, 1, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F]));
    }
}
