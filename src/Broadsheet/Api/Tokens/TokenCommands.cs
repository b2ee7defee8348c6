using System.CommandLine;
using System.Globalization;
using Broadsheet.Accounts;
using Broadsheet.CommandLine;
using Broadsheet.Site;
using Microsoft.AspNetCore.Identity;

namespace Broadsheet.Api.Tokens;

/// <summary>
/// <c>tokens create | list | revoke</c>: Admin API tokens from a shell, for automation set up by whoever runs the server.
/// <c>create</c> prints the token alone on standard output (so <c>TOKEN=$(broadsheet tokens create …)</c> works);
/// everything else goes to standard error.
/// </summary>
public static class TokenCommands
{
    private const int Failed = 1;

    public static Command Create(AppLauncher launcher)
    {
        var tokens = new Command("tokens", "Manage personal API tokens for the Admin API.");
        tokens.Subcommands.Add(CreateToken(launcher));
        tokens.Subcommands.Add(ListTokens(launcher));
        tokens.Subcommands.Add(RevokeToken(launcher));
        return tokens;
    }

    private static Command CreateToken(AppLauncher launcher)
    {
        var email = new Option<string>("--email") { Description = "The account the token acts as (with its role).", HelpName = "EMAIL", Required = true };
        var name = new Option<string>("--name") { Description = "What the token is for, e.g. \"Newsletter tool\".", HelpName = "NAME", Required = true };
        var expires = new Option<string>("--expires")
        {
            Description = "When it stops working: a number of days (30, 90d …) or a date (2027-06-30, end of that day in the site's time zone). Default 90 days; at most two years.",
            HelpName = "DAYS|DATE",
        };
        var command = new Command("create", "Create a token and print it (once: it cannot be shown again).") { email, name, expires };
        command.SetAction((parse, cancellationToken) => launcher.RunCommandAsync(parse, async (services, ct) =>
        {
            var time = services.GetRequiredService<TimeProvider>();
            var calendar = services.GetRequiredService<SiteCalendar>();
            if (ParseExpiry(parse.GetValue(expires), time.GetUtcNow().UtcDateTime, calendar) is not { } expiresAt)
            {
                await Console.Error.WriteLineAsync("--expires takes a number of days (90) or a date (2027-06-30).");
                return BroadsheetCommandLine.UsageError;
            }

            var tokens = services.GetRequiredService<ApiTokens>();
            if (tokens.Check(parse.GetValue(name), expiresAt, out _) is { } problem)
            {
                await Console.Error.WriteLineAsync(problem);
                return BroadsheetCommandLine.UsageError;
            }

            var user = await services.GetRequiredService<UserManager<NewsroomUser>>().FindByEmailAsync(parse.GetRequiredValue(email).Trim());
            if (user is null)
            {
                await Console.Error.WriteLineAsync($"There is no account with the address {parse.GetRequiredValue(email).Trim()}.");
                return Failed;
            }

            if (user.IsDisabled)
            {
                await Console.Error.WriteLineAsync($"{user.Email} is disabled: a token for it would not work. Enable the account first.");
                return Failed;
            }

            var created = await tokens.CreateAsync(user, parse.GetRequiredValue(name), expiresAt, " (command line)", ct);
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Created token {created.Id} for {user.Email}, expiring {created.ExpiresAt:yyyy-MM-dd HH:mm} UTC. It is printed below once; store it now."));
            await Console.Out.WriteLineAsync(created.Token);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command ListTokens(AppLauncher launcher)
    {
        var email = new Option<string>("--email") { Description = "Only this account's tokens.", HelpName = "EMAIL" };
        var command = new Command("list", "List tokens (never their secrets): id, owner, name, prefix, expiry, last use, state.") { email };
        command.SetAction((parse, cancellationToken) => launcher.RunCommandAsync(parse, async (services, ct) =>
        {
            string? userId = null;
            if (parse.GetValue(email) is { Length: > 0 } address)
            {
                var user = await services.GetRequiredService<UserManager<NewsroomUser>>().FindByEmailAsync(address.Trim());
                if (user is null)
                {
                    await Console.Error.WriteLineAsync($"There is no account with the address {address.Trim()}.");
                    return Failed;
                }

                userId = user.Id;
            }

            var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var rows = await services.GetRequiredService<ApiTokens>().ListAsync(userId, ct);
            if (rows.Count == 0)
            {
                await Console.Error.WriteLineAsync("No tokens.");
                return 0;
            }

            await Console.Out.WriteLineAsync("ID\tOWNER\tNAME\tPREFIX\tEXPIRES\tLAST USED\tSTATE");
            foreach (var t in rows)
            {
                var state = t.RevokedAt is not null ? "revoked" : t.ExpiresAt <= now ? "expired" : "active";
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{t.Id}\t{t.OwnerEmail}\t{t.Name}\t{t.Prefix}\t{t.ExpiresAt:yyyy-MM-dd}\t{(t.LastUsedAt is { } used ? used.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "never")}\t{state}"));
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command RevokeToken(AppLauncher launcher)
    {
        var id = new Option<int>("--id") { Description = "The token's id (see tokens list).", HelpName = "ID", Required = true };
        var command = new Command("revoke", "Revoke a token: it stops working at once.") { id };
        command.SetAction((parse, cancellationToken) => launcher.RunCommandAsync(parse, async (services, ct) =>
        {
            if (!await services.GetRequiredService<ApiTokens>().RevokeAsync(parse.GetValue(id), null, " (command line)", ct))
            {
                await Console.Error.WriteLineAsync($"There is no token {parse.GetValue(id)}.");
                return Failed;
            }

            await Console.Error.WriteLineAsync($"Token {parse.GetValue(id)} is revoked.");
            return 0;
        }, cancellationToken));
        return command;
    }

    /// <summary>"90", "90d" (days from now) or "2027-06-30" (the end of that day in the site's time zone); null when neither.</summary>
    public static DateTime? ParseExpiry(string? text, DateTime utcNow, SiteCalendar calendar)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
        {
            return utcNow.AddDays(90);
        }

        var digits = value.EndsWith('d') ? value[..^1] : value;
        if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var days))
        {
            return days is > 0 and < 10_000 ? utcNow.AddDays(days) : utcNow;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(23, 59, 59)), calendar.Zone);
        }

        return null;
    }
}
