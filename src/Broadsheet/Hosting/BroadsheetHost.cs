using Microsoft.Extensions.Logging.Console;

namespace Broadsheet.Hosting;

/// <summary>
/// Where the program finds its own files and keeps its data, whatever the working directory it was started
/// from: a service without <c>WorkingDirectory=</c>, a container, or <c>cd / &amp;&amp; dotnet /opt/broadsheet/Broadsheet.dll</c>.
/// </summary>
public static class BroadsheetHost
{
    public const string DataDirKey = "Broadsheet:DataDir";

    /// <summary>A web application builder whose content root (wwwroot, appsettings.json) is the program's own folder.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        WebApplicationBuilder builder;
        try
        {
            // The slim builder: the full one also loads IIS's integration, the QUIC transport for HTTP/3 (which needs a
            // libmsquic Debian does not ship), the debugger's log provider and hosting startup assemblies, for nothing
            // used on Linux in production: 3-9 MB less at the peak in probes at 100,000 articles, within the spread of
            // bench/memory.sh's rounds (README, "Memory"). Kestrel's HTTPS settings and the
            // EventSource log provider (dotnet-trace, dotnet-monitor) are added back below.
            builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                Args = args,
                // The framework's default is the working directory of the moment, which serves an empty web root
                // when the program is started from anywhere else. An explicit --contentRoot still wins.
                ContentRootPath = ContentRootIsGiven(args) ? null : AppContext.BaseDirectory,
            });
        }
        catch (DirectoryNotFoundException missing) when (ContentRootIsGiven(args))
        {
            // The framework's message is the folder alone, under a stack trace.
            throw new StartupProblemException(
                $"the content root folder {missing.Message} does not exist. Leave out --contentRoot (and ASPNETCORE_CONTENTROOT) "
                + "to use the program's own folder, or give the folder the program was published to.");
        }

        // Serve wwwroot from the project too under `dotnet run` (any environment); a no-op once published.
        builder.WebHost.UseStaticWebAssets();
        // Kestrel:Endpoints with a certificate, and https:// addresses, as the full builder allows.
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.Logging.AddEventSourceLogger();
        // The slim builder's console log is always the simple one; Logging:Console:FormatterName (json, systemd) counts again.
        var configuration = builder.Configuration;
        builder.Services.PostConfigure<ConsoleLoggerOptions>(console =>
            console.FormatterName = configuration["Logging:Console:FormatterName"] is { Length: > 0 } name ? name : console.FormatterName);
        builder.Configuration[DataDirKey] = DataFolder(builder.Configuration[DataDirKey]);
        return builder;
    }

    /// <summary>
    /// The data folder (database, keys, media, mail) as an absolute path: <c>Broadsheet:DataDir</c> when set (a relative
    /// path is taken from the working directory, as a shell user expects); else systemd's <c>STATE_DIRECTORY</c>
    /// (<c>StateDirectory=broadsheet</c> gives <c>/var/lib/broadsheet</c>); else the user's data folder
    /// (<c>$XDG_DATA_HOME/broadsheet</c>, normally <c>~/.local/share/broadsheet</c>).
    /// </summary>
    public static string DataFolder(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        var state = Environment.GetEnvironmentVariable("STATE_DIRECTORY");
        if (!string.IsNullOrWhiteSpace(state))
        {
            // systemd passes a colon-separated list when a unit names several state directories.
            return Path.GetFullPath(state.Split(':')[0]);
        }

        var userData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return string.IsNullOrEmpty(userData)
            ? Path.Combine(AppContext.BaseDirectory, "data")
            : Path.Combine(userData, "broadsheet");
    }

    /// <summary>
    /// Refuses to start when the web root holds no stylesheet: readers would get an unstyled site of empty
    /// 200 answers and nothing would say why.
    /// </summary>
    public static void EnsureWebRoot(this WebApplication app)
    {
        var stylesheet = app.Environment.WebRootFileProvider.GetFileInfo("css/site.css");
        if (!stylesheet.Exists || stylesheet.Length <= 0)
        {
            var webRoot = app.Environment.WebRootPath ?? Path.Combine(app.Environment.ContentRootPath, "wwwroot");
            throw new StartupProblemException(
                $"The web root '{webRoot}' has no css/site.css, so the site would be served without its styles and scripts. " +
                "The wwwroot folder of a published build must sit beside Broadsheet.dll (publish with `dotnet publish` and copy the whole output folder), " +
                "or name the folder that holds it with --contentRoot.");
        }
    }

    private static bool ContentRootIsGiven(string[] args) =>
        args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase) || a.StartsWith("/contentRoot", StringComparison.OrdinalIgnoreCase))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
}

/// <summary>A reason the site cannot start that the operator can fix; shown as a message, never as a stack trace.</summary>
public sealed class StartupProblemException(string message) : Exception(message);
