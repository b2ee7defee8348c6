using Broadsheet.Articles;
using Broadsheet.Site;
using static Broadsheet.Demo.Generation.GeneratedWords;

namespace Broadsheet.Demo.Generation;

/// <summary>What <c>demo generate</c> makes: how many of each, and the seed every choice follows.</summary>
internal sealed record GenerateOptions(int Articles, int Comments, int Authors, int Sections, int Tags, int Seed);

/// <summary>
/// The shape of a generated site, decided up front from the seed: sections, authors and tags, and for every article
/// (in publication order, ids from 1) its date, status, section, tags, bylines and number of comments. Text is made
/// later, while writing, so a hundred thousand bodies are never held at once.
/// </summary>
internal sealed class SitePlan
{
    /// <summary>Share of published articles nobody comments on.</summary>
    private const double Uncommented = 0.45;

    /// <summary>Pareto shape of the comments per commented article: a long tail, a few discussions with thousands.</summary>
    private const double TailShape = 1.2;

    public required IReadOnlyList<Section> Sections { get; init; }
    public required IReadOnlyList<Author> Authors { get; init; }
    public required IReadOnlyList<Tag> Tags { get; init; }
    public required DateTime[] Dates { get; init; }
    public required ArticleStatus[] Statuses { get; init; }
    public required int[] SectionIds { get; init; }
    public required int[][] TagIds { get; init; }
    public required int[][] AuthorIds { get; init; }
    public required int[] CommentCounts { get; init; }

    public static SitePlan Make(GenerateOptions options, DateTime utcNow, SiteCalendar calendar)
    {
        var random = new Random(options.Seed);
        var sections = MakeSections(options.Sections);
        var authors = MakeAuthors(options.Authors, random);
        var tags = MakeTags(options.Tags, random);
        var n = options.Articles;
        var dates = MakeDates(n, utcNow, calendar, random);
        var statuses = new ArticleStatus[n];
        var sectionPick = new Zipf(sections.Count, 0.6);
        var tagPick = new Zipf(tags.Count, 1.0);
        var authorPick = new Zipf(authors.Count, 0.8);
        var sectionIds = new int[n];
        var tagIds = new int[n][];
        var authorIds = new int[n][];
        // The newest few are scheduled for the coming days, as a newsroom's queue is.
        var scheduled = n >= 500 ? n / 500 : 0;
        for (var i = 0; i < n; i++)
        {
            var r = random.NextDouble();
            statuses[i] = i >= n - scheduled ? ArticleStatus.Scheduled
                : r < 0.012 ? ArticleStatus.Draft
                : r < 0.017 ? ArticleStatus.PendingReview
                : r < 0.020 ? ArticleStatus.Unpublished
                : ArticleStatus.Published;
            if (statuses[i] == ArticleStatus.Scheduled)
            {
                dates[i] = utcNow.AddHours(2 + (i - (n - scheduled)) * 7);
            }

            sectionIds[i] = sections[sectionPick.Next(random)].Id;
            var tagCount = Math.Min(tags.Count, random.Next(10) switch { < 5 => 2, < 8 => 3, _ => 4 });
            tagIds[i] = Distinct(tagCount, tagPick, random).Select(t => tags[t].Id).ToArray();
            var bylineCount = Math.Min(authors.Count, random.Next(50) switch { < 44 => 1, < 49 => 2, _ => 3 });
            authorIds[i] = Distinct(bylineCount, authorPick, random).Select(a => authors[a].Id).ToArray();
        }

        return new SitePlan
        {
            Sections = sections, Authors = authors, Tags = tags, Dates = dates, Statuses = statuses, SectionIds = sectionIds,
            TagIds = tagIds, AuthorIds = authorIds, CommentCounts = ShareComments(options.Comments, statuses, random),
        };
    }

    private static List<Section> MakeSections(int count)
    {
        var names = SectionNames.Concat(Places.Select(PlaceName)).Concat(Places.SelectMany(p => SectionNames.Select(s => $"{PlaceName(p)} {s.ToLowerInvariant()}")));
        return names.Take(count).Select((name, i) => new Section
        {
            Id = i + 1,
            Name = name,
            Slug = Slugs.From(name),
            Description = $"{name}: reporting and analysis from Harbourton.",
            Position = i,
        }).ToList();
    }

    private static List<Author> MakeAuthors(int count, Random random)
    {
        var names = FirstNames.SelectMany(f => Surnames.Select(s => $"{f} {s}")).ToArray();
        random.Shuffle(names);
        return names.Take(count).Select((name, i) => new Author
        {
            Id = i + 1,
            Name = name,
            Slug = Slugs.From(name),
            JobTitle = JobTitles[random.Next(JobTitles.Length)],
            Bio = $"{name} has reported for the paper since {2000 + random.Next(24)} and lives in {PlaceName(Places[random.Next(Places.Length)])}.",
        }).ToList();
    }

