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
            $"The {provider} model has changes no migration makes: add one (README, \"Migrations for a model change\").");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_compiled_model_is_the_model_the_code_builds(string provider)
    {
        using var db = Open(provider);
        var compiled = db.Model;
        var built = db.GetService<IDesignTimeModel>().Model;

        Assert.StartsWith("Broadsheet.Data.CompiledModels.", compiled.GetType().FullName, StringComparison.Ordinal);
        AssertSame(provider, Describe(built), Describe(compiled));
        AssertSame(provider, DescribeSchema(built), DescribeSchema(compiled));
    }

    /// <summary>Fails with the first line where the compiled model's description parts from the code's.</summary>
    private static void AssertSame(string provider, string built, string compiled)
    {
        var expected = built.Split('\n');
        var actual = compiled.Split('\n');
        var line = Enumerable.Range(0, Math.Max(expected.Length, actual.Length))
            .FirstOrDefault(i => i >= expected.Length || i >= actual.Length || expected[i] != actual[i], -1);
        Assert.True(line < 0,
            $"The compiled {provider} model is not the one the code builds: run scripts/compiled-models.sh. First difference, line {line + 1}:\n"
            + $"  code:     {(line >= 0 && line < expected.Length ? expected[line].Trim() : "(nothing)")}\n"
            + $"  compiled: {(line >= 0 && line < actual.Length ? actual[line].Trim() : "(nothing)")}");
    }

    /// <summary>
    /// Entity types, their properties (type, nullability, length, converter, value generation), keys, relationships,
    /// navigations, indexes and query filters, each list in name order (the schema is compared apart).
    /// </summary>
    private static string Describe(IModel model)
    {
        var text = new System.Text.StringBuilder();
        foreach (var entity in model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            text.AppendLine($"entity {entity.Name} ({entity.ClrType.Name}) base={entity.BaseType?.Name} owned={entity.IsOwned()} filter={entity.GetDeclaredQueryFilters().Count}");
            foreach (var property in entity.GetDeclaredProperties().OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                text.AppendLine($"  property {property.Name} {property.ClrType.Name} null={property.IsNullable} max={property.GetMaxLength()} "
                    + $"converter={property.GetValueConverter()?.GetType().Name} generated={property.ValueGenerated} concurrency={property.IsConcurrencyToken}");
            }

            foreach (var key in entity.GetDeclaredKeys().Select(k => $"{(k.IsPrimaryKey() ? "primary" : "alternate")} ({string.Join(", ", k.Properties.Select(p => p.Name))})").Order(StringComparer.Ordinal))
            {
                text.AppendLine($"  key {key}");
            }

            foreach (var relation in entity.GetDeclaredForeignKeys()
                .Select(f => $"({string.Join(", ", f.Properties.Select(p => p.Name))}) -> {f.PrincipalEntityType.Name} required={f.IsRequired} unique={f.IsUnique} delete={f.DeleteBehavior}")
                .Order(StringComparer.Ordinal))
            {
                text.AppendLine($"  foreign key {relation}");
            }

            foreach (var navigation in entity.GetDeclaredNavigations().Select(n => n.Name)
                .Concat(entity.GetDeclaredSkipNavigations().Select(n => "skip " + n.Name)).Order(StringComparer.Ordinal))
            {
                text.AppendLine($"  navigation {navigation}");
            }

            foreach (var index in entity.GetDeclaredIndexes()
                .Select(i => $"{i.Name} ({string.Join(", ", i.Properties.Select(p => p.Name))}) unique={i.IsUnique}").Order(StringComparer.Ordinal))
            {
                text.AppendLine($"  index {index}");
            }
        }

        return text.ToString();
    }

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
