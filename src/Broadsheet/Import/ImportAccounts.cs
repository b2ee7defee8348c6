using Broadsheet.Accounts;
using Broadsheet.Data;
using Broadsheet.Site;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Import;

/// <summary>
/// <c>--create-accounts</c>: a newsroom account (role Author, disabled) for each author of the export with an email
/// address, holding that author's byline profile. Nobody can sign in until an administrator enables the account;
/// each gets a link to choose a password, printed after the import (never mailed).
/// </summary>
public sealed class ImportAccounts(BroadsheetDb db, UserManager<NewsroomUser> users, RoleManager<IdentityRole> roles, NewsroomAccounts accounts, SiteUrls urls, TimeProvider time)
{
    private readonly List<string> created = [];

    public async Task CreateAsync(WxrSurvey survey, ImportReport report, CancellationToken cancellationToken)
    {
        if (!await roles.RoleExistsAsync(NewsroomRoles.Author))
        {
            await roles.CreateAsync(new IdentityRole(NewsroomRoles.Author));
        }

        foreach (var author in survey.Authors.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = ItemImport.AuthorName(author, author.Login);
            if (string.IsNullOrWhiteSpace(author.Email))
            {
                report.Skipped(ImportReport.Accounts, "no email address in the file", name);
                continue;
            }

            var email = author.Email.Trim();
            if (await users.FindByEmailAsync(email) is not null)
            {
                report.Skipped(ImportReport.Accounts, "an account with this email address exists", email);
                continue;
            }

            var slug = ItemImport.AuthorSlug(author, author.Login);
            var profile = await db.Authors.FirstOrDefaultAsync(a => a.Slug == slug, cancellationToken);
            // A byline profile that already belongs to an account stays with it.
            if (profile is not null && await db.Users.AnyAsync(u => u.AuthorId == profile.Id, cancellationToken))
            {
                profile = null;
            }

            var user = new NewsroomUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = ImportState.Clip(name, 200, email),
                CreatedAt = time.GetUtcNow().UtcDateTime,
                IsDisabled = true,
                LockoutEnabled = true,
                LockoutEnd = DateTimeOffset.MaxValue,
                Author = profile ?? new Articles.Author { Name = ImportState.Clip(name, 200, email), Slug = await FreeSlugAsync(slug, cancellationToken) },
            };
            var result = await users.CreateAsync(user);
            if (result.Succeeded)
            {
                result = await users.AddToRoleAsync(user, NewsroomRoles.Author);
            }

            if (!result.Succeeded)
            {
                report.Skipped(ImportReport.Accounts, string.Join(" ", result.Errors.Select(e => e.Description)), email);
                continue;
            }

            created.Add(email);
            report.Imported(ImportReport.Accounts);
        }
    }

    /// <summary>After the import is saved: one link per new account with which its person chooses a password.</summary>
    public async Task AddResetLinksAsync(ImportReport report)
    {
        foreach (var email in created)
        {
            if (await users.FindByEmailAsync(email) is { } user)
            {
                report.ResetLinks.Add((email, urls.ForMail(await accounts.PasswordResetPathAsync(user))));
            }
        }
    }

    private async Task<string> FreeSlugAsync(string slug, CancellationToken cancellationToken)
    {
        var candidate = slug;
        for (var n = 2; await db.Authors.AnyAsync(a => a.Slug == candidate, cancellationToken); n++)
        {
            candidate = $"{slug}-{n}";
        }

        return candidate;
    }
}
