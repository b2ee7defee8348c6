using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Backup;

/// <summary>The help of the export, backup and restore commands, which must never touch the data it would work on.</summary>
public sealed class BackupCommandLineTests : IDisposable
{
    private readonly string dataDir = Directory.CreateTempSubdirectory("broadsheet-cli-").FullName;

    [Theory]
    [InlineData("export --help", "json")]
    [InlineData("export json --help", "DIR|FILE")]
    [InlineData("export wordpress --help", "FILE.xml")]
    [InlineData("backup --help", "FILE")]
    [InlineData("restore --help", "--force")]
    public async Task Every_command_has_help_that_touches_no_data(string args, string mentions)
    {
        var words = args.Split(' ');

        var result = await ProgramProcess.RunAsync([.. words, "--Broadsheet:DataDir", dataDir]);

        Assert.True(result.ExitCode == 0, result.Error);
        var command = string.Join(' ', words.Where(w => !w.StartsWith('-')));
        Assert.Contains($"Usage:\n  Broadsheet {command}", result.Output.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains(mentions, result.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dataDir));
    }

    [Fact]
    public async Task Restore_without_a_file_is_a_usage_error()
    {
        var result = await ProgramProcess.RunAsync(["restore", "--Broadsheet:DataDir", dataDir]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("restore --help", result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dataDir));
    }

    public void Dispose() => Directory.Delete(dataDir, recursive: true);
}
