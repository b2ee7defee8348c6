using System.Text;
using Broadsheet.Articles;
using Broadsheet.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Accounts;

public sealed record AccountSummary(string Id, string Name, string Email, string Role, bool IsDisabled);

/// <summary>Creates newsroom accounts and changes their role; used by first-run setup, the Users page and the command line.</summary>
public sealed class NewsroomAccounts(BroadsheetDb db, UserManager<NewsroomUser> users, RoleManager<IdentityRole> roles, TimeProvider time)
{
    public Task<bool> AdministratorExistsAsync(CancellationToken cancellationToken = default) =>
        db.UserRoles.AnyAsync(ur => db.Roles.Any(r => r.Id == ur.RoleId && r.Name == NewsroomRoles.Administrator), cancellationToken);

    /// <summary>
    /// First-run setup: creates the first Administrator, or returns null when there already is one. Two nodes may
    /// take the form at once: the check and the creation hold the database's lock for this (an advisory lock on
    /// PostgreSQL; on SQLite the transaction begins IMMEDIATE, which takes the one write lock), so exactly one wins.
    /// </summary>
    public async Task<IdentityResult?> CreateFirstAdministratorAsync(string email, string displayName, string password, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            // Microsoft.Data.Sqlite begins a transaction IMMEDIATE unless asked for a deferred one.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (db.Database.IsPostgres())
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({FirstAdministratorLock})", cancellationToken);
            }

            if (await AdministratorExistsAsync(cancellationToken))
            {
                return null;
            }

            var result = await CreateAsync(email, displayName, NewsroomRoles.Administrator, password);
            if (result.Succeeded)
            {
                await transaction.CommitAsync(cancellationToken);
            }

            return result;
        });
    }

    /// <summary>The advisory lock's number: any constant no other lock of the app uses ("Broadsheet setup" in spirit).</summary>
    private const long FirstAdministratorLock = 0x4272_6F61_6453_6574;

    /// <summary>Creates an account with one role; writers also get a public author profile for bylines.</summary>
    public async Task<IdentityResult> CreateAsync(string email, string displayName, string role, string password)
    {
        var roleName = NewsroomRoles.Normalize(role);
        if (roleName is null)
        {
            return IdentityResult.Failed(new IdentityError { Code = "Role", Description = $"Choose a role: {string.Join(", ", NewsroomRoles.All)}." });
        }

        if (string.IsNullOrWhiteSpace(displayName))
        {
            return IdentityResult.Failed(new IdentityError { Code = "Name", Description = "Enter the person's name." });
        }

        // Within first-run setup's transaction this joins it; otherwise the account and its role are saved together.
        var ownTransaction = db.Database.CurrentTransaction is null;
        await using var transaction = ownTransaction ? await db.Database.BeginTransactionAsync() : null;
        await EnsureRolesAsync();
        var user = new NewsroomUser
        {
            UserName = email.Trim(),
            Email = email.Trim(),
            EmailConfirmed = true,
            DisplayName = displayName.Trim(),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        if (NewsroomRoles.Writes(roleName))
        {
            user.Author = await AuthorProfileAsync(user.DisplayName);
        }

        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            return result;
        }

        result = await users.AddToRoleAsync(user, roleName);
        if (result.Succeeded && transaction is not null)
        {
            await transaction.CommitAsync();
        }

        return result;
    }

    /// <summary>Gives the account a different role (its only one).</summary>
    public async Task<IdentityResult> ChangeRoleAsync(NewsroomUser user, string role)
    {
        var roleName = NewsroomRoles.Normalize(role);
        if (roleName is null)
        {
            return IdentityResult.Failed(new IdentityError { Code = "Role", Description = "Choose one of the listed roles." });
        }

        await EnsureRolesAsync();
        var current = await users.GetRolesAsync(user);
        var result = await users.RemoveFromRolesAsync(user, current);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, roleName);
        }

        if (result.Succeeded && NewsroomRoles.Writes(roleName) && user.AuthorId is null)
        {
            user.Author = await AuthorProfileAsync(user.DisplayName);
            result = await users.UpdateAsync(user);
        }

        // Sign the person's other sessions out so the new role applies at once.
        return result.Succeeded ? await users.UpdateSecurityStampAsync(user) : result;
    }

    /// <summary>Every account with its role, by name.</summary>
    public Task<List<AccountSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        (from u in db.Users.AsNoTracking()
         join ur in db.UserRoles on u.Id equals ur.UserId into userRoles
         from ur in userRoles.DefaultIfEmpty()
         join r in db.Roles on ur.RoleId equals r.Id into roles
         from r in roles.DefaultIfEmpty()
         orderby u.DisplayName
         select new AccountSummary(u.Id, u.DisplayName, u.Email ?? "", r.Name ?? "", u.IsDisabled))
        .ToListAsync(cancellationToken);

    /// <summary>Whether the account is the only administrator who can still sign in (who must not be demoted or disabled).</summary>
    public async Task<bool> IsLastAdministratorAsync(NewsroomUser user) =>
        await users.IsInRoleAsync(user, NewsroomRoles.Administrator)
        && (await users.GetUsersInRoleAsync(NewsroomRoles.Administrator)).Count(u => !u.IsDisabled) <= 1;

    /// <summary>Disables an account (locked out for good, open sessions ended) or enables it again.</summary>
    public async Task<IdentityResult> SetDisabledAsync(NewsroomUser user, bool disabled)
    {
        user.IsDisabled = disabled;
        user.LockoutEnd = disabled ? DateTimeOffset.MaxValue : null;
        var result = await users.UpdateAsync(user);
        // A new security stamp ends the person's open sessions.
        return result.Succeeded ? await users.UpdateSecurityStampAsync(user) : result;
    }

    /// <summary>The path of a one-time link that lets the person choose a new password (it expires, see AccountOptions).</summary>
    public async Task<string> PasswordResetPathAsync(NewsroomUser user)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        return $"/newsroom/reset-password?user={Uri.EscapeDataString(user.Id)}&code={WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token))}";
    }

    private async Task<Author> AuthorProfileAsync(string name)
    {
        // Always a profile of their own: linking to an existing author of the same name would hand a
        // stranger that author's articles.
        var baseSlug = Slugs.From(name);
        if (baseSlug.Length == 0)
        {
            baseSlug = "author";
        }

        var slug = baseSlug;
        for (var n = 2; await db.Authors.AnyAsync(a => a.Slug == slug); n++)
        {
            slug = $"{baseSlug}-{n}";
        }

        return new Author { Name = name, Slug = slug };
    }

    private async Task EnsureRolesAsync()
    {
        foreach (var role in NewsroomRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }
}
