namespace Broadsheet.Api;

/// <summary>Settings of the JSON API (<c>Broadsheet:Api</c>).</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Broadsheet:Api";

    /// <summary>
    /// Origins whose pages may read the public API from a browser. Unset means any origin (<c>*</c>): the API is
    /// read-only, takes no cookies or credentials and shows only what the public pages show, so a wildcard leaks
    /// nothing. A list allows only those origins; an empty list allows none.
    /// </summary>
    public string[]? CorsOrigins { get; set; }

    /// <summary>Requests one client (one IP address) may make in each window before it gets 429.</summary>
    public int PermitLimit { get; set; } = 600;

    public int WindowSeconds { get; set; } = 60;

    public bool AllowsAnyOrigin => CorsOrigins is null || CorsOrigins.Contains("*");
}
