using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Broadsheet.Hosting;

/// <summary>
/// Finds the app's types of a kind by reading the assembly's metadata, and loads only those. EF Core (looking for
/// migrations) and MVC (looking for controllers and view components) would otherwise each call
/// <see cref="Assembly.DefinedTypes"/>, which loads all 3,120 of the app's types: both providers' compiled models and
/// migrations, every command, and through their fields and base types assemblies a site may never use (Npgsql and
/// StackExchange.Redis on a SQLite site). Loading them all took 30 MB in a bare process, most of it assemblies the site
/// loads anyway: in the site this saves 3–5 MB at start and some start-up CPU for every command.
/// </summary>
/// <remarks>
/// A match here is a candidate: the framework still applies its own rules to it (a migration's context, a
/// controller's visibility). Without a file to read (a single-file bundle), every type is a candidate, as before.
/// </remarks>
internal static class AppTypes
{
    private static readonly Lazy<Candidates> Assembly = new(() => Read(typeof(AppTypes).Assembly));

    /// <summary>
    /// The top-level classes that derive, directly or through the app's own classes, from one of
    /// <paramref name="baseTypes"/> (full names of types in other assemblies), or whose name ends with one of
    /// <paramref name="nameSuffixes"/>, or that carry (themselves or through the app's own base classes) an attribute
    /// named in <paramref name="attributes"/>.
    /// </summary>
    public static IReadOnlyList<TypeInfo> Find(
        IReadOnlyCollection<string> baseTypes, IReadOnlyCollection<string>? nameSuffixes = null, IReadOnlyCollection<string>? attributes = null)
        => Assembly.Value.Find(baseTypes, nameSuffixes ?? [], attributes ?? []);

    private static Candidates Read(Assembly assembly)
    {
        if (string.IsNullOrEmpty(assembly.Location) || !File.Exists(assembly.Location))
        {
            return new Candidates(assembly, null);
        }

        using var pe = new PEReader(File.OpenRead(assembly.Location));
        var reader = pe.GetMetadataReader();
        var types = new List<TypeShape>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var definition = reader.GetTypeDefinition(handle);
            if (definition.IsNested)
            {
                continue;
            }

            types.Add(new TypeShape(
                handle,
                FullName(reader, definition.Namespace, definition.Name),
                reader.GetString(definition.Name),
                (definition.Attributes & TypeAttributes.Interface) == 0,
                BaseName(reader, definition.BaseType, out var ownBase),
                ownBase,
                [.. definition.GetCustomAttributes().Select(a => AttributeName(reader, reader.GetCustomAttribute(a)))]));
        }

        return new Candidates(assembly, types);
    }

    private static string FullName(MetadataReader reader, StringHandle ns, StringHandle name)
        => ns.IsNil || reader.GetString(ns).Length == 0 ? reader.GetString(name) : reader.GetString(ns) + "." + reader.GetString(name);

    /// <summary>The base type's full name when it is in another assembly; otherwise (one of ours) its handle.</summary>
    private static string? BaseName(MetadataReader reader, EntityHandle handle, out TypeDefinitionHandle ownBase)
    {
        ownBase = default;
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                ownBase = (TypeDefinitionHandle)handle;
                return null;
            case HandleKind.TypeReference:
                var reference = reader.GetTypeReference((TypeReferenceHandle)handle);
                return FullName(reader, reference.Namespace, reference.Name);
            case HandleKind.TypeSpecification:
                // A generic base (Foo<Bar>): its definition's name, with the arity suffix.
                var blob = reader.GetBlobReader(reader.GetTypeSpecification((TypeSpecificationHandle)handle).Signature);
                if (blob.ReadSignatureTypeCode() == SignatureTypeCode.GenericTypeInstance)
                {
                    blob.ReadSignatureTypeCode();
                    return BaseName(reader, blob.ReadTypeHandle(), out ownBase);
                }

                return null;
            default:
                return null;
        }
    }

    private static string AttributeName(MetadataReader reader, CustomAttribute attribute)
    {
        var type = attribute.Constructor.Kind switch
        {
            HandleKind.MemberReference => reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent,
            HandleKind.MethodDefinition => reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType(),
            _ => default,
        };
        return type.Kind switch
        {
            HandleKind.TypeReference => reader.GetString(reader.GetTypeReference((TypeReferenceHandle)type).Name),
            HandleKind.TypeDefinition => reader.GetString(reader.GetTypeDefinition((TypeDefinitionHandle)type).Name),
            _ => "",
        };
    }

    private sealed record TypeShape(
        TypeDefinitionHandle Handle, string FullName, string Name, bool IsClass, string? ExternalBase,
        TypeDefinitionHandle OwnBase, string[] Attributes);

    private sealed class Candidates(Assembly assembly, List<TypeShape>? types)
    {
        private readonly Dictionary<TypeDefinitionHandle, TypeShape> byHandle = types?.ToDictionary(t => t.Handle) ?? [];

        public List<TypeInfo> Find(IReadOnlyCollection<string> baseTypes, IReadOnlyCollection<string> nameSuffixes, IReadOnlyCollection<string> attributes)
        {
            if (types is null)
            {
                return [.. assembly.DefinedTypes];
            }

            var found = new List<TypeInfo>();
            foreach (var type in types)
            {
                if (type.IsClass && Matches(type, baseTypes, nameSuffixes, attributes)
                    && assembly.GetType(type.FullName, throwOnError: false) is { } loaded)
                {
                    found.Add(loaded.GetTypeInfo());
                }
            }

            return found;
        }

        private bool Matches(TypeShape type, IReadOnlyCollection<string> baseTypes, IReadOnlyCollection<string> nameSuffixes, IReadOnlyCollection<string> attributes)
        {
            if (nameSuffixes.Any(suffix => type.Name.EndsWith(suffix, StringComparison.Ordinal)))
            {
                return true;
            }

            // Up the chain of the app's own base classes to the first one from another assembly.
            for (var current = type; current is not null; current = byHandle.GetValueOrDefault(current.OwnBase))
            {
                if (current.Attributes.Any(attributes.Contains))
                {
                    return true;
                }

                if (current.ExternalBase is { } external)
                {
                    return baseTypes.Contains(external);
                }

                if (current.OwnBase.IsNil)
                {
                    return false;
                }
            }

            return false;
        }
    }
}
