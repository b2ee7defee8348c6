using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Data;
using Broadsheet.Media;
using Broadsheet.Site;
using Broadsheet.StaticPages;
using Microsoft.Extensions.Options;

namespace Broadsheet.Export;

/// <summary>
/// <c>export json</c>: the whole site as one JSON document (docs/export-format.md describes it), written as it is
/// read so that a site of any size needs no more memory than a batch of rows.
/// </summary>
public sealed class JsonSiteExport(BroadsheetDb db, SiteSettingsStore settings, IOptions<BroadsheetOptions> options, TimeProvider time)
{
    /// <summary>Raised when a field is renamed or removed, or its meaning changes; new fields keep the version.</summary>
    public const int FormatVersion = 1;

    public const string FormatName = "broadsheet-export";

    private const int FlushAt = 64 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        // A file for people and programs, never embedded in a page: non-ASCII text stays readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task<ExportCounts> WriteAsync(Stream destination, CancellationToken cancellationToken)
    {
        var source = new ExportSource(db);
        var tally = new ExportTally();
        await using var snapshot = await source.BeginSnapshotAsync(cancellationToken);
        await using var json = new Utf8JsonWriter(destination, WriterOptions);

        json.WriteStartObject();
        json.WriteString("format", FormatName);
        json.WriteNumber("formatVersion", FormatVersion);
        json.WriteString("generator", $"Broadsheet {Version()}");
        json.WriteString("exportedAt", Utc(time.GetUtcNow().UtcDateTime));
        WriteSite(json);

        json.WriteStartArray("sections");
        await foreach (var section in source.Sections().WithCancellation(cancellationToken))
        {
            json.WriteStartObject();
            json.WriteNumber("id", section.Id);
            json.WriteString("name", section.Name);
            json.WriteString("slug", section.Slug);
            json.WriteString("description", section.Description);
            json.WriteNumber("position", section.Position);
            json.WriteEndObject();
            tally.Sections++;
        }

        json.WriteEndArray();
        json.WriteStartArray("tags");
        await foreach (var tag in source.Tags().WithCancellation(cancellationToken))
        {
            json.WriteStartObject();
            json.WriteNumber("id", tag.Id);
            json.WriteString("name", tag.Name);
            json.WriteString("slug", tag.Slug);
            json.WriteEndObject();
            tally.Tags++;
            await FlushIfFullAsync(json, cancellationToken);
        }

        json.WriteEndArray();
        json.WriteStartArray("authors");
        await foreach (var author in source.Authors().WithCancellation(cancellationToken))
        {
            json.WriteStartObject();
            json.WriteNumber("id", author.Id);
            json.WriteString("name", author.Name);
            json.WriteString("slug", author.Slug);
            json.WriteString("jobTitle", author.JobTitle);
            json.WriteString("bio", author.Bio);
            json.WriteEndObject();
            tally.Authors++;
        }

        json.WriteEndArray();
        json.WriteStartArray("media");
        await foreach (var item in source.Media(cancellationToken).WithCancellation(cancellationToken))
        {
            WriteMedia(json, item);
            tally.Media++;
            await FlushIfFullAsync(json, cancellationToken);
        }

        json.WriteEndArray();
        json.WriteStartArray("articles");
        await foreach (var batch in source.ArticleBatchesAsync(cancellationToken).WithCancellation(cancellationToken))
        {
            foreach (var article in batch)
            {
                WriteArticle(json, article);
                tally.Articles++;
                await FlushIfFullAsync(json, cancellationToken);
            }
        }

        json.WriteEndArray();
        json.WriteStartArray("pages");
        await foreach (var page in source.Pages().WithCancellation(cancellationToken))
        {
            WritePage(json, page);
            tally.Pages++;
            await FlushIfFullAsync(json, cancellationToken);
        }

        json.WriteEndArray();
        json.WriteStartArray("comments");
        await foreach (var comment in source.Comments(cancellationToken).WithCancellation(cancellationToken))
        {
            WriteComment(json, comment);
            tally.Comments++;
            await FlushIfFullAsync(json, cancellationToken);
        }

        json.WriteEndArray();
        json.WriteStartArray("redirects");
        await foreach (var redirect in source.Redirects().WithCancellation(cancellationToken))
        {
            json.WriteStartObject();
            json.WriteString("path", redirect.Path);
            json.WriteString("target", redirect.Target);
            json.WriteString("createdAt", Utc(redirect.CreatedAt));
            json.WriteEndObject();
            tally.Redirects++;
            await FlushIfFullAsync(json, cancellationToken);
        }

        json.WriteEndArray();
        var counts = tally.ToCounts();
        json.WriteStartObject("counts");
        json.WriteNumber("sections", counts.Sections);
        json.WriteNumber("tags", counts.Tags);
        json.WriteNumber("authors", counts.Authors);
        json.WriteNumber("media", counts.Media);
        json.WriteNumber("articles", counts.Articles);
        json.WriteNumber("pages", counts.Pages);
        json.WriteNumber("comments", counts.Comments);
        json.WriteNumber("redirects", counts.Redirects);
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
        return counts;
    }

