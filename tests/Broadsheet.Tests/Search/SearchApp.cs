using System.Collections.Concurrent;
using Broadsheet.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Broadsheet.Tests.Search;

/// <summary>
/// The newsroom app (a signed-in newsroom and a clock the test moves) that also keeps every log entry carrying an
/// exception, at any level: the search must never throw, not even into a warning.
/// </summary>
public class SearchApp : NewsroomApp
{
    public ExceptionLog Exceptions { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Exceptions));
    }
}

public sealed class PostgresSearchApp : SearchApp
{
    public PostgresSearchApp() => UsePostgres();

    public override string ProviderName => "PostgreSQL";
}

public sealed class ExceptionLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> entries = new();

    public IReadOnlyCollection<string> Entries => entries;

    public void Clear() => entries.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ExceptionLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is not null || logLevel >= LogLevel.Error)
            {
                log.entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
