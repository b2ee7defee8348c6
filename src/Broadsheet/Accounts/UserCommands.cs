using System.CommandLine;
using System.Text;
using Broadsheet.Audit;
using Broadsheet.CommandLine;
using Broadsheet.Site;
using Microsoft.AspNetCore.Identity;

namespace Broadsheet.Accounts;

/// <summary>
/// <c>users create | list | disable | enable | set-role | reset-password</c>: newsroom accounts from a shell, for a
/// site's first administrator and for when nobody can sign in. Passwords come from standard input only, never
/// from an argument (which the shell's history and other users' process lists would keep).
/// </summary>
public static class UserCommands
{
    private const int Failed = 1;

    public static Command Create(AppLauncher launcher)
    {
        var users = new Command("users", "Manage newsroom accounts.");
        users.Subcommands.Add(CreateUser(launcher));
        users.Subcommands.Add(ListUsers(launcher));
        users.Subcommands.Add(SetDisabled(launcher, "disable", disabled: true));
        users.Subcommands.Add(SetDisabled(launcher, "enable", disabled: false));
        users.Subcommands.Add(SetRole(launcher));
        users.Subcommands.Add(ResetPassword(launcher));
        return users;
    }

    private static Option<string> EmailOption() => new("--email") { Description = "The account's email address.", HelpName = "EMAIL", Required = true };

    private static Option<string> RoleOption() => new("--role")
    {
        Description = $"One of {string.Join(", ", NewsroomRoles.All)}.",
        HelpName = "ROLE",
        Required = true,
    };

    private static Command CreateUser(AppLauncher launcher)
    {
        var email = EmailOption();
        var name = new Option<string>("--name") { Description = "The person's name, as shown in bylines.", HelpName = "NAME", Required = true };
        var role = RoleOption();
        // Accepted only to refuse it with a reason: an unknown-option error would not say why.
        var password = new Option<string>("--password") { Hidden = true };
        var command = new Command("create", "Create an account. The password is read from standard input.") { email, name, role, password };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetResult(password) is not null)
            {
                await Console.Error.WriteLineAsync("A password on the command line would be kept in the shell's history and visible to other users; type it or pipe it to standard input instead.");
                return BroadsheetCommandLine.UsageError;
            }

