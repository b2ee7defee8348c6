using System.Text;
using static Broadsheet.Demo.Generation.GeneratedWords;

namespace Broadsheet.Demo.Generation;

/// <summary>Headlines, standfirsts, Markdown bodies and comments made of <see cref="GeneratedWords"/>, from a seeded random source.</summary>
internal sealed class GeneratedText(Random random)
{
    private readonly StringBuilder builder = new(8192);

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public string Headline()
    {
        var headline = $"{Pick(HeadlineSubjects)} {Pick(HeadlineVerbs)} {Pick(Adjectives)} {Pick(Things)}";
        return random.Next(3) == 0 ? $"{headline} in {Pick(Places)}" : headline;
    }

    public string Sentence()
    {
        var sentence = random.Next(6) switch
        {
            0 => $"{Pick(Subjects)} {Pick(Verbs)} the {Pick(Adjectives)} {Pick(Nouns)} {Pick(Times)}",
            1 => $"The {Pick(Nouns)} in {Pick(Places)} was {Pick(Verbs)} {Pick(Connectives)} the {Pick(Nouns)} {Pick(Verbs)} the {Pick(Nouns)}",
            2 => $"{Pick(Subjects)} said the {Pick(Adjectives)} {Pick(Nouns)} would be {Pick(Verbs)} {Pick(Times)}, {Pick(Connectives)} {Number()} {Pick(Nouns)} had {Pick(Verbs)} it",
            3 => $"A {Pick(Adjectives)} {Pick(Nouns)} near {Pick(Places)} has been {Pick(Verbs)}, with the {Pick(Nouns)} {Pick(Verbs)} {Pick(Times)}",
            4 => $"According to the {Pick(Nouns)}, {Number()} {Pick(Nouns)} were {Pick(Verbs)} {Pick(Times)} and the {Pick(Nouns)} is {Pick(Adjectives)}",
            _ => $"{Pick(Subjects)} have {Pick(Verbs)} the {Pick(Nouns)} {Pick(Connectives)} the {Pick(Adjectives)} {Pick(Nouns)} in {Pick(Places)}",
        };
        return sentence + ".";
    }

    public string Standfirst() => $"{Sentence()} {Sentence()}";

    public string PersonName() => $"{Pick(FirstNames)} {Pick(Surnames)}";

    /// <summary>A news story in Markdown: paragraphs, sometimes a subheading, a quotation, a list, emphasis; about 300–900 words.</summary>
    public string Body()
    {
        builder.Clear();
        var paragraphs = random.Next(5, 15);
        var quoteAt = random.Next(3) == 0 ? random.Next(1, paragraphs) : -1;
        var headingAt = paragraphs > 8 && random.Next(5) < 2 ? random.Next(4, paragraphs - 1) : -1;
        var listAt = random.Next(7) == 0 ? random.Next(2, paragraphs) : -1;
        for (var p = 0; p < paragraphs; p++)
        {
            if (p == headingAt)
            {
                builder.Append("## ").Append(Capitalized(Pick(Adjectives))).Append(' ').Append(Pick(Things)).Append("\n\n");
            }

            if (p == quoteAt)
            {
                builder.Append("> \"").Append(Sentence().TrimEnd('.')).Append(",\" said ").Append(PersonName()).Append(", ")
                    .Append(Pick(Roles)).Append(' ').Append(Pick(Places)).Append(".\n\n");
                continue;
            }

            if (p == listAt)
            {
                builder.Append("The ").Append(Pick(Nouns)).Append(" sets out:\n\n");
                for (var i = random.Next(3, 6); i > 0; i--)
                {
                    builder.Append("- ").Append(Pick(Adjectives)).Append(' ').Append(Pick(Nouns)).Append(" for ").Append(Pick(Places)).Append('\n');
                }

                builder.Append('\n');
                continue;
            }

            for (var s = random.Next(2, 5); s > 0; s--)
            {
                var sentence = Sentence();
                if (p == 0 && s > 1 && random.Next(4) == 0)
                {
                    builder.Append("**").Append(sentence).Append("**");
                }
                else
                {
                    builder.Append(sentence);
                }

                builder.Append(s > 1 ? " " : "\n\n");
            }
        }

        return builder.ToString().TrimEnd();
    }

    /// <summary>A reader's comment: mostly a line or two, sometimes several paragraphs.</summary>
    public string Comment()
    {
        builder.Clear();
        var first = Sentence();
        builder.Append(Pick(CommentOpeners)).Append(' ').Append(char.ToLowerInvariant(first[0])).Append(first.AsSpan(1));
        var extra = random.Next(10) switch { < 5 => 0, < 8 => 1, 8 => 2, _ => 5 };
        for (var i = 0; i < extra; i++)
        {
            builder.Append(i % 2 == 1 ? "\n\n" : " ").Append(Sentence());
        }

        return builder.ToString();
    }

    public string Spam() => $"{Pick(SpamLines)}!!! https://spam.example/{random.Next(100_000)}";

    private static string Capitalized(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    private string Number() => random.Next(4) switch
    {
        0 => "two",
        1 => "dozens of",
        2 => random.Next(3, 100).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => random.Next(100, 5000).ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
    };
}
