using System.Diagnostics;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Data;
using Broadsheet.Site;

namespace Broadsheet.Demo.Generation;

/// <summary>Hears how far each stage of the generation is.</summary>
internal interface IGenerationProgress
{
    void Report(string stage, long done, long total);
}

internal sealed record GenerationResult(
    int Articles, int Published, int Comments, int ApprovedComments, int HeldComments, int SpamComments,
    int UncommentedArticles, int MedianComments, int MostComments, string MostDiscussedPath, TimeSpan WriteTime, TimeSpan IndexTime);

/// <summary>Writes a <see cref="SitePlan"/> into an empty database, in batches, then indexes it for search.</summary>
internal sealed class SiteGenerator(BroadsheetDb db, SiteCalendar calendar, DateTime utcNow, GenerateOptions options, IGenerationProgress progress)
{
    private const int ArticleBatch = 2_000;
    private const int CommentBatch = 20_000;

    /// <summary>How deep a reply may sit under its thread's first comment.</summary>
    private const int MaxDepth = 5;

    public async Task<GenerationResult> RunAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var plan = SitePlan.Make(options, utcNow, calendar);
        var writer = await BulkWriter.OpenAsync(db, cancellationToken);
        await writer.WriteAsync(plan.Sections, cancellationToken);
        await writer.WriteAsync(plan.Authors, cancellationToken);
        await writer.WriteAsync(plan.Tags, cancellationToken);
        var slugs = await WriteArticlesAsync(writer, plan, cancellationToken);
        var (approved, held, spam) = await WriteCommentsAsync(writer, plan, cancellationToken);
        await writer.FinishAsync([typeof(Section), typeof(Author), typeof(Tag), typeof(Article), typeof(Comment), typeof(CommentReport)], cancellationToken);
        var written = Stopwatch.GetElapsedTime(started);

        var indexing = Stopwatch.GetTimestamp();
        await Search.SearchIndex.RebuildAsync(db, new Progress<(int Done, int Total)>(p => progress.Report("Indexing for search", p.Done, p.Total)), cancellationToken);