            return await launcher.RunCommandAsync(parse, async (services, ct) =>
            {
                var accounts = services.GetRequiredService<NewsroomAccounts>();
                var result = await accounts.CreateAsync(parse.GetRequiredValue(email), parse.GetRequiredValue(name), parse.GetRequiredValue(role), ReadPassword());
                if (!await SucceededAsync(result))
                {
                    return Failed;
                }

                var roleName = NewsroomRoles.Normalize(parse.GetRequiredValue(role));
                await services.GetRequiredService<AuditLog>().RecordAsync(null, "Created user (command line)", $"{parse.GetRequiredValue(email).Trim()} ({roleName})", ct);
                await Console.Out.WriteLineAsync($"Created {roleName} {parse.GetRequiredValue(email).Trim()}. Sign in at /newsroom/signin.");
                return 0;
            }, cancellationToken);
        });
        return command;
    }

    private static Command ListUsers(AppLauncher launcher)
    {
        var command = new Command("list", "List the accounts: email, role, whether they can sign in, and name.");
        command.SetAction((parse, cancellationToken) => launcher.RunCommandAsync(parse, async (services, ct) =>
        {
            var rows = (await services.GetRequiredService<NewsroomAccounts>().ListAsync(ct)).OrderBy(a => a.Email, StringComparer.OrdinalIgnoreCase).ToList();
            if (rows.Count == 0)
            {
                await Console.Out.WriteLineAsync("No accounts yet. Create the first administrator with: users create --email EMAIL --name NAME --role Administrator");
                return 0;
            }

            var emailWidth = Math.Max("EMAIL".Length, rows.Max(r => r.Email.Length));
            var roleWidth = Math.Max("ROLE".Length, rows.Max(r => r.Role.Length));
            await Console.Out.WriteLineAsync($"{"EMAIL".PadRight(emailWidth)}  {"ROLE".PadRight(roleWidth)}  {"STATUS",-8}  NAME");
            foreach (var row in rows)
            {
                await Console.Out.WriteLineAsync($"{row.Email.PadRight(emailWidth)}  {row.Role.PadRight(roleWidth)}  {(row.IsDisabled ? "disabled" : "active"),-8}  {row.Name}");
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command SetDisabled(AppLauncher launcher, string name, bool disabled)
    {
        var email = EmailOption();
        var command = new Command(name, disabled
            ? "Stop an account from signing in and end its open sessions."
            : "Let a disabled account sign in again.") { email };
        command.SetAction((parse, cancellationToken) => launcher.RunCommandAsync(parse, async (services, ct) =>
        {
            var accounts = services.GetRequiredService<NewsroomAccounts>();
            if (await FindAsync(services, parse.GetRequiredValue(email)) is not { } user)
            {
                return Failed;
            }

            if (disabled && !user.IsDisabled && await accounts.IsLastAdministratorAsync(user))
            {
                await Console.Error.WriteLineAsync($"{user.Email} is the only administrator who can sign in. Make someone else an administrator first.");
                return Failed;
            }

            if (!await SucceededAsync(await accounts.SetDisabledAsync(user, disabled)))
            {
                return Failed;
            }

            await services.GetRequiredService<AuditLog>().RecordAsync(null, disabled ? "Disabled user (command line)" : "Enabled user (command line)", user.Email ?? "", ct);
            await Console.Out.WriteLineAsync(disabled ? $"{user.Email} can no longer sign in." : $"{user.Email} can sign in again.");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command SetRole(AppLauncher launcher)
    {
        var email = EmailOption();
        var role = RoleOption();
        var command = new Command("set-role", "Give an account a different role.") { email, role };
        command.SetAction((parse, cancellationToken) => launcher.RunCommandAsync(parse, async (services, ct) =>
        {
            var accounts = services.GetRequiredService<NewsroomAccounts>();
            var newRole = NewsroomRoles.Normalize(parse.GetRequiredValue(role));
            if (newRole is null)
            {
                await Console.Error.WriteLineAsync($"Choose a role: {string.Join(", ", NewsroomRoles.All)}.");
                return BroadsheetCommandLine.UsageError;
            }

            if (await FindAsync(services, parse.GetRequiredValue(email)) is not { } user)
            {
                return Failed;
            }

            if (newRole != NewsroomRoles.Administrator && await accounts.IsLastAdministratorAsync(user))
            {
                await Console.Error.WriteLineAsync($"{user.Email} is the only administrator. Make someone else an administrator first.");
                return Failed;
            }

            if (!await SucceededAsync(await accounts.ChangeRoleAsync(user, newRole)))
            {
                return Failed;
            }

            await services.GetRequiredService<AuditLog>().RecordAsync(null, "Changed role (command line)", $"{user.Email} → {newRole}", ct);
            await Console.Out.WriteLineAsync($"{user.Email} is now {newRole}.");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command ResetPassword(AppLauncher launcher)
    {
        var email = EmailOption();
        var link = new Option<bool>("--link")
        {
            Description = "Print a one-time link with which the person chooses a password, instead of reading a new one from standard input.",
        };
        var command = new Command("reset-password", "Set a new password (read from standard input), or with --link print a one-time reset link.") { email, link };
        command.SetAction((parse, cancellationToken) => launcher.RunCommandAsync(parse, async (services, ct) =>
        {
            var accounts = services.GetRequiredService<NewsroomAccounts>();
            var userManager = services.GetRequiredService<UserManager<NewsroomUser>>();
            if (await FindAsync(services, parse.GetRequiredValue(email)) is not { } user)
            {
                return Failed;
            }

            var audit = services.GetRequiredService<AuditLog>();
            if (parse.GetValue(link))
            {
                var url = services.GetRequiredService<SiteUrls>().ForMail(await accounts.PasswordResetPathAsync(user));
                await audit.RecordAsync(null, "Made a password reset link (command line)", user.Email ?? "", ct);
                await Console.Out.WriteLineAsync(url);
                return 0;
            }

            var token = await userManager.GeneratePasswordResetTokenAsync(user);
            if (!await SucceededAsync(await userManager.ResetPasswordAsync(user, token, ReadPassword())))
            {
                return Failed;
            }

            // A forgotten or leaked password was the reason: the lockout goes, and so do open sessions.
            await userManager.SetLockoutEndDateAsync(user, user.IsDisabled ? DateTimeOffset.MaxValue : null);
            await userManager.ResetAccessFailedCountAsync(user);
            await audit.RecordAsync(null, "Reset password (command line)", user.Email ?? "", ct);
            await Console.Out.WriteLineAsync($"New password set for {user.Email}.");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static async Task<NewsroomUser?> FindAsync(IServiceProvider services, string email)
    {
        var user = await services.GetRequiredService<UserManager<NewsroomUser>>().FindByEmailAsync(email.Trim());
        if (user is null)
        {
            await Console.Error.WriteLineAsync($"No account has the email address {email.Trim()}. See: users list");
        }

        return user;
    }

    private static async Task<bool> SucceededAsync(IdentityResult result)
    {
        foreach (var error in result.Errors)
        {
            await Console.Error.WriteLineAsync(error.Description);
        }

        return result.Succeeded;
    }

    /// <summary>Reads a password from standard input: one line when piped, without echo at a terminal.</summary>
    private static string ReadPassword()
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine() ?? "";
        }

        Console.Error.Write("Password: ");
        var password = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return password.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
    }
}
