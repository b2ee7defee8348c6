using Broadsheet.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Broadsheet.Tests.Data;

/// <summary>
/// The app starts from compiled models (<c>src/Broadsheet/Data/CompiledModels</c>) and does not check its model
/// against the migrations when it migrates. These tests make both checks: a model change without its migration, or
/// without the compiled models made again (<c>scripts/compiled-models.sh</c>), fails here instead of reaching a site.
/// </summary>
public sealed class CompiledModelTests
{
    public static TheoryData<string> Providers => new() { "Sqlite", "PostgreSQL" };

    [Theory]
    [MemberData(nameof(Providers))]
    public void Every_change_to_the_model_has_its_migration(string provider)
    {
        using var db = Open(provider);

        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {provider} model has changes no migration makes: add one (see the README, \"Changing the database\").");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_compiled_model_is_the_model_the_code_builds(string provider)
    {
        using var db = Open(provider);
        var compiled = db.Model;
        var built = db.GetService<IDesignTimeModel>().Model;

        Assert.StartsWith("Broadsheet.Data.CompiledModels.", compiled.GetType().FullName, StringComparison.Ordinal);
        var message = $"The compiled {provider} model is not the one the code builds: run scripts/compiled-models.sh.";
        Assert.True(Describe(built) == Describe(compiled), message);
        Assert.True(DescribeSchema(built) == DescribeSchema(compiled), message);
    }

    /// <summary>Entity types, properties, keys, relationships and indexes, without annotations (the schema is compared apart).</summary>
    private static string Describe(IModel model) =>
        model.ToDebugString(MetadataDebugStringOptions.LongDefault & ~MetadataDebugStringOptions.IncludeAnnotations);

    /// <summary>The tables the model maps to: columns and their store types, keys, indexes and foreign keys.</summary>
    private static string DescribeSchema(IModel model)
    {
        var text = new System.Text.StringBuilder();
        foreach (var table in model.GetRelationalModel().Tables.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            text.AppendLine($"table {table.Schema}.{table.Name}");
            foreach (var column in table.Columns.OrderBy(c => c.Name, StringComparer.Ordinal))
            {
                text.AppendLine($"  column {column.Name} {column.StoreType} null={column.IsNullable}");
            }

            text.AppendLine($"  key {table.PrimaryKey?.Name} ({Names(table.PrimaryKey?.Columns)})");
            foreach (var index in table.Indexes.OrderBy(i => i.Name, StringComparer.Ordinal))
            {
                text.AppendLine($"  index {index.Name} ({Names(index.Columns)}) unique={index.IsUnique} filter={index.Filter}");
            }

            foreach (var key in table.ForeignKeyConstraints.OrderBy(k => k.Name, StringComparer.Ordinal))
            {
                text.AppendLine($"  foreign key {key.Name} ({Names(key.Columns)}) -> {key.PrincipalTable.Name} ({Names(key.PrincipalColumns)}) {key.OnDeleteAction}");
            }
        }

        return text.ToString();
    }

    private static string Names(IEnumerable<IColumn>? columns) => string.Join(", ", columns?.Select(c => c.Name) ?? []);

    private static BroadsheetDb Open(string provider) => provider == "Sqlite"
        ? new SqliteDesignTimeFactory().CreateDbContext([])
        : new PostgresDesignTimeFactory().CreateDbContext([]);
}