    internal static string Version() =>
        typeof(JsonSiteExport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>ISO 8601 in UTC with a Z, whatever kind the value came back from the database with.</summary>
    internal static string Utc(DateTime value) =>
        DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture);

    internal static string Name<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    private static async Task FlushIfFullAsync(Utf8JsonWriter json, CancellationToken cancellationToken)
    {
        if (json.BytesPending > FlushAt)
        {
            await json.FlushAsync(cancellationToken);
        }
    }

    private void WriteSite(Utf8JsonWriter json)
    {
        var site = settings.Snapshot();
        json.WriteStartObject("site");
        json.WriteString("title", site.Title);
        json.WriteString("tagline", site.Tagline);
        json.WriteString("timeZone", site.TimeZone);
        json.WriteString("culture", site.Culture);
        json.WriteString("dateFormat", site.DateFormat);
        json.WriteString("baseUrl", string.IsNullOrWhiteSpace(options.Value.Site.BaseUrl) ? null : options.Value.Site.BaseUrl.TrimEnd('/'));
        var discussion = site.Discussion;
        json.WriteStartObject("discussion");
        json.WriteBoolean("commentsOpenByDefault", discussion.CommentsOpenByDefault);
        json.WriteNumber("closeCommentsAfterDays", discussion.CloseCommentsAfterDays);
        json.WriteBoolean("holdFirstComment", discussion.HoldFirstComment);
        json.WriteNumber("maxLinks", discussion.MaxLinks);
        json.WriteNumber("threadDepth", discussion.ThreadDepth);
        json.WriteNumber("commentsPerPage", discussion.CommentsPerPage);
        json.WriteBoolean("newestCommentsFirst", discussion.NewestCommentsFirst);
        json.WriteNumber("maxCommentLength", discussion.MaxCommentLength);
        json.WriteString("moderationKeys", discussion.ModerationKeys);
        json.WriteString("blocklistKeys", discussion.BlocklistKeys);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteArticle(Utf8JsonWriter json, Article article)
    {
        json.WriteStartObject();
        json.WriteNumber("id", article.Id);
        json.WriteString("headline", article.Headline);
        json.WriteString("slug", article.Slug);
        json.WriteString("standfirst", article.Standfirst);
        json.WriteString("body", article.Body);
        json.WriteString("bodyFormat", Name(article.BodyFormat));
        json.WriteString("status", Name(article.Status));
        json.WriteBoolean("sticky", article.IsSticky);
        WriteTime(json, "publishedAt", article.PublishedAt);
        json.WriteString("createdAt", Utc(article.CreatedAt));
        json.WriteString("updatedAt", Utc(article.UpdatedAt));
        json.WriteString("section", article.Section.Slug);
        json.WriteStartArray("tags");
        foreach (var tag in article.Tags.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            json.WriteStringValue(tag.Slug);
        }

        json.WriteEndArray();
        json.WriteStartArray("authors");
        foreach (var byline in article.Bylines.OrderBy(b => b.Position))
        {
            json.WriteStringValue(byline.Author.Slug);
        }

        json.WriteEndArray();
        if (article.ImageUrl is null)
        {
            json.WriteNull("image");
        }
        else
        {
            json.WriteStartObject("image");
            json.WriteString("url", article.ImageUrl);
            WriteNumber(json, "mediaId", article.MediaItemId);
            json.WriteString("alt", article.ImageAlt);
            json.WriteString("caption", article.ImageCaption);
            json.WriteString("credit", article.ImageCredit);
            WriteNumber(json, "width", article.ImageWidth);
            WriteNumber(json, "height", article.ImageHeight);
            json.WriteEndObject();
        }

        json.WriteBoolean("commentsOpen", article.CommentsOpen);
        json.WriteStartArray("corrections");
        foreach (var correction in article.Corrections.OrderBy(c => c.CreatedAt))
        {
            json.WriteStartObject();
            json.WriteString("kind", Name(correction.Kind));
            json.WriteString("text", correction.Text);
            json.WriteString("createdAt", Utc(correction.CreatedAt));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteNumber(json, "wordPressId", article.WordPressId);
        json.WriteEndObject();
    }

    private static void WritePage(Utf8JsonWriter json, StaticPage page)
    {
        json.WriteStartObject();
        json.WriteNumber("id", page.Id);
        json.WriteString("title", page.Title);
        json.WriteString("slug", page.Slug);
        json.WriteString("body", page.Body);
        json.WriteString("bodyFormat", Name(page.BodyFormat));
        json.WriteString("description", page.Description);
        json.WriteString("status", Name(page.Status));
        WriteTime(json, "publishedAt", page.PublishedAt);
        json.WriteString("createdAt", Utc(page.CreatedAt));
        json.WriteString("updatedAt", Utc(page.UpdatedAt));
        WriteNumber(json, "footerPosition", page.FooterPosition);
        WriteNumber(json, "wordPressId", page.WordPressId);
        json.WriteEndObject();
    }

    private static void WriteComment(Utf8JsonWriter json, Comment comment)
    {
        json.WriteStartObject();
        json.WriteNumber("id", comment.Id);
        json.WriteNumber("articleId", comment.ArticleId);
        WriteNumber(json, "parentId", comment.ParentId);
        json.WriteString("kind", Name(comment.Kind));
        json.WriteString("status", Name(comment.Status));
        json.WriteString("authorName", comment.AuthorName);
        json.WriteString("authorEmail", comment.AuthorEmail);
        json.WriteString("authorUrl", comment.AuthorUrl);
        json.WriteString("authorIp", comment.AuthorIp);
        json.WriteBoolean("staff", comment.IsStaff);
        json.WriteString("body", comment.Body);
        json.WriteString("createdAt", Utc(comment.CreatedAt));
        WriteTime(json, "editedAt", comment.EditedAt);
        WriteNumber(json, "wordPressId", comment.WordPressId);
        json.WriteEndObject();
    }

    private static void WriteMedia(Utf8JsonWriter json, MediaItem item)
    {
        json.WriteStartObject();
        json.WriteNumber("id", item.Id);
        json.WriteString("path", item.Path);
        json.WriteString("url", item.Url);
        json.WriteString("originalName", item.OriginalName);
        json.WriteString("contentType", item.ContentType);
        json.WriteNumber("size", item.Length);
        json.WriteNumber("width", item.Width);
        json.WriteNumber("height", item.Height);
        json.WriteStartArray("variants");
        foreach (var width in item.Variants.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(width, System.Globalization.CultureInfo.InvariantCulture, out var pixels))
            {
                json.WriteNumberValue(pixels);
            }
        }

        json.WriteEndArray();
        json.WriteString("alt", item.Alt);
        json.WriteString("caption", item.Caption);
        json.WriteString("credit", item.Credit);
        json.WriteString("sourceUrl", item.SourceUrl);
        WriteNumber(json, "wordPressId", item.WordPressId);
        json.WriteString("uploadedAt", Utc(item.UploadedAt));
        json.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTime? value)
    {
        if (value is { } time)
        {
            json.WriteString(name, Utc(time));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
