namespace Broadsheet.CommandLine;

/// <summary>
/// Configuration keys on the command line (<c>--Broadsheet:DataDir /srv/data</c>, <c>--Logging:LogLevel:Default=Warning</c>,
/// <c>--contentRoot=/opt/broadsheet</c>),
/// the form ASP.NET Core's command-line configuration reads. They are open-ended, so they are taken out before the
/// commands are parsed and handed to the host as they are.
/// </summary>
public static class ConfigurationArguments
{
    public static bool TryExtract(IReadOnlyList<string> args, out List<string> settings, out List<string> rest, out string problem)
    {
        settings = [];
        rest = [];
        problem = "";
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                rest.AddRange(args.Skip(i));
                break;
            }

            if (!IsConfigurationKey(arg))
            {
                rest.Add(arg);
            }
            else if (arg.Contains('=', StringComparison.Ordinal))
            {
                settings.Add(arg);
            }
            else if (i + 1 < args.Count)
            {
                settings.AddRange([arg, args[++i]]);
            }
            else
            {
                problem = $"The configuration key {arg} needs a value, e.g. {arg} VALUE.";
                return false;
            }
        }

        return true;
    }

    private static bool IsConfigurationKey(string arg)
    {
        if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length < 4)
        {
            return false;
        }

        var name = arg.AsSpan(2);
        var equals = name.IndexOf('=');
        if (equals >= 0)
        {
            name = name[..equals];
        }

        if (name.Contains(':'))
        {
            return !name.StartsWith(":") && !name.EndsWith(":");
        }

        // --Section=VALUE and the host's own keys in the --key=VALUE form (as test hosts and tools pass them);
        // the commands' options are lower-case words, so they are never taken for configuration.
        return equals > 0 && (char.IsUpper(name[0]) || HostKeys.Contains(name.ToString()));
    }

    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "applicationName", "contentRoot", "environment", "urls", "webroot", "hostingStartupAssemblies", "preventHostingStartup",
    };
}
