using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace Broadsheet.Api.Content;

// The lists' query parameters as the OpenAPI document shows them. They bind as text: ContentQuery checks the numbers,
// dates and cursors itself so that a wrong value gets a 400 naming the parameter (ApiDocument gives them their types).

/// <summary>Paging by page number, shared by every list.</summary>
public sealed record PageParameters
{
    [FromQuery(Name = "page"), Description("The page, from 1 (default 1).")]
    public string? Page { get; init; }

    [FromQuery(Name = "per_page"), Description("Results per page, 1–100 (default 20).")]
    public string? PerPage { get; init; }
}

/// <summary>
/// The article list's filters. Its paging is a <see cref="PageParameters"/> of its own beside it, not inherited: the
/// request delegate generator, which writes the endpoints' code at build time, leaves inherited properties out of the
/// endpoint's description (and so of the OpenAPI document).
/// </summary>
public sealed record ArticleListParameters
{
    [FromQuery(Name = "section"), Description("Only articles in the section with this slug.")]
    public string? Section { get; init; }

    [FromQuery(Name = "tag"), Description("Only articles with the tag with this slug.")]
    public string? Tag { get; init; }

    [FromQuery(Name = "author"), Description("Only articles by the author with this slug.")]
    public string? Author { get; init; }

    [FromQuery(Name = "from"), Description("Only articles published at or after this time (ISO 8601; a date means midnight UTC).")]
    public string? From { get; init; }

    [FromQuery(Name = "to"), Description("Only articles published before this time (ISO 8601; a date includes that whole day, UTC).")]
    public string? To { get; init; }

    [FromQuery(Name = "q"), Description("Only articles whose headline, standfirst, body, tags or authors match these words (the site search; any text is accepted). The list keeps its newest-first order.")]
    public string? Q { get; init; }

    [FromQuery(Name = "cursor"), Description("Continue after the page that gave this `nextCursor` (instead of `page`).")]
    public string? Cursor { get; init; }
}
