using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Broadsheet.Site;

/// <summary>
/// A posted form that ASP.NET Core's form reader refuses (a NUL written as <c>%00</c>, a value longer than its
/// limits) would reach the page unread: the post would be answered with a bare 400 and the person's text would
/// be gone. Such a form is read again leniently so the page can show it back with a message; NUL characters,
/// which no one types and PostgreSQL cannot store, are dropped from every form.
/// </summary>
public static class TolerantForms
{
    private static readonly object RemovedNulKey = new();

    /// <summary>What a page that shows the form back says when NUL characters were taken out of it.</summary>
    public const string RemovedNulMessage = "Your text contained an invisible control character (NUL) that cannot be stored. It has been taken out: please check everything below and send it again.";

    /// <summary>Whether NUL characters were taken out of this request's form.</summary>
    public static bool RemovedNul(HttpContext context) => context.Items.ContainsKey(RemovedNulKey);

    public static IApplicationBuilder UseTolerantForms(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (HttpMethods.IsPost(request.Method) && request.HasFormContentType
                && request.ContentType!.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            {
                request.EnableBuffering();
                IFormCollection form;
                try
                {
                    form = await request.ReadFormAsync(context.RequestAborted);
                }
                catch (InvalidDataException)
                {
                    form = await ReadLenientlyAsync(request);
                }

                if (form.Any(field => field.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true)))
                {
                    context.Items[RemovedNulKey] = true;
                    form = new FormCollection(form.ToDictionary(
                        field => field.Key,
                        field => new StringValues([.. field.Value.Select(v => v?.Replace("\0", "", StringComparison.Ordinal))])));
                }

                request.Form = form;
            }

            await next(context);
        });

    private static async Task<IFormCollection> ReadLenientlyAsync(HttpRequest request)
    {
        // The whole body is bounded by the server's request size limit, so reading it as one string is safe.
        request.Body.Position = 0;
        using var reader = new StreamReader(request.Body, leaveOpen: true);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return new FormCollection(QueryHelpers.ParseQuery(body));
    }
}
