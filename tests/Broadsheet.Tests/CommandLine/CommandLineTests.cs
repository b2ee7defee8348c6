using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.CommandLine;

/// <summary>The command line as an operator types it: the real program, run as a process.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string dataDir = Directory.CreateTempSubdirectory("broadsheet-cli-").FullName;

    private string[] Data => ["--Broadsheet:DataDir", dataDir, "--Logging:LogLevel:Default", "Warning"];

    [Fact]
    public async Task Host_options_work_before_or_after_the_command()
    {
        // Options first, as a service's ExecStart or a container's command line puts them.
        var created = await ProgramProcess.RunAsync(
            [.. Data, "users", "create", "--email", "first@example.org", "--name", "First Admin", "--role", "Administrator"], "a long enough passphrase");
        Assert.True(created.ExitCode == 0, created.Error);
        Assert.Contains("Created Administrator first@example.org", created.Output, StringComparison.Ordinal);

        // Between the command and its options, and after them, in the --key=value form too.
        var between = await ProgramProcess.RunAsync(
            ["users", $"--Broadsheet:DataDir={dataDir}", "create", "--role", "editor", "--name", "Second Editor", "--email", "second@example.org"], "another long passphrase");
        Assert.True(between.ExitCode == 0, between.Error);

        var listed = await ProgramProcess.RunAsync(["users", "list", .. Data]);
        Assert.True(listed.ExitCode == 0, listed.Error);
        var lines = listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("first@example.org", StringComparison.Ordinal) && l.Contains("Administrator", StringComparison.Ordinal) && l.Contains("First Admin", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("second@example.org", StringComparison.Ordinal) && l.Contains("Editor", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("users --help")]
    [InlineData("users create --help")]
    [InlineData("users list -h")]
    [InlineData("users disable --help")]
    [InlineData("users enable --help")]
    [InlineData("users set-role --help")]
    [InlineData("users reset-password --help")]
    public async Task Every_level_has_help(string args)
    {
        var words = args.Split(' ');
        var result = await ProgramProcess.RunAsync([.. words, .. Data]);

        Assert.True(result.ExitCode == 0, result.Error);
        var command = string.Join(' ', words.Where(w => !w.StartsWith('-')));
        Assert.Contains($"Usage:\n  Broadsheet {command}".TrimEnd(), result.Output.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("--help", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", result.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dataDir)); // help touches no data
    }

    [Fact]
    public async Task A_content_root_that_does_not_exist_stops_the_program_with_a_message_not_a_stack_trace()
    {
        var missing = Path.Combine(dataDir, "no-such-folder");
        foreach (var args in new[] { new[] { "--contentRoot", missing, "users", "list" }, ["users", "list", "--contentRoot", missing] })
        {
            var result = await ProgramProcess.RunAsync([.. args, .. Data]);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains($"Broadsheet cannot start: the content root folder {missing}", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        }

        // The program's own folder given as the content root, before or after the command: it runs.
        var own = Path.GetDirectoryName(ProgramProcess.BuiltProgram)!;
        Assert.Equal(0, (await ProgramProcess.RunAsync(["users", "list", "--contentRoot", own, .. Data])).ExitCode);
        Assert.Equal(0, (await ProgramProcess.RunAsync(["--contentRoot", own, "users", "list", .. Data])).ExitCode);

        // A relative folder is taken from the working directory, as a shell user means it: "." from the program's
        // folder runs, and a missing relative folder is reported by its full path under the working directory.
        Assert.Equal(0, (await ProgramProcess.RunAsync(["users", "list", "--contentRoot=.", .. Data], workingDirectory: own)).ExitCode);
        var relative = await ProgramProcess.RunAsync(["--contentRoot", "no-such-folder", "users", "list", .. Data], workingDirectory: dataDir);
        Assert.Equal(1, relative.ExitCode);
        Assert.Contains($"the content root folder {missing}", relative.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_top_level_help_lists_the_commands_and_the_host_options()
    {
        var result = await ProgramProcess.RunAsync(["--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("users", result.Output, StringComparison.Ordinal);
        Assert.Contains("--urls", result.Output, StringComparison.Ordinal);
        Assert.Contains("--environment", result.Output, StringComparison.Ordinal);
        Assert.Contains("--Section:Key", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_program_version()
    {
        var result = await ProgramProcess.RunAsync(["--version"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Output.Trim());
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("--bogus")]
    [InlineData("--bogus=1")]
    [InlineData("users")]
    [InlineData("users frobnicate")]
    [InlineData("users create --email a@example.org --name A --role Editor --colour red")]
    [InlineData("users create --email a@example.org")]
    [InlineData("--Broadsheet:DataDir")]
    public async Task Unknown_or_incomplete_input_exits_2_with_a_message_and_never_starts_the_site(string args)
    {
        var port = ProgramProcess.FreePort();

        // A command that started the site instead would never end: RunAsync fails the test after the timeout.
        var result = await ProgramProcess.RunAsync([.. args.Split(' '), "--urls", $"http://127.0.0.1:{port}"], "a long enough passphrase", timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--help", result.Error, StringComparison.Ordinal);
        Assert.True(result.Error.Trim().Split('\n').Length >= 2, $"Expected a message saying what is wrong: {result.Error}");
        Assert.DoesNotContain("Now listening", result.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dataDir));
    }

    public void Dispose() => Directory.Delete(dataDir, recursive: true);
}
