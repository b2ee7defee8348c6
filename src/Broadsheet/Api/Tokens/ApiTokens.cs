using System.Security.Cryptography;
using System.Text;
using Broadsheet.Accounts;
using Broadsheet.Audit;
using Broadsheet.Data;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Api.Tokens;

/// <summary>A token as its owner sees it in lists: never the secret.</summary>
public sealed record ApiTokenSummary(
    int Id, string UserId, string OwnerEmail, string Name, string Prefix, DateTime CreatedAt, DateTime ExpiresAt, DateTime? LastUsedAt, DateTime? RevokedAt)
{
    public bool IsActive(DateTime utcNow) => RevokedAt is null && ExpiresAt > utcNow;
}

/// <summary>A token just made: the secret is here once and never again.</summary>
public sealed record CreatedApiToken(int Id, string Token, string Prefix, DateTime ExpiresAt);

/// <summary>Why a token was refused, for the WWW-Authenticate answer.</summary>
public enum ApiTokenProblem
{
    Unknown,
    Expired,
    Revoked,
    OwnerDisabled,
}

/// <summary>The owner of a valid token, with their role as it is now (a token never keeps an old role).</summary>
public sealed record ApiTokenOwner(int TokenId, NewsroomUser User, string Role);

/// <summary>
/// Personal Admin API tokens: made at random, shown once, kept only as a SHA-256 hash. Finding a token by the hash of
/// what was presented is the comparison, so no secret is ever compared character by character.
/// </summary>
public sealed class ApiTokens(BroadsheetDb db, TimeProvider time, AuditLog audit)
{
    /// <summary>Every token starts with this, so a leaked one is recognisable (secret scanners, logs).</summary>
    public const string TokenPrefix = "bs_";

    public const int MaxNameLength = 100;

    /// <summary>How often the "last used" time is written: reads stay reads for a busy token.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(366 * 2);

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>What is wrong with a requested name and expiry, or null; the same words for the page and the command.</summary>
    public string? Check(string? name, DateTime expiresAt, out string field)
    {
        field = "Name";
        if (string.IsNullOrWhiteSpace(name))
        {
            return "Give the token a name, so you can tell it apart later (\u201cNewsletter tool\u201d).";
        }

        if (name.Trim().Length > MaxNameLength)
        {
            return $"Keep the name under {MaxNameLength} characters.";
        }

        field = "Expires";
        if (expiresAt <= Now)
        {
            return "Choose an expiry date in the future.";
        }

        return expiresAt > Now + MaxLifetime ? "Choose an expiry date within two years." : null;
    }

    /// <summary>Makes a token for the user; the returned secret must be shown now, it cannot be shown again.</summary>
    public async Task<CreatedApiToken> CreateAsync(NewsroomUser owner, string name, DateTime expiresAt, string via, CancellationToken cancellationToken = default)
    {
        var secret = TokenPrefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken
        {
            UserId = owner.Id,
            Name = name.Trim(),
            TokenHash = Hash(secret),
            Prefix = secret[..(TokenPrefix.Length + 6)],
            CreatedAt = Now,
            ExpiresAt = DateTime.SpecifyKind(expiresAt, DateTimeKind.Utc),
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync($"Created an API token{via}", $"{token.Name} ({token.Prefix}…) for {owner.Email}", cancellationToken);
        return new CreatedApiToken(token.Id, secret, token.Prefix, token.ExpiresAt);
    }

    /// <summary>The tokens of one user, or of everyone (null), newest first.</summary>
    public Task<List<ApiTokenSummary>> ListAsync(string? userId, CancellationToken cancellationToken = default) =>
        db.ApiTokens.AsNoTracking().Where(t => userId == null || t.UserId == userId)
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Select(t => new ApiTokenSummary(t.Id, t.UserId, t.User.Email ?? "", t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt))
            .ToListAsync(cancellationToken);

    /// <summary>Revokes the token (when <paramref name="userId"/> is given, only if it is theirs); false when there is no such token.</summary>
    public async Task<bool> RevokeAsync(int id, string? userId, string via, CancellationToken cancellationToken = default)
    {
        var token = await db.ApiTokens.Include(t => t.User).FirstOrDefaultAsync(t => t.Id == id && (userId == null || t.UserId == userId), cancellationToken);
        if (token is null)
        {
            return false;
        }

        if (token.RevokedAt is null)
        {
            token.RevokedAt = Now;
            await db.SaveChangesAsync(cancellationToken);
            await audit.RecordAsync($"Revoked an API token{via}", $"{token.Name} ({token.Prefix}…) of {token.User.Email}", cancellationToken);
        }

        return true;
    }

    /// <summary>The token's owner when the token may be used now, else why not.</summary>
    public async Task<(ApiTokenOwner? Owner, ApiTokenProblem Problem)> ValidateAsync(string presented, CancellationToken cancellationToken = default)
    {
        if (!presented.StartsWith(TokenPrefix, StringComparison.Ordinal) || presented.Length > 200)
        {
            return (null, ApiTokenProblem.Unknown);
        }

        var hash = Hash(presented);
        var found = await db.ApiTokens.AsNoTracking().Where(t => t.TokenHash == hash)
            .Select(t => new
            {
                t.Id, t.ExpiresAt, t.RevokedAt, t.LastUsedAt, t.User,
                Role = db.UserRoles.Where(ur => ur.UserId == t.UserId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        var now = Now;
        if (found is null)
        {
            return (null, ApiTokenProblem.Unknown);
        }

        if (found.RevokedAt is not null)
        {
            return (null, ApiTokenProblem.Revoked);
        }

        if (found.ExpiresAt <= now)
        {
            return (null, ApiTokenProblem.Expired);
        }

        if (found.User.IsDisabled || NewsroomRoles.Normalize(found.Role) is not { } role)
        {
            return (null, ApiTokenProblem.OwnerDisabled);
        }

        if (found.LastUsedAt is not { } last || now - last >= LastUsedResolution)
        {
            await db.ApiTokens.Where(t => t.Id == found.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), cancellationToken);
        }

        return (new ApiTokenOwner(found.Id, found.User, role), ApiTokenProblem.Unknown);
    }
}
