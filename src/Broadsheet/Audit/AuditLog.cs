using System.Security.Claims;
using Broadsheet.Data;

namespace Broadsheet.Audit;

/// <summary>Records newsroom actions for Administrators to review.</summary>
public sealed class AuditLog(BroadsheetDb db, IHttpContextAccessor accessor, TimeProvider time)
{
    /// <summary>Adds an entry for the signed-in member and saves it.</summary>
    public Task RecordAsync(string action, string subject, CancellationToken cancellationToken = default) =>
        RecordAsync(accessor.HttpContext?.User, action, subject, cancellationToken);

    public async Task RecordAsync(ClaimsPrincipal? user, string action, string subject, CancellationToken cancellationToken = default)
    {
        db.AuditEntries.Add(new AuditEntry
        {
            At = time.GetUtcNow().UtcDateTime,
            UserId = user?.FindFirstValue(ClaimTypes.NameIdentifier),
            UserName = user?.Identity?.Name ?? "system",
            Action = action,
            Subject = subject.Length > 500 ? subject[..500] : subject,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