        var counts = plan.CommentCounts;
        var published = plan.Statuses.Count(s => s == ArticleStatus.Published);
        var perPublished = counts.Where((_, i) => plan.Statuses[i] == ArticleStatus.Published).Order().ToArray();
        var most = Array.IndexOf(counts, counts.Max());
        return new GenerationResult(
            options.Articles, published, options.Comments, approved, held, spam,
            perPublished.Count(c => c == 0), perPublished.Length == 0 ? 0 : perPublished[perPublished.Length / 2], counts[most],
            calendar.ArticlePath(plan.Dates[most], slugs[most]), written, Stopwatch.GetElapsedTime(indexing));
    }

    private async Task<string[]> WriteArticlesAsync(BulkWriter writer, SitePlan plan, CancellationToken cancellationToken)
    {
        var text = new GeneratedText(new Random(options.Seed + 1));
        var images = new Random(options.Seed + 2);
        var slugs = new string[options.Articles];
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var articles = new List<Article>(ArticleBatch);
        var bylines = new List<Byline>(ArticleBatch * 2);
        var tags = new List<Dictionary<string, object>>(ArticleBatch * 4);
        for (var i = 0; i < options.Articles; i++)
        {
            var headline = text.Headline();
            var slug = Slugs.From(headline);
            slug = slug.Length > 90 ? slug[..90].TrimEnd('-') : slug;
            for (var n = 2; !taken.Add(slug); n++)
            {
                slug = $"{slug.TrimEnd("-0123456789".ToCharArray())}-{n}";
            }

            slugs[i] = slug;
            var status = plan.Statuses[i];
            var date = plan.Dates[i];
            var live = status is ArticleStatus.Published or ArticleStatus.Scheduled or ArticleStatus.Unpublished;
            (string File, string Alt, string Caption)? image = images.Next(3) == 0 ? GeneratedWords.Images[images.Next(GeneratedWords.Images.Length)] : null;
            var id = i + 1;
            articles.Add(new Article
            {
                Id = id,
                Headline = headline,
                Slug = slug,
                Standfirst = text.Standfirst(),
                Body = text.Body(),
                Status = status,
                PublishedAt = live ? date : null,
                CreatedAt = date.AddHours(-2 - images.Next(48)),
                UpdatedAt = status == ArticleStatus.Scheduled ? utcNow : date.AddMinutes(images.Next(4) == 0 ? images.Next(1, 3000) : 0),
                SectionId = plan.SectionIds[i],
                // Nobody is alerted about an archive that appears at once.
                EmailSubscribers = false,
                AlertQueuedAt = status is ArticleStatus.Published or ArticleStatus.Unpublished ? date : null,
                ImageUrl = image is { } shown ? $"/demo/{shown.File}.webp" : null,
                ImageAlt = image?.Alt,
                ImageCaption = image?.Caption,
                ImageCredit = image is null ? null : "Illustration: Broadsheet demo",
                ImageWidth = image is null ? null : 1200,
                ImageHeight = image is null ? null : 675,
            });
            bylines.AddRange(plan.AuthorIds[i].Select((author, position) => new Byline { ArticleId = id, AuthorId = author, Position = position }));
            tags.AddRange(plan.TagIds[i].Select(tag => new Dictionary<string, object> { ["ArticlesId"] = id, ["TagsId"] = tag }));
            if (articles.Count == ArticleBatch || i == options.Articles - 1)
            {
                await writer.WriteAsync(articles, cancellationToken);
                await writer.WriteAsync(bylines, cancellationToken);
                await writer.WriteAsync("ArticleTags", tags, cancellationToken);
                articles.Clear();
                bylines.Clear();
                tags.Clear();
                progress.Report("Writing articles", i + 1, options.Articles);
            }
        }

        return slugs;
    }

    private async Task<(int Approved, int Held, int Spam)> WriteCommentsAsync(BulkWriter writer, SitePlan plan, CancellationToken cancellationToken)
    {
        var random = new Random(options.Seed + 3);
        var text = new GeneratedText(new Random(options.Seed + 4));
        var commenters = new Commenters(Math.Clamp(options.Comments / 20, 50, 50_000));
        var comments = new List<Comment>(CommentBatch + 1000);
        var reports = new List<CommentReport>();
        var nextId = 1;
        var nextReport = 1;
        var written = 0L;
        int approved = 0, held = 0, spam = 0;
        var threadable = new List<(int Id, int Depth, DateTime At)>();
        for (var a = 0; a < plan.CommentCounts.Length; a++)
        {
            var count = plan.CommentCounts[a];
            if (count == 0)
            {
                continue;
            }

            // Most comments come in the first hours; big discussions go on for days.
            var published = plan.Dates[a];
            var meanMinutes = 240.0 * (1 + (count / 500.0));
            var times = new DateTime[count];
            for (var c = 0; c < count; c++)
            {
                var at = published.AddMinutes(1 + (-meanMinutes * Math.Log(1 - random.NextDouble())));
                times[c] = at < utcNow ? at : utcNow.AddSeconds(-random.Next(1, 3600));
                times[c] = times[c] > published ? times[c] : published.AddMinutes(1);
            }

            Array.Sort(times);
            threadable.Clear();
            for (var c = 0; c < count; c++)
            {
                var r = random.NextDouble();
                var status = r < 0.92 ? CommentStatus.Approved : r < 0.965 ? CommentStatus.Pending : r < 0.995 ? CommentStatus.Spam : CommentStatus.Trash;
                var (name, email, ip) = commenters.Pick(random);
                var comment = new Comment
                {
                    Id = nextId++,
                    ArticleId = a + 1,
                    AuthorName = name,
                    AuthorEmail = email,
                    AuthorIp = ip,
                    Body = status == CommentStatus.Spam ? text.Spam() : text.Comment(),
                    Status = status,
                    CreatedAt = times[c],
                    ModerationReason = status switch
                    {
                        CommentStatus.Pending => random.Next(2) == 0 ? "First comment from this email address" : "Contains several links",
                        CommentStatus.Spam => "Marked as spam by a moderator",
                        _ => null,
                    },
                };
                if (status == CommentStatus.Spam)
                {
                    comment.AuthorUrl = $"https://spam.example/{random.Next(1000)}";
                }

                var depth = 0;
                if (status == CommentStatus.Approved && threadable.Count > 0 && random.Next(100) < 45)
                {
                    // Replies mostly answer something recent; the parent is an approved comment not already nested too deep.
                    var back = (int)(-4 * Math.Log(1 - random.NextDouble()));
                    var parent = threadable[Math.Max(0, threadable.Count - 1 - back)];
                    comment.ParentId = parent.Id;
                    depth = parent.Depth + 1;
                }

                if (status == CommentStatus.Approved)
                {
                    approved++;
                    if (depth < MaxDepth)
                    {
                        threadable.Add((comment.Id, depth, comment.CreatedAt));
                    }

                    if (random.Next(400) == 0)
                    {
                        comment.ReportCount = random.Next(1, 4);
                        for (var k = 0; k < comment.ReportCount; k++)
                        {
                            reports.Add(new CommentReport
                            {
                                Id = nextReport++,
                                CommentId = comment.Id,
                                ReporterKey = Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())) + k,
                                CreatedAt = comment.CreatedAt.AddMinutes(random.Next(1, 600)),
                            });
                        }
                    }
                }
                else if (status == CommentStatus.Spam)
                {
                    spam++;
                }
                else if (status == CommentStatus.Pending)
                {
                    held++;
                }

                comments.Add(comment);
            }

            if (comments.Count >= CommentBatch)
            {
                written += await FlushAsync();
            }
        }

        written += await FlushAsync();
        return (approved, held, spam);

        async Task<int> FlushAsync()
        {
            var flushed = comments.Count;
            if (flushed > 0)
            {
                await writer.WriteAsync(comments, cancellationToken);
                await writer.WriteAsync(reports, cancellationToken);
                comments.Clear();
                reports.Clear();
                progress.Report("Writing comments", written + flushed, options.Comments);
            }

            return flushed;
        }
    }

    /// <summary>The site's readers who comment: a few regulars who write a lot, many who write once.</summary>
    private sealed class Commenters(int count)
    {
        private readonly Zipf pick = new(count, 0.8);

        public (string Name, string Email, string Ip) Pick(Random random)
        {
            var k = pick.Next(random);
            var first = GeneratedWords.FirstNames[k % GeneratedWords.FirstNames.Length];
            var surname = GeneratedWords.Surnames[(k / GeneratedWords.FirstNames.Length) % GeneratedWords.Surnames.Length];
            var name = (k % 3) switch
            {
                0 => $"{first} {surname}",
                1 => $"{first} {surname[0]}.",
                _ => $"{first.ToLowerInvariant()}_{surname.ToLowerInvariant()}{k % 100}",
            };
            var email = $"{first}.{surname}.{k}@example.com".ToLowerInvariant();
            return (name, email, $"198.51.{100 + (k / 254 % 100)}.{1 + (k % 254)}");
        }
    }
}
