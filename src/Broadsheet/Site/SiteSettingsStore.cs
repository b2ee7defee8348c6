using System.Globalization;
using Broadsheet.Comments;
using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Site;

/// <summary>The current site settings, held in memory and refreshed from the database when they change.</summary>
public sealed class SiteSettingsStore(IOptions<BroadsheetOptions> options, SiteCalendar calendar)
{
    private readonly Lock gate = new();
    private volatile SiteSettings current = Defaults(options.Value.Site);

    // Reads are numbered as they start. A read that started earlier may finish later (the publication watcher's poll
    // beside a save's own refresh): it must not put back what a read begun after it has already brought.
    private long readsStarted;
    private long latestApplied;

    public string Title => current.Title;
    public string Tagline => current.Tagline;
    public bool CommentsOpenByDefault => current.Discussion.CommentsOpenByDefault;
    public DiscussionRules Discussion { get; private set; } = Defaults(options.Value.Site).Discussion.ToRules();

    /// <summary>A copy of the current settings, for the settings form.</summary>
    public SiteSettings Snapshot() => new()
    {
        Id = 1,
        Title = current.Title,
        Tagline = current.Tagline,
        TimeZone = current.TimeZone,
        Culture = current.Culture,
        DateFormat = current.DateFormat,
        Discussion = current.Discussion.Copy(),
    };

    /// <summary>Reads the saved settings; returns true when they differ from what was in memory.</summary>
    public async Task<bool> RefreshAsync(BroadsheetDb db, CancellationToken cancellationToken = default)
    {
        var read = Interlocked.Increment(ref readsStarted);
        var saved = await db.SiteSettings.AsNoTracking().Where(p => p.Id == 1).FirstOrDefaultAsync(cancellationToken);
        var next = saved ?? Defaults(options.Value.Site);
        lock (gate)
        {
            if (read < latestApplied)
            {
                return false;
            }

            latestApplied = read;
            var changed = next.Title != current.Title || next.Tagline != current.Tagline || next.TimeZone != current.TimeZone
                || next.Culture != current.Culture || next.DateFormat != current.DateFormat || next.Discussion.CommentsOpenByDefault != current.Discussion.CommentsOpenByDefault
                || next.UpdatedAt != current.UpdatedAt;
            if (changed)
            {
                Use(next);
            }

            return changed;
        }
    }

    private void Use(SiteSettings settings)
    {
        calendar.Apply(settings.TimeZone, settings.Culture, settings.DateFormat);
        Discussion = settings.Discussion.ToRules();
        current = settings;
    }

    private static SiteSettings Defaults(SiteOptions site) => new()
    {
        Id = 1,
        Title = site.Title,
        Tagline = site.Tagline,
        TimeZone = site.TimeZone,
        Culture = site.Culture,
        DateFormat = site.DateFormat,
    };

    public static bool IsKnownTimeZone(string? id) => !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    public static bool IsKnownCulture(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        try
        {
            return CultureInfo.GetCultureInfo(name, predefinedOnly: true).Name.Length > 0;
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }

    /// <summary>A .NET date format that formats a date without error and produces some text.</summary>
    public static bool IsUsableDateFormat(string? format, string culture)
    {
        if (string.IsNullOrWhiteSpace(format) || !IsKnownCulture(culture))
        {
            return false;
        }

        try
        {
            return new DateTime(2024, 4, 24, 0, 0, 0, DateTimeKind.Utc).ToString(format, CultureInfo.GetCultureInfo(culture)).Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
