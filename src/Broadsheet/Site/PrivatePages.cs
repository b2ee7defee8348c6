using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Broadsheet.Site;

/// <summary>
/// A path whose responses are for one person (a newsroom member, a commenter): never output-cached, never
/// stored by browsers, proxies or CDNs, never indexed. Each feature declares its own with
/// <see cref="PrivatePagesSetup.AddPrivatePages"/>.
/// </summary>
public sealed record PrivatePath(PathString Prefix, string CacheControl, string Robots);

/// <summary>The private paths every feature declared.</summary>
public sealed class PrivatePages(IEnumerable<PrivatePath> paths)
{
    private readonly PrivatePath[] paths = [.. paths];

    public PrivatePath? Find(PathString path)
    {
        // A loop rather than Array.Find: this runs for every request, cached pages included, and a lambda would capture.
        foreach (var candidate in paths)
        {
            if (path.StartsWithSegments(candidate.Prefix, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        return null;
    }

    public bool IsPrivate(PathString path) => Find(path) is not null;
}

public static class PrivatePagesSetup
{
    /// <summary>Declares that responses under <paramref name="prefix"/> are private, with the headers they carry.</summary>
    public static IServiceCollection AddPrivatePages(this IServiceCollection services, PathString prefix, string cacheControl, string robots)
    {
        services.TryAddSingleton<PrivatePages>();
        services.AddSingleton(new PrivatePath(prefix, cacheControl, robots));
        return services;
    }

    /// <summary>Whether the request is for a private path, which the output cache and validators leave alone.</summary>
    public static bool IsPrivatePage(this HttpContext context) =>
        context.RequestServices.GetRequiredService<PrivatePages>().IsPrivate(context.Request.Path);

    /// <summary>Gives private responses their headers as the response starts, so nothing later overrides them.</summary>
    public static IApplicationBuilder UsePrivatePages(this IApplicationBuilder app)
    {
        var pages = app.ApplicationServices.GetRequiredService<PrivatePages>();
        return app.Use((context, next) =>
        {
            if (pages.Find(context.Request.Path) is { } page)
            {
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.CacheControl = page.CacheControl;
                    context.Response.Headers["X-Robots-Tag"] = page.Robots;
                    return Task.CompletedTask;
                });
            }

            return next(context);
        });
    }
}
