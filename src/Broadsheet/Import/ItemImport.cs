using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Data;
using Broadsheet.StaticPages;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Import;

/// <summary>Brings one post (as an article with its comments) or one page (as a static page) of the file in.</summary>
public sealed class ItemImport(BroadsheetDb db, ImportState state, ImportReport report, ImportLinks links, ExportClock clock,
    WxrSurvey survey, IReadOnlyDictionary<int, PlannedItem> plan, DateTime now)
{
    public const string DefaultAuthorSlug = "staff";
    private readonly BodyNotes notes = new();
    private int? defaultSectionId;

    public BodyNotes Notes => notes;

    /// <summary>Articles that still need their old addresses turned into redirects: (WordPress id, old link, new path).</summary>
    public List<(int WordPressId, string? Link, string Path)> ArticleAddresses { get; } = [];

    public List<(string? Link, string Path)> PageAddresses { get; } = [];

    /// <summary>Category and tag slugs of the file, with the section or tag page that now shows them.</summary>
    public Dictionary<string, string> TermPaths { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, string> AuthorPaths { get; } = new(StringComparer.OrdinalIgnoreCase);

    public async Task ImportPostAsync(WxrItem item, CancellationToken cancellationToken)
    {
        var id = item.Id!.Value;
        var title = WordPressBody.PlainText(item.Title);
        var example = $"{id} {title}".Trim();
        if (state.Articles.TryGetValue(id, out var existing))
        {
            report.Skipped(ImportReport.Articles, "already imported (its WordPress id is known)", example);
            await ImportCommentsAsync(item, null, existing.Id, example, cancellationToken);
            return;
        }

        if (!plan.TryGetValue(id, out var planned))
        {
            report.Skipped(ImportReport.Articles, $"status \"{item.Status}\" (trash, auto-draft or revision) is not imported", example);
            SkipComments(item, "its post was not imported");
            return;
        }

        if (!string.IsNullOrEmpty(item.Password))
        {
            report.Changed(ImportReport.Articles, "password-protected in WordPress: imported as a draft", example);
        }
        else if (item.Status == "private")
        {
            report.Changed(ImportReport.Articles, "private in WordPress: imported as a draft", example);
        }

        var article = new Article
        {
            Headline = ImportState.Clip(title, 300, "Untitled"),
            Slug = planned.Slug,
            Standfirst = WordPressBody.PlainText(item.Excerpt) is { Length: > 0 } standfirst ? ImportState.Clip(standfirst, 1000) : null,
            Body = WordPressBody.Convert(item.Content, links, notes, id),
            BodyFormat = BodyFormat.Html,
            IsSticky = item.IsSticky,
            WordPressId = id,
            Status = planned.ArticleStatus,
            PublishedAt = planned.PublishedAt,
            CreatedAt = planned.CreatedAt,
            UpdatedAt = clock.Utc(item.ModifiedGmt, null) ?? planned.CreatedAt,
            CommentsOpen = item.CommentStatus != "closed",
            // An imported article was news on the old site long ago: nobody is alerted, now or when it goes live.
            EmailSubscribers = false,
            AlertQueuedAt = now,
        };
        if (string.IsNullOrWhiteSpace(title))
        {
            report.Changed(ImportReport.Articles, "no title: headline \"Untitled\"", example);
        }

        await ClassifyAsync(item, article, example, cancellationToken);
        await BylineAsync(item, article, example, cancellationToken);
        FeaturedImage(item, article, example);
        db.Articles.Add(article);
        db.ArticleRevisions.Add(new ArticleRevision
        {
            Article = article, Headline = article.Headline, Standfirst = article.Standfirst, Body = article.Body,
            CreatedAt = now, UserName = "WordPress import", Note = "Imported from WordPress",
        });
        report.Imported(ImportReport.Articles);
        state.Articles[id] = (0, planned.Path);
        if (planned.Path is not null)
        {
            ArticleAddresses.Add((id, item.Link, planned.Path));
        }

        await ImportCommentsAsync(item, article, null, example, cancellationToken);
    }

    public void ImportPage(WxrItem item)
    {
        var id = item.Id!.Value;
        var title = WordPressBody.PlainText(item.Title);
        var example = $"{id} {title}".Trim();
        if (state.Pages.ContainsKey(id))
        {
            report.Skipped(ImportReport.StaticPages, "already imported (its WordPress id is known)", example);
            return;
        }

        if (!plan.TryGetValue(id, out var planned))
        {
            report.Skipped(ImportReport.StaticPages, $"status \"{item.Status}\" (trash, auto-draft or revision) is not imported", example);
            return;
        }

        if (!string.IsNullOrEmpty(item.Password) || item.Status == "private")
        {
            report.Changed(ImportReport.StaticPages, "private or password-protected in WordPress: imported as a draft", example);
        }

        if (item.Comments.Count > 0)
        {
            SkipComments(item, "comments on pages are not kept (static pages have no discussion)");
        }

        var page = new StaticPage
        {
            Title = ImportState.Clip(title, 300, "Untitled"),
            Slug = planned.Slug,
            Body = WordPressBody.Convert(item.Content, links, notes, id),
            BodyFormat = BodyFormat.Html,
            Description = WordPressBody.PlainText(item.Excerpt) is { Length: > 0 } description ? ImportState.Clip(description, 1000) : null,
            Status = planned.PageStatus,
            PublishedAt = planned.PublishedAt,
            CreatedAt = planned.CreatedAt,
            UpdatedAt = clock.Utc(item.ModifiedGmt, null) ?? planned.CreatedAt,
            WordPressId = id,
        };
        db.StaticPages.Add(page);
        db.StaticPageRevisions.Add(new StaticPageRevision
        {
            StaticPage = page, Title = page.Title, Body = page.Body, BodyFormat = page.BodyFormat, Description = page.Description,
            CreatedAt = now, UserName = "WordPress import",
        });
        state.Pages[id] = page.Slug;
        report.Imported(ImportReport.StaticPages);
        PageAddresses.Add((item.Link, "/" + page.Slug));
    }

    /// <summary>Categories become the section (the first one's top ancestor) and tags (nested and further categories); tags stay tags.</summary>
    private async Task ClassifyAsync(WxrItem item, Article article, string example, CancellationToken cancellationToken)
    {
        var tagSlugs = new HashSet<string>();
        string? sectionTop = null;
        foreach (var term in item.Terms.Where(t => t.Domain == "category"))
        {
            var top = TopCategory(term.Slug);
            var nested = !top.Equals(term.Slug, StringComparison.OrdinalIgnoreCase);
            if (sectionTop is null)
            {
                sectionTop = top;
                var topName = WordPressBody.PlainText(survey.Categories.TryGetValue(top, out var topTerm) ? topTerm.Name : term.Name);
                var sectionSlug = ImportState.SlugOf(top, topName, "section");
                article.SectionId = await state.SectionAsync(sectionSlug, topName, cancellationToken);
                TermPaths.TryAdd("category:" + top, $"/section/{sectionSlug}");
            }
            else if (term.Slug.Equals(sectionTop, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            else if (!nested)
            {
                report.Changed(ImportReport.Articles, "more than one top category: the first is the section, the others became tags", example);
                await AddTagAsync(article, tagSlugs, "category:" + term.Slug, term.Slug, term.Name, cancellationToken);
                continue;
            }

            if (nested)
            {
                report.Changed(ImportReport.Articles, "nested category: its top category is a section, it became a tag", $"{WordPressBody.PlainText(term.Name)} ({example})", example);
                await AddTagAsync(article, tagSlugs, "category:" + term.Slug, term.Slug, term.Name, cancellationToken);
            }
        }

        if (article.SectionId == 0)
        {
            defaultSectionId ??= await DefaultSectionAsync(cancellationToken);
            article.SectionId = defaultSectionId.Value;
            report.Changed(ImportReport.Articles, "no category: filed under the site's first section", example);
        }

        foreach (var term in item.Terms.Where(t => t.Domain == "post_tag"))
        {
            await AddTagAsync(article, tagSlugs, "tag:" + term.Slug, term.Slug, term.Name, cancellationToken);
        }
    }

    private async Task AddTagAsync(Article article, HashSet<string> added, string key, string wordPressSlug, string name, CancellationToken cancellationToken)
    {
        var plainName = WordPressBody.PlainText(name);
        var slug = ImportState.SlugOf(wordPressSlug, plainName, "tag");
        if (!added.Add(slug))
        {
            return;
        }

        article.Tags.Add(await state.TagAsync(slug, plainName.Length > 0 ? plainName : slug, cancellationToken));
        TermPaths.TryAdd(key, $"/tag/{slug}");
    }

    private string TopCategory(string slug)
    {
        var current = slug;
        for (var depth = 0; depth < 20 && survey.Categories.TryGetValue(current, out var term) && term.ParentSlug is { } parent && survey.Categories.ContainsKey(parent); depth++)
        {
            current = parent;
        }

        return current;
    }

    private async Task<int> DefaultSectionAsync(CancellationToken cancellationToken) =>
        await db.Sections.AsNoTracking().OrderBy(s => s.Position).Select(s => (int?)s.Id).FirstOrDefaultAsync(cancellationToken)
        ?? await state.SectionAsync("news", "News", cancellationToken);

    private async Task BylineAsync(WxrItem item, Article article, string example, CancellationToken cancellationToken)
    {
        int authorId;
        if (item.Creator is { } login)
        {
            var author = survey.Authors.GetValueOrDefault(login);
            var name = AuthorName(author, login);
            var slug = AuthorSlug(author, login);
            authorId = await state.AuthorAsync(slug, name, cancellationToken);
            AuthorPaths.TryAdd(login, $"/author/{slug}");
        }
        else
        {
            authorId = await state.AuthorAsync(DefaultAuthorSlug, "Staff", cancellationToken);
            report.Changed(ImportReport.Articles, "no author in the file: byline \"Staff\"", example);
        }

        article.Bylines.Add(new Byline { AuthorId = authorId, Position = 0 });
    }

    public static string AuthorName(WxrAuthor? author, string login)
    {
        var full = $"{author?.FirstName} {author?.LastName}".Trim();
        return WordPressBody.PlainText(author?.DisplayName is { Length: > 0 } display ? display : full.Length > 0 ? full : login) is { Length: > 0 } name ? name : login;
    }

    public static string AuthorSlug(WxrAuthor? author, string login) => ImportState.SlugOf(null, AuthorName(author, login), ImportState.SlugOf(login, "", "author"));

    private void FeaturedImage(WxrItem item, Article article, string example)
    {
        if (item.MetaValue("_thumbnail_id") is not { } value || !int.TryParse(value.Trim(), out var attachmentId))
        {
            return;
        }

        if (links.File(attachmentId) is not { MediaUrl: { } url } file)
        {
            report.Changed(ImportReport.Articles, "featured image not brought (see Media)", example);
            return;
        }

        article.MediaItemId = file.MediaItemId;
        article.ImageUrl = url;
        article.ImageVariants = file.Variants;
        article.ImageWidth = file.Width;
        article.ImageHeight = file.Height;
        article.ImageAlt = ImportState.Clip(file.Alt, 500);
        article.ImageCaption = file.Caption is { Length: > 0 } caption ? ImportState.Clip(caption, 1000) : null;
    }

    private async Task ImportCommentsAsync(WxrItem item, Article? article, int? existingArticleId, string example, CancellationToken cancellationToken)
    {
        if (item.Comments.Count == 0)
        {
            return;
        }

        var byWordPressId = new Dictionary<int, Comment>();
        Dictionary<int, int> existingIds = [];
        if (existingArticleId is { } articleId)
        {
            existingIds = await db.Comments.AsNoTracking().Where(c => c.ArticleId == articleId && c.WordPressId != null)
                .ToDictionaryAsync(c => c.WordPressId!.Value, c => c.Id, cancellationToken);
        }

        var added = new List<(Comment Comment, int ParentId)>();
        foreach (var source in item.Comments)
        {
            var what = source.Type is "pingback" or "trackback" ? ImportReport.Pingbacks : ImportReport.Comments;
            if (source.Id is not { } wordPressId)
            {
                report.Skipped(what, "no comment id in the file", example);
                continue;
            }

            if (state.Comments.Contains(wordPressId))
            {
                report.Skipped(what, "already imported (its WordPress id is known)");
                continue;
            }

            var comment = ToComment(source, wordPressId);
            if (article is not null)
            {
                comment.Article = article;
            }
            else
            {
                comment.ArticleId = existingArticleId!.Value;
            }

            state.Comments.Add(wordPressId);
            byWordPressId[wordPressId] = comment;
            added.Add((comment, source.ParentId));
            db.Comments.Add(comment);
            report.Imported(what);
        }

        foreach (var (comment, parentId) in added.Where(a => a.ParentId != 0))
        {
            if (byWordPressId.TryGetValue(parentId, out var parent) && parent != comment)
            {
                comment.Parent = parent;
            }
            else if (existingIds.TryGetValue(parentId, out var parentKey))
            {
                comment.ParentId = parentKey;
            }
        }

        if (article is null && added.Count > 0)
        {
            report.Changed(ImportReport.Articles, "new comments added to an article imported before", example);
        }
    }

    private Comment ToComment(WxrComment source, int wordPressId)
    {
        var url = source.Url?.Trim();
        return new Comment
        {
            WordPressId = wordPressId,
            AuthorName = ImportState.Clip(WordPressBody.PlainText(source.Author), 200, "Anonymous"),
            AuthorEmail = ImportState.Clip(source.Email, 320),
            AuthorUrl = url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                ? ImportState.Clip(url, 500) : null,
            AuthorIp = source.Ip is null ? null : ImportState.Clip(source.Ip, 64),
            Body = CommentPlainText.From(source.Content),
            Status = source.Approved switch
            {
                "1" or "approve" => CommentStatus.Approved,
                "spam" => CommentStatus.Spam,
                "trash" or "post-trashed" => CommentStatus.Trash,
                _ => CommentStatus.Pending,
            },
            Kind = source.Type switch
            {
                "pingback" => CommentKind.Pingback,
                "trackback" => CommentKind.Trackback,
                _ => CommentKind.Comment,
            },
            CreatedAt = clock.Utc(source.DateGmt, source.Date) ?? now,
            // Imported discussions are old news: nobody who follows them is mailed about these comments.
            FollowersNotifiedAt = now,
        };
    }

    private void SkipComments(WxrItem item, string reason)
    {
        foreach (var comment in item.Comments)
        {
            report.Skipped(comment.Type is "pingback" or "trackback" ? ImportReport.Pingbacks : ImportReport.Comments, reason);
        }
    }
}
