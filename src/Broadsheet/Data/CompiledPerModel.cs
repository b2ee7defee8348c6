using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Broadsheet.Data;

/// <summary>
/// An EF Core compiled query (<c>EF.CompileAsyncQuery</c>), made once per model: EF then skips building, hashing and
/// looking up the query's expression tree on every call, which was about half of a small query's cost on the paths
/// that run on every request. A compiled query belongs to one model, and a process that hosts several apps (the
/// tests do) has one model per app and provider.
/// </summary>
internal sealed class CompiledPerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> compiled = [];

    public TQuery For(DbContext db) => compiled.GetValue(db.Model, _ => compile());
}
