using System.Reflection;
using StackExchange.Redis;
using StackExchange.Redis.KeyspaceIsolation;

namespace Broadsheet.Nodes;

/// <summary>
/// The node's Redis connection as seen by a library that names its own keys (RedisRateLimiting writes <c>rl:fw:…</c>):
/// every database it opens puts the site's prefix before each key, so sites sharing one Redis never meet.
/// </summary>
/// <remarks>Not sealed: <see cref="DispatchProxy"/> makes its subclass at run time.</remarks>
public class PrefixedConnection : DispatchProxy
{
    private IConnectionMultiplexer inner = null!;
    private RedisKey prefix;

    public static IConnectionMultiplexer Create(IConnectionMultiplexer inner, string prefix)
    {
        var proxy = Create<IConnectionMultiplexer, PrefixedConnection>();
        var self = (PrefixedConnection)(object)proxy;
        self.inner = inner;
        self.prefix = prefix;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var result = targetMethod.Invoke(inner, args);
        return result is IDatabase database && targetMethod.Name == nameof(IConnectionMultiplexer.GetDatabase)
            ? database.WithKeyPrefix(prefix)
            : result;
    }
}