    private static List<Tag> MakeTags(int count, Random random)
    {
        // The general topics are the most used (the pick is Zipf-distributed over this order); local ones follow.
        var local = Places.SelectMany(p => Topics.Select(t => $"{PlaceName(p)} {t.ToLowerInvariant()}")).ToArray();
        random.Shuffle(local);
        return Topics.Concat(local).Take(count).Select((name, i) => new Tag { Id = i + 1, Name = name, Slug = Slugs.From(name) }).ToList();
    }

    public static int MaxSections => SectionNames.Length * (Places.Length + 1) + Places.Length;
    public static int MaxAuthors => FirstNames.Length * Surnames.Length;
    public static int MaxTags => Topics.Length * (Places.Length + 1);

    private static string PlaceName(string place) => place.StartsWith("the ", StringComparison.Ordinal) ? place[4..] : place;

    /// <summary>
    /// Publication times, oldest first: about thirty a day, over at least two years; more in recent years, fewer at
    /// weekends, mostly between morning and late evening in the site's time zone.
    /// </summary>
    private static DateTime[] MakeDates(int n, DateTime utcNow, SiteCalendar calendar, Random random)
    {
        var days = Math.Clamp(n / 30, 730, 15 * 365);
        var today = calendar.ToLocal(utcNow).Date;
        var dates = new DateTime[n];
        for (var i = 0; i < n; i++)
        {
            DateTime local;
            do
            {
                // Density rising linearly from 1 to 2 across the span (inverse of its distribution function).
                var x = Math.Sqrt(1 + (3 * random.NextDouble())) - 1;
                var day = today.AddDays(-days + Math.Min(days, (int)(x * days)));
                if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday && random.Next(5) < 2)
                {
                    continue;
                }

                var hour = 6 + (int)(16 * Math.Pow(random.NextDouble(), 1.2));
                local = DateTime.SpecifyKind(day.AddHours(hour).AddMinutes(random.Next(60)).AddSeconds(random.Next(60)), DateTimeKind.Unspecified);
                if (!calendar.Zone.IsInvalidTime(local))
                {
                    var utc = TimeZoneInfo.ConvertTimeToUtc(local, calendar.Zone);
                    dates[i] = utc < utcNow ? utc : utcNow.AddMinutes(-1 - random.Next(600));
                    break;
                }
            }
            while (true);
        }

        Array.Sort(dates);
        return dates;
    }

    /// <summary>Shares the comments among published articles: many get none, most of the rest a few, a handful thousands.</summary>
    private static int[] ShareComments(int comments, ArticleStatus[] statuses, Random random)
    {
        var weights = new double[statuses.Length];
        var commented = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (statuses[i] == ArticleStatus.Published && random.NextDouble() >= Uncommented)
            {
                weights[i] = Math.Pow(1 - random.NextDouble(), -1 / TailShape);
                commented++;
            }
        }

        // A single draw far beyond the sample's expected maximum would take most of the comments of a small site;
        // the tail is cut at half that maximum, so the largest discussions are a few percent of all comments.
        var cap = Math.Max(1, 0.5 * Math.Pow(commented, 1 / TailShape));
        var total = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = Math.Min(weights[i], cap);
            total += weights[i];
        }

        var counts = new int[statuses.Length];
        if (comments == 0)
        {
            return counts;
        }

        if (total == 0)
        {
            // A tiny site where the draw left no discussion: the newest published article gets them all.
            var last = Array.FindLastIndex(statuses, s => s == ArticleStatus.Published);
            if (last >= 0)
            {
                counts[last] = comments;
            }

            return counts;
        }

        long given = 0;
        var remainders = new List<(double Fraction, int Index)>();
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] > 0)
            {
                var exact = comments * weights[i] / total;
                counts[i] = (int)exact;
                given += counts[i];
                remainders.Add((exact - counts[i], i));
            }
        }

        remainders.Sort((a, b) => b.Fraction.CompareTo(a.Fraction) is var c && c != 0 ? c : a.Index.CompareTo(b.Index));
        for (var k = 0; given < comments; k = (k + 1) % remainders.Count, given++)
        {
            counts[remainders[k].Index]++;
        }

        return counts;
    }

    private static List<int> Distinct(int count, Zipf pick, Random random)
    {
        var chosen = new List<int>(count);
        while (chosen.Count < count)
        {
            var next = pick.Next(random);
            if (!chosen.Contains(next))
            {
                chosen.Add(next);
            }
        }

        return chosen;
    }
}

/// <summary>Picks 0..n-1 with probability proportional to 1/(rank+1)^s: a few very common, a long tail of rare.</summary>
internal sealed class Zipf
{
    private readonly double[] cumulative;

    public Zipf(int n, double s)
    {
        cumulative = new double[n];
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            sum += 1 / Math.Pow(i + 1, s);
            cumulative[i] = sum;
        }
    }

    public int Next(Random random)
    {
        var index = Array.BinarySearch(cumulative, random.NextDouble() * cumulative[^1]);
        return Math.Min(cumulative.Length - 1, index < 0 ? ~index : index);
    }
}
