using System.Globalization;
using System.Text.RegularExpressions;

namespace Broadsheet.Import;

/// <summary>A post or page as the first reading of the file saw it: enough to plan slugs and addresses before any body is converted.</summary>
public sealed record SurveyedPost(int Id, string Type, string Status, string? PostName, string Title, string? Link, string? PostDate, string? PostDateGmt, bool HasPassword);

/// <summary>
/// The first of the two readings of the file: it checks the whole file is well-formed before anything is written,
/// and gathers what every item needs to know about the others (authors, categories, attachments, permalinks,
/// and the export's time offset).
/// </summary>
public sealed partial class WxrSurvey
{
    public WxrChannel Channel { get; private set; } = new();
    public Dictionary<string, WxrAuthor> Authors { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, WxrTerm> Categories { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, WxrTerm> Tags { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<WxrItem> Attachments { get; } = [];
    public List<SurveyedPost> Posts { get; } = [];
    public int ItemCount { get; private set; }

    /// <summary>The export's local time minus UTC, from the items that give both; null when none does.</summary>
    public TimeSpan? Offset { get; private set; }

    public int OffsetSamples { get; private set; }

    public static WxrSurvey Read(string path, CancellationToken cancellationToken)
    {
        var survey = new WxrSurvey();
        var offsets = new Dictionary<TimeSpan, int>();
        foreach (var entry in WxrReader.Read(path))
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (entry)
            {
                case WxrAuthor author:
                    survey.Authors.TryAdd(author.Login, author);
                    break;
                case WxrTerm { Taxonomy: "category" } category:
                    survey.Categories.TryAdd(category.Slug, category);
                    break;
                case WxrTerm { Taxonomy: "post_tag" } tag:
                    survey.Tags.TryAdd(tag.Slug, tag);
                    break;
                case WxrItem item:
                    survey.ItemCount++;
                    survey.Add(item, offsets);
                    break;
                case WxrChannel channel:
                    survey.Channel = channel;
                    break;
            }
        }

        if (survey.Channel.Version is { } version && !Version().IsMatch(version))
        {
            // WordPress's own importer refuses such a file too: it cannot say which format it reads.
            throw new WxrFormatException($"{Path.GetFileName(path)} is not a WordPress export we can read: its WXR version is \"{version}\".");
        }

        if (offsets.Count > 0)
        {
            var best = offsets.OrderByDescending(o => o.Value).First();
            survey.Offset = best.Key;
            survey.OffsetSamples = offsets.Values.Sum();
        }

        return survey;
    }

    private void Add(WxrItem item, Dictionary<TimeSpan, int> offsets)
    {
        if (item.Id is not { } id)
        {
            return;
        }

        if (WxrDates.Parse(item.PostDate) is { } local && WxrDates.Parse(item.PostDateGmt) is { } utc)
        {
            // Offsets are whole quarter hours; anything else is a clock that moved between the two writes.
            var offset = TimeSpan.FromMinutes(Math.Round((local - utc).TotalMinutes / 15) * 15);
            if (Math.Abs(offset.TotalHours) <= 14)
            {
                offsets[offset] = offsets.GetValueOrDefault(offset) + 1;
            }
        }

        switch (item.PostType)
        {
            case "attachment":
                Attachments.Add(new WxrItem
                {
                    Id = id, Title = item.Title, Link = item.Link, AttachmentUrl = item.AttachmentUrl, ParentId = item.ParentId,
                    Excerpt = item.Excerpt, Content = "",
                }.WithMeta(item, "_wp_attached_file", "_wp_attachment_image_alt"));
                break;
            case "post" or "page":
                Posts.Add(new SurveyedPost(id, item.PostType, item.Status ?? "", item.PostName, WordPressBody.PlainText(item.Title), item.Link,
                    item.PostDate, item.PostDateGmt, !string.IsNullOrEmpty(item.Password)));
                break;
        }
    }

    [GeneratedRegex(@"^\d+(\.\d+)*$")]
    private static partial Regex Version();
}

internal static class WxrItemCopies
{
    public static WxrItem WithMeta(this WxrItem copy, WxrItem source, params string[] keys)
    {
        copy.Meta.AddRange(source.Meta.Where(m => keys.Contains(m.Key)));
        return copy;
    }
}

/// <summary>WordPress writes dates as "2013-01-10 20:15:40"; "0000-00-00 00:00:00" means none.</summary>
public static class WxrDates
{
    public static DateTime? Parse(string? text) =>
        DateTime.TryParseExact(text?.Trim(), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year > 1
            ? date
            : null;
}
