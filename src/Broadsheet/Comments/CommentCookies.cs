using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Broadsheet.Comments;

/// <summary>
/// The reader's two first-party comment cookies, both HttpOnly and signed: their remembered name, email and
/// website (only when they ticked the box), and the ids of their comments awaiting moderation, which only
/// they may see. The cached article page reads neither; the comment script asks <c>/comments/state</c>.
/// </summary>
public sealed class CommentCookies(IDataProtectionProvider protection, TimeProvider time)
{
    public const string RememberName = "broadsheet-commenter";
    public const string HeldName = "broadsheet-held";

    /// <summary>Says only that there is a held comment, so the page's script knows to ask; readable by script.</summary>
    public const string HeldHintName = "broadsheet-held-hint";
    private const int MaxHeld = 20;

    private readonly IDataProtector remember = protection.CreateProtector("Broadsheet.Comments.Remember");
    private readonly IDataProtector held = protection.CreateProtector("Broadsheet.Comments.Held");

    public sealed record Commenter(string Name, string Email, string? Website);

    public Commenter? Remembered(HttpRequest request) =>
        Read(request, RememberName, remember) is { } json ? JsonSerializer.Deserialize<Commenter>(json) : null;

    public void Remember(HttpContext context, CommentInput input)
    {
        if (!input.Remember)
        {
            context.Response.Cookies.Delete(RememberName);
            return;
        }

        var json = JsonSerializer.Serialize(new Commenter(input.Name!.Trim(), input.Email!.Trim(), input.Website?.Trim()));
        context.Response.Cookies.Append(RememberName, remember.Protect(json), Options(context, TimeSpan.FromDays(365)));
    }

    public IReadOnlyList<int> HeldIds(HttpRequest request) =>
        Read(request, HeldName, held) is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.TryParse(s, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0).ToList()
            : [];

    public void AddHeld(HttpContext context, int commentId)
    {
        var ids = HeldIds(context.Request).Append(commentId).TakeLast(MaxHeld);
        context.Response.Cookies.Append(HeldName, held.Protect(string.Join(',', ids)), Options(context, TimeSpan.FromDays(30)));
        var hint = Options(context, TimeSpan.FromDays(30));
        hint.HttpOnly = false;
        context.Response.Cookies.Append(HeldHintName, "1", hint);
    }

    public void ForgetHeld(HttpContext context)
    {
        context.Response.Cookies.Delete(HeldName);
        context.Response.Cookies.Delete(HeldHintName);
    }

    private CookieOptions Options(HttpContext context, TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = context.Request.IsHttps,
        IsEssential = true,
        Path = "/",
        Expires = time.GetUtcNow() + lifetime,
    };

    private static string? Read(HttpRequest request, string name, IDataProtector protector)
    {
        if (!request.Cookies.TryGetValue(name, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            return protector.Unprotect(value);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
