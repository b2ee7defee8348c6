using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Broadsheet.Data;

public static class DatabaseKind
{
    /// <summary>The PostgreSQL provider's name, as EF Core reports it in <see cref="DatabaseFacade.ProviderName"/>.</summary>
    public const string PostgresProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>
    /// Whether the context runs on PostgreSQL. EF Core's own <c>IsNpgsql()</c> lives in the PostgreSQL provider's
    /// assembly, so a method that calls it loads that provider and Npgsql into a SQLite site's process as soon as the
    /// method is compiled: memory for code that never runs there.
    /// </summary>
    public static bool IsPostgres(this DatabaseFacade database) => database.ProviderName == PostgresProvider;
}
