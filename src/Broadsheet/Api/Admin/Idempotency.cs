using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Broadsheet.Api.Tokens;
using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Api.Admin;

/// <summary>
/// <c>Idempotency-Key</c> on every Admin API POST: the first request with a key does the work and its answer is kept
/// for a day; a repeat (same key, same method, path and body) gets that answer again with <c>Idempotent-Replayed: true</c>
/// and changes nothing; the same key with a different request is refused (422), and a repeat while the first is still
/// running waits for nothing (409). Keys belong to one token.
/// </summary>
public sealed class IdempotencyFilter(BroadsheetDb db, TimeProvider time) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>A record still being worked on has no status yet.</summary>
    private const int InFlight = 0;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (!HttpMethods.IsPost(http.Request.Method) || key.Length == 0
            || !int.TryParse(http.User.FindFirstValue(ApiTokenAuthenticationHandler.TokenIdClaim), CultureInfo.InvariantCulture, out var tokenId))
        {
            return await next(context);
        }

        if (key.Length > 255)
        {
            return Results.Problem(statusCode: 400, title: "Bad Idempotency-Key", detail: "Keep the Idempotency-Key under 256 characters.");
        }

        var cancellationToken = http.RequestAborted;
        var requestHash = await HashRequestAsync(http.Request, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        // A cheap prune on write keeps the table at a day's worth of keys.
        var cutoff = now - Lifetime;
        await db.IdempotencyRecords.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);

        var existing = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.TokenId == tokenId && r.Key == key, cancellationToken);
        if (existing is not null)
        {
            return Replay(existing, requestHash);
        }

        // The key is claimed by an insert that does nothing when another request with the key got there first, a moment
        // ago (both databases); that request's record then answers this one, as if it had been found above. An insert
        // refused by the unique index would have been logged as a database error.
        var claimed = await db.Database.SqlQuery<long>($"""
            INSERT INTO "IdempotencyRecords" ("TokenId", "Key", "RequestHash", "StatusCode", "CreatedAt")
            VALUES ({tokenId}, {key}, {requestHash}, {InFlight}, {now})
            ON CONFLICT ("TokenId", "Key") DO NOTHING
            RETURNING "Id" AS "Value"
            """).ToListAsync(cancellationToken);
        if (claimed is not [var recordId])
        {
            var first = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.TokenId == tokenId && r.Key == key, cancellationToken);
            // Gone again: the first request failed and gave the key back; this one may be sent again.
            return first is null ? InFlightProblem() : Replay(first, requestHash);
        }

        try
        {
            var result = await next(context);
            return await RecordAsync(recordId, http, result, cancellationToken);
        }
        catch
        {
            // Nothing was answered: the key may be used again.
            await db.IdempotencyRecords.Where(r => r.Id == recordId).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }
    }

    /// <summary>Runs the endpoint's answer into a buffer, keeps it, then sends it.</summary>
    private async Task<object?> RecordAsync(long recordId, HttpContext http, object? result, CancellationToken cancellationToken)
    {
        if (result is not IResult answer)
        {
            await db.IdempotencyRecords.Where(r => r.Id == recordId).ExecuteDeleteAsync(cancellationToken);
            return result;
        }

        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await answer.ExecuteAsync(http);
        }
        finally
        {
            http.Response.Body = original;
        }

        var body = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        var status = http.Response.StatusCode;
        if (status >= 500)
        {
            await db.IdempotencyRecords.Where(r => r.Id == recordId).ExecuteDeleteAsync(cancellationToken);
        }
        else
        {
            var contentType = http.Response.ContentType;
            var location = http.Response.Headers.Location.ToString();
            await db.IdempotencyRecords.Where(r => r.Id == recordId).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.StatusCode, status)
                .SetProperty(r => r.ContentType, contentType)
                .SetProperty(r => r.Location, location.Length == 0 ? null : location)
                .SetProperty(r => r.ResponseBody, body), cancellationToken);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, cancellationToken);
        return Results.Empty;
    }

    private static IResult Replay(IdempotencyRecord record, string requestHash)
    {
        if (record.RequestHash != requestHash)
        {
            return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused",
                detail: "This Idempotency-Key was used for a different request. Use a new key for a new request.");
        }

        if (record.StatusCode == InFlight)
        {
            return InFlightProblem();
        }

        return new ReplayResult(record);
    }

    private static IResult InFlightProblem() => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Request in progress",
        detail: "A request with this Idempotency-Key is still being processed. Try again in a moment.");

    private static async Task<string> HashRequestAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        // The body was buffered before binding (see AdminApiSetup), so it can be read again here.
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                hash.AppendData(chunk, 0, read);
            }

            request.Body.Position = 0;
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private sealed class ReplayResult(IdempotencyRecord record) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = record.StatusCode;
            response.Headers[ReplayedHeader] = "true";
            if (record.ContentType is { } contentType)
            {
                response.ContentType = contentType;
            }

            if (record.Location is { } location)
            {
                response.Headers.Location = location;
            }

            if (!string.IsNullOrEmpty(record.ResponseBody))
            {
                await response.WriteAsync(record.ResponseBody, httpContext.RequestAborted);
            }
        }
    }
}
