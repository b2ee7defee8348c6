using Broadsheet.Data;
using Broadsheet.Hosting;
using Broadsheet.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.ViewComponents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Broadsheet.Tests.Hosting;

/// <summary>
/// EF Core and MVC find the app's migrations, controllers and view components among the classes the assembly's
/// metadata names as candidates (<see cref="AppTypes"/>), not by loading every type. They must find exactly what
/// their own full scans find: a migration missed here would never be applied to a site, a view component missed
/// would break every newsroom page.
/// </summary>
public sealed class AppTypesTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    public static TheoryData<string> Providers => new() { "Sqlite", "PostgreSQL" };

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_migrations_and_snapshot_are_those_EF_Core_finds_by_loading_every_type(string provider)
    {
        // The design-time factories leave EF Core's own lookup in place.
        using var db = provider == "Sqlite"
            ? (BroadsheetDb)new SqliteDesignTimeFactory().CreateDbContext([])
            : new PostgresDesignTimeFactory().CreateDbContext([]);
        var efCore = db.GetService<IMigrationsAssembly>();
        var ours = new AppMigrationsAssembly(
            db.GetService<ICurrentDbContext>(), db.GetService<IMigrationsIdGenerator>(), db.GetService<IDiagnosticsLogger<DbLoggerCategory.Migrations>>());

        Assert.IsNotType<AppMigrationsAssembly>(efCore);
        Assert.NotEmpty(efCore.Migrations);
        Assert.Equal(efCore.Migrations.Select(m => (m.Key, m.Value)), ours.Migrations.Select(m => (m.Key, m.Value)));
        Assert.Equal(efCore.ModelSnapshot!.GetType(), ours.ModelSnapshot!.GetType());
        var last = efCore.Migrations.Keys.Last();
        Assert.Equal(last, ours.FindMigrationId(last[(last.IndexOf('_') + 1)..]));
    }

    [Fact]
    public void A_migration_without_its_id_is_left_out_with_EF_Cores_warning_as_EF_Core_does()
    {
        var warnings = new List<string>();
        using var db = new SqliteBroadsheetDb(new DbContextOptionsBuilder<SqliteBroadsheetDb>()
            .UseSqlite("Data Source=design-time.db")
            .LogTo(warnings.Add, [RelationalEventId.MigrationAttributeMissingWarning])
            .Options);
        var ours = new AppMigrationsAssembly(
            db.GetService<ICurrentDbContext>(), db.GetService<IMigrationsIdGenerator>(), db.GetService<IDiagnosticsLogger<DbLoggerCategory.Migrations>>());
        var own = ours.Migrations.Count;

        ours.AddMigrations(typeof(UnnumberedMigration).Assembly);

        Assert.Equal(own, ours.Migrations.Count);
        Assert.DoesNotContain(ours.Migrations.Values, type => type == typeof(UnnumberedMigration));
        Assert.Contains(warnings, warning => warning.Contains(nameof(UnnumberedMigration), StringComparison.Ordinal));
    }

    [Fact]
    public void The_site_finds_its_migrations_through_the_metadata()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();

        Assert.IsType<AppMigrationsAssembly>(db.GetService<IMigrationsAssembly>());
        Assert.Empty(db.Database.GetPendingMigrations());
        Assert.Equal(db.Database.GetMigrations(), db.Database.GetAppliedMigrations());
    }

    [Fact]
    public void MVC_finds_the_same_controllers_and_view_components_as_with_every_type()
    {
        var assembly = typeof(AppMvcPart).Assembly;
        var (controllers, components) = Features(new AssemblyPart(assembly));
        var (ourControllers, ourComponents) = Features(new AppMvcPart(assembly));

        Assert.Contains(components, c => c.Name == "NewsroomMenuViewComponent");
        Assert.Equal(components, ourComponents);
        Assert.Equal(controllers, ourControllers);
    }

    private static (List<Type> Controllers, List<Type> ViewComponents) Features(ApplicationPart part)
    {
        var manager = new ApplicationPartManager();
        manager.ApplicationParts.Add(part);
        manager.FeatureProviders.Add(new ControllerFeatureProvider());
        manager.FeatureProviders.Add(new ViewComponentFeatureProvider());
        var controllers = new ControllerFeature();
        var components = new ViewComponentFeature();
        manager.PopulateFeature(controllers);
        manager.PopulateFeature(components);
        return ([.. controllers.Controllers.Select(t => t.AsType()).OrderBy(t => t.FullName)],
            [.. components.ViewComponents.Select(t => t.AsType()).OrderBy(t => t.FullName)]);
    }
}

/// <summary>A migration someone wrote by hand and forgot to give its id: EF Core cannot order it, so it is never applied.</summary>
[DbContext(typeof(SqliteBroadsheetDb))]
internal sealed class UnnumberedMigration : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
    }
}
