using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Broadsheet.Subscriptions;

/// <summary>What a confirmation link asks for when it is followed: the choices made on the form that sent it.</summary>
public sealed record ConfirmationLink(int SubscriberId, string LinkKey, string Nonce, DateTime ExpiresAt, Frequency? Frequency, IReadOnlyList<int> SectionIds);

public enum LinkState
{
    Valid,

    /// <summary>Forged, altered, cut short or meant for another purpose.</summary>
    Invalid,
    Expired,
}

/// <summary>Subscription settings (<c>Broadsheet:Subscriptions</c>).</summary>
public sealed class SubscriptionOptions
{
    /// <summary>How long a confirmation link works.</summary>
    public TimeSpan ConfirmationLinkLifetime { get; set; } = TimeSpan.FromHours(48);

    /// <summary>At most one confirmation mail to the same address in this time.</summary>
    public TimeSpan ConfirmationInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The daily digest goes out at this time of day in the site's time zone.</summary>
    public TimeOnly DailyDigestAt { get; set; } = new(7, 0);

    /// <summary>The weekly digest goes out on this day, at <see cref="DailyDigestAt"/>.</summary>
    public DayOfWeek WeeklyDigestDay { get; set; } = DayOfWeek.Monday;

    /// <summary>
    /// Subscribers per transaction when a mailing is turned into messages: larger pages mean fewer commits
    /// (the cost that matters on SQLite), smaller ones less memory; a page of 1,000 holds about 15 MB of mail.
    /// </summary>
    public int MailingPageSize { get; set; } = 1000;

    /// <summary>Subscribe attempts per client address a minute.</summary>
    public int AttemptsPerMinute { get; set; } = 5;

    /// <summary>Subscribe attempts for one email address an hour (whoever makes them).</summary>
    public int AttemptsPerAddressPerHour { get; set; } = 5;
}

/// <summary>
/// The signed links in subscription mail. A confirmation link carries the reader's choices, expires and works
/// once (its nonce is spent in <see cref="SpentLink"/>); preference and unsubscribe links do not expire but
/// stop working when the address is deleted (its <see cref="Subscriber.LinkKey"/> changes with a new life).
/// </summary>
public sealed class SubscriptionLinks(IDataProtectionProvider protection, TimeProvider time, IOptions<SubscriptionOptions> options)
{
    private readonly IDataProtector confirm = protection.CreateProtector("Broadsheet.Subscriptions.Confirm");
    private readonly IDataProtector preferences = protection.CreateProtector("Broadsheet.Subscriptions.Preferences");
    private readonly IDataProtector unsubscribe = protection.CreateProtector("Broadsheet.Subscriptions.Unsubscribe");

    public static string NewLinkKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>The site-relative confirmation link for <paramref name="subscriber"/>; null choices leave theirs as they are.</summary>
    public string ConfirmPath(Subscriber subscriber, Frequency? frequency, IReadOnlyCollection<int>? sectionIds)
    {
        var expires = time.GetUtcNow().UtcDateTime + options.Value.ConfirmationLinkLifetime;
        var payload = string.Join('|',
            subscriber.Id.ToString(CultureInfo.InvariantCulture),
            subscriber.LinkKey,
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            expires.Ticks.ToString(CultureInfo.InvariantCulture),
            frequency is null ? "" : ((int)frequency).ToString(CultureInfo.InvariantCulture),
            sectionIds is null ? "-" : string.Join(',', sectionIds));
        return "/subscribe/confirm?token=" + Encode(confirm, payload);
    }

    public (LinkState State, ConfirmationLink? Link) ReadConfirmation(string? token)
    {
        var parts = Decode(confirm, token);
        if (parts is not { Length: 6 }
            || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var id)
            || !long.TryParse(parts[3], CultureInfo.InvariantCulture, out var ticks))
        {
            return (LinkState.Invalid, null);
        }

        Frequency? frequency = parts[4].Length == 0 ? null : (Frequency)int.Parse(parts[4], CultureInfo.InvariantCulture);
        IReadOnlyList<int> sections = parts[5] is "-" or "" ? [] : parts[5].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var link = new ConfirmationLink(id, parts[1], parts[2], new DateTime(ticks, DateTimeKind.Utc), frequency, sections);
        return (link.ExpiresAt < time.GetUtcNow().UtcDateTime ? LinkState.Expired : LinkState.Valid, link);
    }

    public string PreferencesPath(Subscriber subscriber) => "/subscription?token=" + SubscriberToken(subscriber, preferences);

    /// <summary>The one-click unsubscribe link (RFC 8058): a POST to it unsubscribes, a GET shows a page with a button.</summary>
    public string UnsubscribePath(Subscriber subscriber) => "/subscription/unsubscribe?token=" + SubscriberToken(subscriber, unsubscribe);

    /// <summary>The subscriber id and link key in a preferences link, or null when it is not one.</summary>
    public (int Id, string LinkKey)? ReadPreferences(string? token) => ReadSubscriber(preferences, token);

    public (int Id, string LinkKey)? ReadUnsubscribe(string? token) => ReadSubscriber(unsubscribe, token);

    private static string SubscriberToken(Subscriber subscriber, IDataProtector protector) =>
        Encode(protector, subscriber.Id.ToString(CultureInfo.InvariantCulture) + "|" + subscriber.LinkKey);

    private static (int, string)? ReadSubscriber(IDataProtector protector, string? token) =>
        Decode(protector, token) is [var id, var key] && int.TryParse(id, CultureInfo.InvariantCulture, out var value) ? (value, key) : null;

    private static string Encode(IDataProtector protector, string payload) =>
        WebEncoders.Base64UrlEncode(protector.Protect(System.Text.Encoding.UTF8.GetBytes(payload)));

    private static string[]? Decode(IDataProtector protector, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 2000)
        {
            return null;
        }

        try
        {
            return System.Text.Encoding.UTF8.GetString(protector.Unprotect(WebEncoders.Base64UrlDecode(token))).Split('|');
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            return null;
        }
    }
}
