using System.Runtime.CompilerServices;

namespace Broadsheet.Tests.Infrastructure;

/// <summary>Settings for the whole test process, applied before any app is built.</summary>
internal static class TestProcessSettings
{
    /// <summary>
    /// Dozens of apps run side by side in one test process, and each would hold inotify instances for its
    /// configuration files and web root. The kernel allows 128 per user, so past that every page that appends a
    /// file version would fail. Polling watchers need no inotify instance; the files never change during a run.
    /// </summary>
    [ModuleInitializer]
    internal static void Apply()
    {
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
    }
}
