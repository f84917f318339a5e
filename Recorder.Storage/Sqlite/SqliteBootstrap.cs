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
}
