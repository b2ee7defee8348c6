using System.Globalization;
using Broadsheet.Comments;
using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace Broadsheet.Site;

/// <summary>
/// The site settings the newsroom edits (one row). Until an Administrator saves them, the values from
/// configuration (<c>Broadsheet:Site</c>) apply.
/// </summary>
public sealed class SiteProfile
{
    public int Id { get; set; }
    public required string Title { get; set; }
    public required string Tagline { get; set; }
    public required string TimeZone { get; set; }
    public required string Culture { get; set; }
    public required string DateFormat { get; set; }

    /// <summary>The discussion settings, kept in the same row.</summary>
    public DiscussionSettings Discussion { get; set; } = new();

    public DateTime UpdatedAt { get; set; }
}

internal sealed class SiteProfileConfiguration : IEntityTypeConfiguration<SiteProfile>
{
    public void Configure(EntityTypeBuilder<SiteProfile> profile)
    {
        profile.Property(p => p.Id).ValueGeneratedNever();
        profile.Property(p => p.Title).HasMaxLength(200);
        profile.Property(p => p.Tagline).HasMaxLength(300);
        profile.Property(p => p.TimeZone).HasMaxLength(100);
        profile.Property(p => p.Culture).HasMaxLength(20);
        profile.Property(p => p.DateFormat).HasMaxLength(50);
        profile.ComplexProperty(p => p.Discussion, DiscussionSettings.Configure);
    }
}

/// <summary>The current site settings, held in memory and refreshed from the database when they change.</summary>
public sealed class SiteSettingsStore(IOptions<BroadsheetOptions> options, SiteCalendar calendar)
{
    private volatile SiteProfile current = Defaults(options.Value.Site);

    public string Title => current.Title;
    public string Tagline => current.Tagline;
    public bool CommentsOpenByDefault => current.Discussion.CommentsOpenByDefault;
    public DiscussionRules Discussion { get; private set; } = Defaults(options.Value.Site).Discussion.ToRules();

    /// <summary>A copy of the current settings, for the settings form.</summary>
    public SiteProfile Snapshot() => new()
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
        var saved = await db.SiteProfiles.AsNoTracking().Where(p => p.Id == 1).FirstOrDefaultAsync(cancellationToken);
        var next = saved ?? Defaults(options.Value.Site);
        var changed = next.Title != current.Title || next.Tagline != current.Tagline || next.TimeZone != current.TimeZone
            || next.Culture != current.Culture || next.DateFormat != current.DateFormat || next.Discussion.CommentsOpenByDefault != current.Discussion.CommentsOpenByDefault
            || next.UpdatedAt != current.UpdatedAt;
        if (changed)
        {
            Apply(next);
        }

        return changed;
    }

    public void Apply(SiteProfile profile)
    {
        calendar.Apply(profile.TimeZone, profile.Culture, profile.DateFormat);
        Discussion = profile.Discussion.ToRules();
        current = profile;
    }

    private static SiteProfile Defaults(SiteSettings site) => new()
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
