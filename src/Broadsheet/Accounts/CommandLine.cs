using System.Text;

namespace Broadsheet.Accounts;

public static class CommandLine
{
    public const string Usage = """
        Usage: Broadsheet users create --email EMAIL --name NAME --role ROLE
               (the password is read from standard input, never from an argument)
        Roles: Administrator, Editor, Author, Contributor, Moderator
        """;

    /// <summary>Separates a command (<c>users create --email … --name … --role …</c>) from the host's own arguments.</summary>
    public static (CreateUserCommand? Command, string[] HostArgs) Split(string[] args)
    {
        if (args.Length == 0 || args[0] != "users")
        {
            return (null, args);
        }

        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var host = new List<string>();
        var verb = args.Length > 1 ? args[1] : "";
        for (var i = 2; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "--email" or "--name" or "--role" or "--password")
            {
                options[name[2..]] = i + 1 < args.Length ? args[++i] : "";
            }
            else
            {
                host.Add(name);
            }
        }

        return (new CreateUserCommand(verb, options), [.. host]);
    }

    /// <summary>Reads a password from standard input: one line when piped, without echo at a terminal.</summary>
    public static string ReadPassword()
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine() ?? "";
        }

        Console.Error.Write("Password: ");
        var password = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return password.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
    }
}

/// <summary><c>users create --email EMAIL --name NAME --role ROLE</c>, password from standard input.</summary>
public sealed class CreateUserCommand(string verb, IReadOnlyDictionary<string, string> options)
{
    public async Task<int> RunAsync(WebApplication app)
    {
        if (options.ContainsKey("password"))
        {
            await Console.Error.WriteLineAsync("A password on the command line would be kept in the shell's history and visible to other users; type it or pipe it to standard input instead.");
            return 2;
        }

        if (verb != "create" || !options.TryGetValue("email", out var email) || !options.TryGetValue("name", out var name) || !options.TryGetValue("role", out var role))
        {
            await Console.Error.WriteLineAsync(CommandLine.Usage);
            return 2;
        }

        var password = CommandLine.ReadPassword();
        await using var scope = app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<NewsroomAccounts>();
        var result = await accounts.CreateAsync(email, name, role, password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                await Console.Error.WriteLineAsync(error.Description);
            }

            return 1;
        }

        var audit = scope.ServiceProvider.GetRequiredService<Audit.AuditLog>();
        await audit.RecordAsync(null, "Created user (command line)", $"{email} ({NewsroomRoles.Normalize(role)})");
        await Console.Out.WriteLineAsync($"Created {NewsroomRoles.Normalize(role)} {email}. Sign in at /newsroom/signin.");
        return 0;
    }
}
