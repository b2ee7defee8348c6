namespace Broadsheet.Site;

/// <summary>The <c>Broadsheet</c> configuration section.</summary>
public sealed class BroadsheetOptions
{
    public const string SectionName = "Broadsheet";

    /// <summary>
    /// Where the SQLite database, keys, media and mail live; always an absolute path once the host has
    /// resolved it (see <see cref="Hosting.BroadsheetHost.DataFolder"/> for the default).
    /// </summary>
    public string DataDir { get; set; } = "data";

    /// <summary>Seed neutral demo articles into an empty database.</summary>
    public bool DemoContent { get; set; } = true;

    /// <summary>
    /// This node's name, unique among the nodes that share a database: a restarted node takes back the work it had
    /// claimed under that name. The machine's name unless set.
    /// </summary>
    public string NodeName { get; set; } = Environment.MachineName;

    public DatabaseOptions Database { get; set; } = new();
    public OutputCacheOptions OutputCache { get; set; } = new();
    public SiteOptions Site { get; set; } = new();
    public SecurityOptions Security { get; set; } = new();
}

/// <summary>The <c>Broadsheet:Security</c> section.</summary>
public sealed class SecurityOptions
{
    /// <summary>
    /// Seconds a browser keeps to HTTPS after an HTTPS response (<c>Strict-Transport-Security</c>); 0 sends no such header.
    /// Never sent over plain HTTP.
    /// </summary>
    public int HstsMaxAge { get; set; } = 31_536_000;

    /// <summary>Extends the browser's promise to every subdomain; only for a site whose subdomains all serve HTTPS.</summary>
    public bool HstsIncludeSubDomains { get; set; }

    /// <summary>Asks to be listed in browsers' built-in HTTPS list (hstspreload.org), which is hard to undo.</summary>
    public bool HstsPreload { get; set; }
}

public sealed class DatabaseOptions
{
    /// <summary><c>Sqlite</c> (default) or <c>PostgreSQL</c>; PostgreSQL reads <c>ConnectionStrings:Broadsheet</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>
    /// Apply pending migrations when the site starts (default). With several nodes set it to false and run the
    /// <c>migrate</c> command as a deploy step, so two nodes never race to migrate; until then <c>/healthz/ready</c> is 503.
    /// </summary>
    public bool MigrateAtStartup { get; set; } = true;

    /// <summary>
    /// SQLite only: <c>Normal</c> (default) waits for the disk at WAL checkpoints, <c>Full</c> on every commit
    /// (see <see cref="Data.SqliteSynchronous"/>).
    /// </summary>
    public string SqliteSynchronous { get; set; } = "Normal";
}

public sealed class OutputCacheOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Keep the parts of pages that other content decides (an article's More Articles) in the same store, under the
    /// same tags, so a page evicted for its own sake renders again without them. Unset, it follows <see cref="Enabled"/>.
    /// </summary>
    public bool? Fragments { get; set; }

    /// <summary>All cached responses together, in the in-process store; when it is full, the least recently used make room.</summary>
    public int SizeLimitMegabytes { get; set; } = 64;

    /// <summary>
    /// Where the in-process store keeps its entries: <c>File</c> (default), a nameless file in the data folder, whose
    /// bytes the kernel's page cache holds outside the process; <c>Memory</c>, the process's native memory
    /// (<see cref="OffHeapOutputCacheStore"/>). Unused with Redis.
    /// </summary>
    public string Storage { get; set; } = "File";

    /// <summary>A larger response is served but not cached.</summary>
    public int MaximumBodyMegabytes { get; set; } = 8;

    /// <summary>
    /// The most-read cached pages, answered in front of the output cache (<see cref="HotPages"/>): how many bytes of
    /// bodies may be answered that way. The bodies stay in the output cache's entries (within
    /// <see cref="SizeLimitMegabytes"/>); the pages read at least once a second are also copied to the heap, up to an
    /// eighth of this. 0 turns the front off. Unused with Redis.
    /// </summary>
    public int HotMegabytes { get; set; } = 16;
}

/// <summary>
/// The <c>Broadsheet:Site</c> section. Title, tagline, time zone, culture and date format are the defaults
/// of the <see cref="SiteSettings"/> the newsroom saves; the rest applies as configured.
/// </summary>
public sealed class SiteOptions
{
    public string Title { get; set; } = "The Harbourton Broadsheet";
    public string Tagline { get; set; } = "News from the city and the valley";

    /// <summary>IANA time zone id used for date lines and date archives.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Culture for dates and the page language, e.g. <c>en-US</c>.</summary>
    public string Culture { get; set; } = "en-US";

    /// <summary>.NET date format for the date line; <c>D</c> is the culture's long date ("Wednesday, April 24, 2024").</summary>
    public string DateFormat { get; set; } = "D";

    /// <summary>Public origin for canonical URLs and feeds (e.g. https://news.example.org); the request's own when empty.</summary>
    public string? BaseUrl { get; set; }

    public int PageSize { get; set; } = 12;

    /// <summary>
    /// Article ids per sitemap file; once the published articles span more than one such block of ids,
    /// /sitemap.xml becomes a sitemap index.
    /// The protocol allows 50,000 URLs a file, but a file that size is megabytes and seconds to build uncached;
    /// 2,000 (as WordPress uses) keeps each one small and quick.
    /// </summary>
    public int SitemapSize { get; set; } = 2_000;
}
