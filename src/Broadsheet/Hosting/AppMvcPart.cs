using System.Reflection;
using Microsoft.AspNetCore.Mvc.ApplicationParts;

namespace Broadsheet.Hosting;

/// <summary>
/// MVC's view of the app's assembly, in place of the <see cref="AssemblyPart"/> MVC makes for it: it offers only the
/// classes that could be controllers, view components or tag helpers (by base class, name or attribute, the ways MVC
/// recognises them; <see cref="AppTypes"/>), where an <see cref="AssemblyPart"/> loads every type of the app for MVC to
/// look through. MVC still decides which of them are what. Razor's compiled pages come from their own part.
/// </summary>
internal sealed class AppMvcPart(Assembly assembly) : ApplicationPart, IApplicationPartTypeProvider
{
    private readonly Lazy<IReadOnlyList<TypeInfo>> types = new(() => AppTypes.Find(
        ["Microsoft.AspNetCore.Mvc.ControllerBase", "Microsoft.AspNetCore.Mvc.Controller", "Microsoft.AspNetCore.Mvc.ViewComponent",
            "Microsoft.AspNetCore.Razor.TagHelpers.TagHelper", "Microsoft.AspNetCore.Mvc.TagHelpers.CacheTagHelperBase"],
        ["Controller", "ViewComponent", "TagHelper"],
        ["ControllerAttribute", "ApiControllerAttribute", "ViewComponentAttribute", "HtmlTargetElementAttribute"]));

    public override string Name => assembly.GetName().Name!;

    public IEnumerable<TypeInfo> Types => types.Value;

    public static void ReplaceAssemblyPart(ApplicationPartManager manager)
    {
        var app = typeof(AppMvcPart).Assembly;
        var index = manager.ApplicationParts.ToList().FindIndex(p => p is AssemblyPart part && part.Assembly == app);
        if (index >= 0)
        {
            manager.ApplicationParts[index] = new AppMvcPart(app);
        }
    }
}
