using System.Text;

namespace Broadsheet.Articles;

/// <summary>
/// A More Articles list as kept in the output-cache store: its page, whether there is a next one and whether the latest
/// articles filled it, then each card's fields in order, strings as UTF-8 with their length (<see cref="BinaryWriter"/>),
/// nullable fields after a flag. About half the size of the same list in JSON, and read without names to match.
/// </summary>
internal static class MoreArticlesFormat
{
    /// <summary>The first byte: a list written in another form is not misread.</summary>
    private const byte Version = 2;

    public static byte[] Write(MoreArticles more)
    {
        using var buffer = new MemoryStream(1024);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            var cards = more.Cards;
            writer.Write(Version);
            writer.Write(cards.Page);
            writer.Write(cards.HasNext);
            writer.Write(more.FromLatest);
            writer.Write(cards.Items.Count);
            foreach (var card in cards.Items)
            {
                writer.Write(card.Id);
                writer.Write(card.Headline);
                writer.Write(card.Slug);
                WriteNullable(writer, card.Standfirst);
                writer.Write(card.PublishedAt.ToBinary());
                writer.Write(card.SectionName);
                writer.Write(card.SectionSlug);
                WriteNullable(writer, card.ImageUrl);
                WriteNullable(writer, card.ImageAlt);
                WriteNullable(writer, card.ImageWidth);
                WriteNullable(writer, card.ImageHeight);
                writer.Write(card.CommentCount);
                WriteNullable(writer, card.ImageVariants);
            }
        }

        return buffer.ToArray();
    }

    /// <exception cref="FormatException">Not a list in this form.</exception>
    /// <exception cref="IOException">Cut short, or a string's length is not one.</exception>
    /// <exception cref="ArgumentException">A date that is not one.</exception>
    public static MoreArticles Read(byte[] stored)
    {
        using var reader = new BinaryReader(new MemoryStream(stored, writable: false), Encoding.UTF8);
        if (reader.ReadByte() != Version)
        {
            throw new FormatException("The kept list was written in another form.");
        }

        var page = reader.ReadInt32();
        var hasNext = reader.ReadBoolean();
        var fromLatest = reader.ReadBoolean();
        var count = reader.ReadInt32();
        if (count < 0 || count > stored.Length)
        {
            throw new FormatException("The kept list's length is not a count of cards.");
        }

        var cards = new ArticleCard[count];
        for (var i = 0; i < count; i++)
        {
            cards[i] = new ArticleCard(
                Id: reader.ReadInt32(),
                Headline: reader.ReadString(),
                Slug: reader.ReadString(),
                Standfirst: ReadNullableString(reader),
                PublishedAt: DateTime.FromBinary(reader.ReadInt64()),
                SectionName: reader.ReadString(),
                SectionSlug: reader.ReadString(),
                ImageUrl: ReadNullableString(reader),
                ImageAlt: ReadNullableString(reader),
                ImageWidth: ReadNullableInt(reader),
                ImageHeight: ReadNullableInt(reader),
                CommentCount: reader.ReadInt32(),
                ImageVariants: ReadNullableString(reader));
        }

        if (reader.BaseStream.Position != stored.Length)
        {
            throw new FormatException("The kept list has bytes after its last card.");
        }

        return new MoreArticles(new Paged<ArticleCard>(cards, page, hasNext), fromLatest);
    }

    private static void WriteNullable(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static void WriteNullable(BinaryWriter writer, int? value)
    {
        writer.Write(value.HasValue);
        if (value is { } number)
        {
            writer.Write(number);
        }
    }

    private static string? ReadNullableString(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    private static int? ReadNullableInt(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadInt32() : null;
}
