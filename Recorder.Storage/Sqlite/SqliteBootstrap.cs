using SQLitePCL;

namespace QuantowerRecorder.Storage.Sqlite;

/// <summary>
/// Starts SQLite's native provider, once per process. Storage's own connections do it themselves; call it before
/// opening a <c>SqliteConnection</c> of your own.
/// </summary>
/// <remarks>
/// Started here first, SQLite keeps no process-wide memory statistics (<c>SQLITE_CONFIG_MEMSTATUS</c> off, as SQLite's
/// own list of recommended options has it): with them on, every allocation and free takes a global mutex to count
/// itself, about a seventh of the writer's CPU per order event or fill (docs/benchmarks.md), and nothing here reads
/// them (sqlite3_memory_used, a soft heap limit). A process where something else started SQLite first keeps its
/// statistics: SQLite refuses the setting then, and stopping it to change it would close that code's files under it.
/// </remarks>
public static class SqliteBootstrap
{
    // SQLITE_MISUSE from the setting: something else started SQLite first, and it stays as that code has it.
    private static readonly Lazy<int> Initialised = new(() =>
    {
        Batteries_V2.Init();
        return raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0);
    });

    public static void EnsureInitialised() => _ = Initialised.Value;

    /// <summary>
    /// Tells Storage the e_sqlite3 library a host's own resolver loaded for SQLitePCLRaw (the plugin inside Quantower,
    /// which loads it from the plugin's folder): a load by name from here does not pass through that resolver, so the
    /// writer's statements call this handle's functions directly. The first handle given is kept.
    /// </summary>
    public static void UseLoadedLibrary(IntPtr handle) => Interlocked.CompareExchange(ref loadedLibrary, handle, IntPtr.Zero);

    /// <summary>The library a host's resolver loaded (<see cref="UseLoadedLibrary"/>), or zero.</summary>
    internal static IntPtr LoadedLibrary => Interlocked.CompareExchange(ref loadedLibrary, IntPtr.Zero, IntPtr.Zero);

    private static IntPtr loadedLibrary;

    /// <summary>
    /// Whether the writer's statements call SQLite straight into its library (no SafeHandle or GC transition around each
    /// call), or through SQLitePCLRaw where that library could not be had; for a log that says how SQLite is used.
    /// </summary>
    public static bool CallsDirectly => DirectCalls.Table is not null;
}
