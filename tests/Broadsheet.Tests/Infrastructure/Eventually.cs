namespace Broadsheet.Tests.Infrastructure;

/// <summary>Waiting for something another thread, process or node does: asked again every 50 ms until a deadline.</summary>
public static class Eventually
{
    /// <summary>Whether <paramref name="condition"/> held before <paramref name="within"/> passed.</summary>
    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }
    }

    /// <inheritdoc cref="TrueAsync(Func{Task{bool}}, TimeSpan)"/>
    public static Task<bool> TrueAsync(Func<bool> condition, TimeSpan within) => TrueAsync(() => Task.FromResult(condition()), within);
}
