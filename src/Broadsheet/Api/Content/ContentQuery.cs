using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Broadsheet.Api.Content;

/// <summary>
/// The query parameters of the API's lists, read by hand so that a wrong one gets a 400 that names it (framework
/// binding would answer an anonymous 400) and an unknown one is ignored.
/// </summary>
public sealed class ContentQuery(IQueryCollection query)
{
    public const int DefaultPerPage = 20;
    public const int MaxPerPage = 100;
    public const int MaxPage = 100_000;

    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public string? Text(string name) => query[name] is [{ } value, ..] && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public int WholeNumber(string name, int byDefault, int min, int max)
    {
        var text = Text(name);
        if (text is null)
        {
            return byDefault;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Errors[name] = [$"Must be a whole number from {min} to {max}."];
        return byDefault;
    }

    public int PerPage() => WholeNumber("per_page", DefaultPerPage, 1, MaxPerPage);

    /// <summary>The page, or null when the client pages by cursor (the two cannot be mixed).</summary>
    public int? Page(bool cursorGiven)
    {
        if (cursorGiven && Text("page") is not null)
        {
            Errors["page"] = ["Give either page or cursor, not both."];
            return null;
        }

        return cursorGiven ? null : WholeNumber("page", 1, 1, MaxPage);
    }

    /// <summary>
    /// A time as ISO 8601: a date (<c>2024-04-24</c>, midnight UTC; as <c>to</c>, the whole day is included) or a
    /// date and time with an offset or Z. Returned in UTC.
    /// </summary>
    public DateTime? Time(string name, bool endOfDay)
    {
        var text = Text(name);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var start = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            return endOfDay ? start.AddDays(1) : start;
        }

        if (text.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time.UtcDateTime;
        }

        Errors[name] = ["Must be an ISO 8601 date (2024-04-24) or date and time (2024-04-24T09:30:00Z)."];
        return null;
    }

    /// <summary>Where the last page ended: (PublishedAt, Id) of its last article, so the next page is stable under new articles.</summary>
    public ArticleCursor? Cursor()
    {
        var text = Text("cursor");
        if (text is null)
        {
            return null;
        }

        if (ArticleCursor.TryParse(text, out var cursor))
        {
            return cursor;
        }

        Errors["cursor"] = ["Not a cursor this API gave out: pass the nextCursor of a previous page unchanged."];
        return null;
    }
}

public readonly record struct ArticleCursor(DateTime PublishedAt, int Id)
{
    // Opaque to clients (base64url) so its inside can change; plain "ticks.id" inside.
    public override string ToString() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{PublishedAt.Ticks}.{Id}")));

    public static bool TryParse(string text, out ArticleCursor cursor)
    {
        cursor = default;
        if (text.Length > 64)
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return false;
        }

        var parts = Encoding.ASCII.GetString(bytes).Split('.');
        if (parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTime.MaxValue.Ticks
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            cursor = new ArticleCursor(new DateTime(ticks, DateTimeKind.Utc), id);
            return true;
        }

        return false;
    }
}
