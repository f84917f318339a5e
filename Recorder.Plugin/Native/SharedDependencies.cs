using System.Reflection;
using System.Runtime.Loader;

namespace QuantowerRecorder.Plugin.Native;

/// <summary>
/// Keeps one copy of each of the plugin's SQLite assemblies in the process. Quantower loads every assembly of the
/// strategies folder from its bytes, each into a load context of its own, and resolves references by full name
/// (quantower-api.md §11). Microsoft.Data.Sqlite 10 references SQLitePCLRaw.core 2.1.12 while the plugin ships 3.0.3,
/// and loads SQLitePCLRaw.batteries_v2 by its bare name: resolved by full name, both would load a second copy, whose
/// types are not the first copy's, and SQLite would fail to start ("Entry point was not found"). The Resolving event of
/// the contexts that hold these assemblies runs before the platform's AssemblyResolve handler; it answers those names
/// with the copies the plugin itself is bound to. In a host that loads by path, the runtime unifies the versions and
/// this is never asked.
/// </summary>
internal static class SharedDependencies
{
    private static readonly object Gate = new();
    private static readonly HashSet<AssemblyLoadContext> Watched = [];

    /// <summary>Call before the first SQLite connection. Never throws.</summary>
    public static void Ensure()
    {
        var bound = new[]
        {
            typeof(SQLitePCL.raw).Assembly,
            typeof(SQLitePCL.Batteries_V2).Assembly,
            typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly,
            typeof(Microsoft.Data.Sqlite.SqliteConnection).Assembly,
        };
        var byName = bound.ToDictionary(a => a.GetName().Name!, StringComparer.Ordinal);
        lock (Gate)
        {
            foreach (var context in bound.Append(typeof(SharedDependencies).Assembly).Select(AssemblyLoadContext.GetLoadContext))
            {
                if (context is not null && context != AssemblyLoadContext.Default && Watched.Add(context))
                {
                    context.Resolving += (_, name) => name.Name is { } simple && byName.TryGetValue(simple, out var one) ? one : null;
                }
            }
        }
    }
}
