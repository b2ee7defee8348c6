using System.Reflection;
using Broadsheet.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Broadsheet.Data;

/// <summary>
/// EF Core's list of the context's migrations and its model snapshot, as EF Core's own implementation makes it (a
/// class deriving from <see cref="Migration"/> or <see cref="ModelSnapshot"/> whose <see cref="DbContextAttribute"/>
/// names this context; a migration's id from its <see cref="MigrationAttribute"/>), but looking only at the classes
/// that derive from those two (<see cref="AppTypes"/>), where EF Core's loads every type of the app to find them.
/// </summary>
internal sealed class AppMigrationsAssembly(
    ICurrentDbContext currentContext,
    IMigrationsIdGenerator idGenerator,
    IDiagnosticsLogger<DbLoggerCategory.Migrations> logger) : IMigrationsAssembly
{
    private static readonly Lazy<IReadOnlyList<TypeInfo>> Candidates = new(() => AppTypes.Find(
        [typeof(Migration).FullName!, typeof(ModelSnapshot).FullName!]));

    private readonly Type contextType = currentContext.Context.GetType();
    private IReadOnlyDictionary<string, TypeInfo>? migrations;
    private ModelSnapshot? modelSnapshot;
    private bool modelSnapshotFound;
    private readonly List<Assembly> additional = [];

    public Assembly Assembly => typeof(AppMigrationsAssembly).Assembly;

    public IReadOnlyDictionary<string, TypeInfo> Migrations => migrations ??= FindMigrations();

    public ModelSnapshot? ModelSnapshot
    {
        get
        {
            if (!modelSnapshotFound)
            {
                // As EF Core: the last assembly added holds the current snapshot.
                modelSnapshot = (additional.Count > 0 ? additional[^1].DefinedTypes : Candidates.Value)
                    .Where(t => t.IsSubclassOf(typeof(ModelSnapshot)) && !t.IsAbstract && ContextOf(t) == contextType)
                    .Select(t => (ModelSnapshot)Activator.CreateInstance(t.AsType())!)
                    .FirstOrDefault();
                modelSnapshotFound = true;
            }

            return modelSnapshot;
        }
    }

    public string? FindMigrationId(string nameOrId)
        => Migrations.Keys.FirstOrDefault(idGenerator.IsValidId(nameOrId)
            ? id => string.Equals(id, nameOrId, StringComparison.OrdinalIgnoreCase)
            : id => string.Equals(idGenerator.GetName(id), nameOrId, StringComparison.OrdinalIgnoreCase));

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        var migration = (Migration)Activator.CreateInstance(migrationClass.AsType())!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }

    /// <summary>Another assembly's migrations, found as EF Core finds them (by loading its types).</summary>
    public void AddMigrations(Assembly additionalMigrationsAssembly)
    {
        additional.Add(additionalMigrationsAssembly);
        migrations = null;
        modelSnapshotFound = false;
    }

    private SortedList<string, TypeInfo> FindMigrations()
    {
        // The default comparer, as EF Core's (ids are digits first, so the order is the same in any culture).
        var found = new SortedList<string, TypeInfo>();
        foreach (var type in Candidates.Value.Concat(additional.SelectMany(a => a.DefinedTypes)))
        {
            if (!type.IsSubclassOf(typeof(Migration)) || type.IsAbstract || type.IsGenericTypeDefinition || ContextOf(type) != contextType)
            {
                continue;
            }

            if (type.GetCustomAttribute<MigrationAttribute>()?.Id is { } id)
            {
                found[id] = type;
            }
            else
            {
                // As EF Core: a migration it cannot order is left out, with its warning.
                logger.MigrationAttributeMissingWarning(type);
            }
        }

        return found;
    }

    /// <summary>The first <see cref="DbContextAttribute"/> up the class's chain, as EF Core reads it.</summary>
    private static Type? ContextOf(Type type)
    {
        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            if (current.GetCustomAttribute<DbContextAttribute>(inherit: false) is { } attribute)
            {
                return attribute.ContextType;
            }
        }

        return null;
    }
}
