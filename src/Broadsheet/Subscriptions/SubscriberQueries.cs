namespace Broadsheet.Subscriptions;

/// <summary>The newsroom's view of the subscriber list: the same search and status filter for the page and its export.</summary>
public static class SubscriberQueries
{
    /// <summary>Addresses containing <paramref name="search"/> (any case), of <paramref name="status"/> when given.</summary>
    public static IQueryable<Subscriber> Matching(this IQueryable<Subscriber> subscribers, string? search, SubscriberStatus? status)
    {
        if (!string.IsNullOrWhiteSpace(search))
        {
            var normalized = search.Trim().ToUpperInvariant();
            subscribers = subscribers.Where(s => s.NormalizedEmail.Contains(normalized));
        }

        return status is { } only ? subscribers.Where(s => s.Status == only) : subscribers;
    }

    /// <summary>The status as the newsroom and the CSV files write it.</summary>
    public static string Name(this SubscriberStatus status) => status switch
    {
        SubscriberStatus.Pending => "pending",
        SubscriberStatus.Confirmed => "confirmed",
        SubscriberStatus.Unsubscribed => "unsubscribed",
        _ => "bouncing",
    };

    public static SubscriberStatus? ParseStatus(string? name) =>
        Enum.GetValues<SubscriberStatus>().Where(s => string.Equals(s.Name(), name?.Trim(), StringComparison.OrdinalIgnoreCase)).Select(s => (SubscriberStatus?)s).FirstOrDefault();

    /// <summary>The frequency as the CSV files write it.</summary>
    public static string Name(this Frequency frequency) => frequency switch
    {
        Frequency.AsPublished => "as_published",
        Frequency.Daily => "daily",
        Frequency.Weekly => "weekly",
        _ => "none",
    };

    /// <summary>The frequency as the newsroom shows it, in the words of the subscribe form.</summary>
    public static string Label(this Frequency frequency) => frequency switch
    {
        Frequency.AsPublished => "As published",
        Frequency.Daily => "Daily digest",
        Frequency.Weekly => "Weekly digest",
        _ => "Discussions only",
    };

    /// <summary>
    /// Reads a frequency the way people write it in a newsletter service's export ("as published", "immediate",
    /// "Daily digest", "weekly"); null when it is not one.
    /// </summary>
    public static Frequency? ParseFrequency(string text)
    {
        var key = new string(text.Where(char.IsLetter).ToArray()).ToLowerInvariant();
        return key switch
        {
            "aspublished" or "published" or "immediate" or "immediately" or "instant" or "alert" or "alerts" or "realtime" => Frequency.AsPublished,
            "daily" or "dailydigest" or "day" => Frequency.Daily,
            "weekly" or "weeklydigest" or "week" => Frequency.Weekly,
            "none" or "discussionsonly" => Frequency.None,
            _ => null,
        };
    }
}
