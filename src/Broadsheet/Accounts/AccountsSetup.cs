using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Broadsheet.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Accounts;

/// <summary>Account settings (<c>Broadsheet:Accounts</c>).</summary>
public sealed class AccountOptions
{
    /// <summary>How long a password reset (or "choose your password") link works.</summary>
    public TimeSpan ResetLinkLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// Sign-in, two-step, setup and password-reset submissions accepted per client address and minute;
    /// more get 429. Lockout protects each account; this protects against trying many accounts and against mail floods.
    /// </summary>
    public int SignInAttemptsPerMinute { get; set; } = 10;

    /// <summary>The lifetime in words for mail and pages: "2 hours", "30 minutes".</summary>
    public string ResetLinkLifetimeText => ResetLinkLifetime switch
    {
        { TotalDays: >= 1 } t when t.TotalDays % 1 == 0 => Plural((int)t.TotalDays, "day"),
        { TotalHours: >= 1 } t when t.TotalHours % 1 == 0 => Plural((int)t.TotalHours, "hour"),
        { TotalMinutes: >= 1 } t => Plural((int)t.TotalMinutes, "minute"),
        var t => Plural((int)Math.Max(1, t.TotalSeconds), "second"),
    };

    private static string Plural(int count, string unit) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{count} {unit}{(count == 1 ? "" : "s")}");
}

public static class AccountsSetup
{
    /// <summary>The newsroom's cookies are sent to the back office only, never with reader pages.</summary>
    public const string CookiePath = "/newsroom";

    /// <summary>The rate limit on the open account forms (sign-in, two-step code, setup, password reset).</summary>
    public const string SignInRateLimit = "newsroom-sign-in";

    public static WebApplicationBuilder AddNewsroomAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var options = builder.Configuration.GetSection(BroadsheetOptions.SectionName).Get<BroadsheetOptions>() ?? new();
        var keys = Path.Combine(Path.GetFullPath(options.DataDir, builder.Environment.ContentRootPath), "keys");

        // Sign-in cookies, antiforgery tokens and reset links are protected with these keys. They live in the database,
        // so every node reads the same ring, each key's secret encrypted with the key-encryption key (from configuration,
        // or on a single node from the data folder): a copy of the database alone cannot forge a sign-in.
        KeyEncryptionKey.Check(builder.Configuration);
        var configuration = builder.Configuration;
        services.AddSingleton(_ => KeyEncryptionKey.Resolve(configuration, keys));
        services.AddDataProtection().SetApplicationName("Broadsheet").PersistKeysToDbContext<BroadsheetDb>();
        services.AddOptions<KeyManagementOptions>().PostConfigure<ILoggerFactory, KeyEncryptionKey>((o, logs, keyEncryption) =>
        {
            o.XmlEncryptor = new AesGcmXmlEncryptor(keyEncryption);
            o.XmlRepository = new KeyRingImport(o.XmlRepository!, keys, o.XmlEncryptor, logs.CreateLogger<KeyRingImport>());
        });
        services.TryAddSingleton<SharedRateLimits>();

        services.AddIdentity<NewsroomUser, IdentityRole>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // Length over composition rules (NIST SP 800-63B): a long passphrase beats "Passw0rd!".
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<BroadsheetDb>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<NewsroomClaimsFactory>();

        // A reset link works for a while (two hours by default) and once: it is bound to the security
        // stamp, which a reset changes.
        services.AddOptions<AccountOptions>().Bind(builder.Configuration.GetSection("Broadsheet:Accounts"))
            .Validate(o => o.ResetLinkLifetime > TimeSpan.Zero && o.ResetLinkLifetime <= TimeSpan.FromDays(7), "Broadsheet:Accounts:ResetLinkLifetime must be between 00:00:01 and 7.00:00:00.")
            .Validate(o => o.SignInAttemptsPerMinute >= 1, "Broadsheet:Accounts:SignInAttemptsPerMinute must be at least 1.")
            .ValidateOnStart();
        services.AddOptions<DataProtectionTokenProviderOptions>().Configure<Microsoft.Extensions.Options.IOptions<AccountOptions>>((o, accounts) => o.TokenLifespan = accounts.Value.ResetLinkLifetime);
        // A disabled account or a changed password signs out other sessions within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "broadsheet-newsroom";
            o.Cookie.Path = CookiePath;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/newsroom/signin";
            o.LogoutPath = "/newsroom/signout";
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            // The security stamp is checked once a minute; a cookie naming an author profile that no longer exists
            // (merged into another) is refused at once instead, so its writer signs in again and gets the new one.
            var validateStamp = o.Events.OnValidatePrincipal;
            o.Events.OnValidatePrincipal = async context =>
            {
                await validateStamp(context);
                if (context.Principal is { } principal && NewsroomMember.From(principal).AuthorId is { } authorId)
                {
                    var db = context.HttpContext.RequestServices.GetRequiredService<BroadsheetDb>();
                    if (!await db.Authors.AnyAsync(a => a.Id == authorId, context.HttpContext.RequestAborted))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    }
                }
            };
            // A signed-in member who may not do something gets a plain 403 page, not a redirect loop.
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        foreach (var scheme in new[] { IdentityConstants.TwoFactorUserIdScheme, IdentityConstants.TwoFactorRememberMeScheme, IdentityConstants.ExternalScheme })
        {
            services.Configure<CookieAuthenticationOptions>(scheme, o =>
            {
                o.Cookie.Path = CookiePath;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            });
        }

        services.AddAuthorization(o => o.AddNewsroomPolicies());
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignInRateLimit, context => HttpMethods.IsPost(context.Request.Method)
                ? context.RequestServices.GetRequiredService<SharedRateLimits>().Partition(SignInRateLimit,
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<AccountOptions>>().Value.SignInAttemptsPerMinute,
                    TimeSpan.FromMinutes(1))
                : RateLimitPartition.GetNoLimiter("reading"));
        });
        services.AddScoped<NewsroomAccounts>();
        return builder;
    }
}
