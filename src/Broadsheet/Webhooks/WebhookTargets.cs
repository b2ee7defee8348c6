using System.Net;
using System.Net.Sockets;

namespace Broadsheet.Webhooks;

/// <summary>A target the server refuses to call (SSRF protection); the message says why, for the delivery log.</summary>
public sealed class WebhookTargetRefusedException(string message) : Exception(message);

/// <summary>
/// Which addresses a webhook may go to. An administrator's URL must not make the server call into its own
/// network (the cloud metadata service, an admin port on localhost, a database): loopback, private, link-local,
/// carrier-grade NAT, unspecified and multicast addresses are refused unless private targets are allowed. The
/// address is judged after DNS resolution at send time, so a name that later resolves inward is caught too.
/// </summary>
public static class WebhookTargets
{
    /// <summary>The metadata services of the big clouds (169.254.169.254, and AWS's fd00:ec2::254): refused even where private targets are allowed.</summary>
    public static bool IsMetadata(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.Equals(MetadataV4) || address.Equals(MetadataV6);
    }

    private static readonly IPAddress MetadataV4 = IPAddress.Parse("169.254.169.254");
    private static readonly IPAddress MetadataV6 = IPAddress.Parse("fd00:ec2::254");

    /// <summary>Why the address may not be called, or null when it may.</summary>
    public static string? Refusal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return "a loopback address";
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b switch
            {
                [0, ..] => "an unspecified (0.0.0.0/8) address",
                [10, ..] or [172, >= 16 and <= 31, ..] or [192, 168, ..] => "a private address",
                [169, 254, 169, 254] => "the cloud metadata address",
                [169, 254, ..] => "a link-local address",
                [100, >= 64 and <= 127, ..] => "a carrier-grade NAT address",
                [192, 0, 0, ..] => "a reserved (IETF protocol) address",
                [198, 18 or 19, ..] => "a benchmarking address",
                [>= 224 and <= 239, ..] => "a multicast address",
                [>= 240, ..] => "a reserved or broadcast address",
                _ => null,
            };
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any))
            {
                return "an unspecified address";
            }

            var b = address.GetAddressBytes();
            if (address.IsIPv6LinkLocal || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80))
            {
                return "a link-local address";
            }

            if ((b[0] & 0xfe) == 0xfc || address.IsIPv6SiteLocal)
            {
                return "a private address";
            }

            if (address.IsIPv6Multicast)
            {
                return "a multicast address";
            }

            // IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) forms carry an IPv4 address to judge.
            if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 || (b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0))
            {
                return Refusal(new IPAddress(b.AsSpan(12, 4)));
            }
        }

        return null;
    }

    /// <summary>
    /// Checks what an administrator typed: an absolute http(s) URL without credentials, whose host is not an internal
    /// name or address. Returns the problem, or null. With <paramref name="resolve"/>, names are looked up too.
    /// </summary>
    public static async Task<string?> CheckUrlAsync(string? url, bool allowPrivate, bool resolve, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "Enter the URL that should receive the events.";
        }

        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            return "Enter an absolute http:// or https:// URL, such as https://example.org/hooks/broadsheet.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "Leave the user name and password out of the URL: the signature tells the receiver the request is ours.";
        }

        if (url.Trim().Length > 2000)
        {
            return "The URL can be at most 2,000 characters long.";
        }

        try
        {
            await ResolveAsync(uri.IdnHost, allowPrivate, resolve, cancellationToken);
            return null;
        }
        catch (WebhookTargetRefusedException refused)
        {
            return refused.Message + (allowPrivate ? "" : " Only public addresses may receive webhooks.");
        }
        catch (SocketException)
        {
            // A name that does not resolve yet (a receiver still being set up, no DNS where the newsroom runs) is
            // judged again at every send, after its lookup; refusing it here would protect nothing.
            return null;
        }
    }

    /// <summary>
    /// The addresses of <paramref name="host"/> that may be called, in the resolver's order. Throws
    /// <see cref="WebhookTargetRefusedException"/> when none may.
    /// </summary>
    public static async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, bool allowPrivate, bool resolve, CancellationToken cancellationToken)
    {
        var name = host.Trim('[', ']').TrimEnd('.');
        if (!allowPrivate && (name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)))
        {
            throw new WebhookTargetRefusedException($"{host} is a name for this machine (localhost).");
        }

        IPAddress[] addresses;
        if (IPAddress.TryParse(name, out var literal))
        {
            addresses = [literal];
        }
        else if (!resolve)
        {
            return [];
        }
        else
        {
            addresses = await Dns.GetHostAddressesAsync(name, cancellationToken);
        }

        if (allowPrivate)
        {
            // Intranets may be reached, but never the cloud's metadata service: its answers are the machine's credentials.
            var reachable = addresses.Where(a => !IsMetadata(a)).ToList();
            return reachable.Count > 0 || addresses.Length == 0
                ? reachable
                : throw new WebhookTargetRefusedException($"{host} {(literal is null ? $"resolves to {addresses[0]}, " : "is ")}the cloud metadata address.");
        }

        var allowed = addresses.Where(a => Refusal(a) is null).ToList();
        if (allowed.Count == 0)
        {
            var first = addresses.FirstOrDefault();
            throw new WebhookTargetRefusedException(first is null
                ? $"{host} has no address."
                : $"{host} {(literal is null ? $"resolves to {first}, " : "is ")}{Refusal(first)}.");
        }

        return allowed;
    }
}
