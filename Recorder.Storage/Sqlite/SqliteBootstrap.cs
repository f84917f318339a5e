namespace QuantowerRecorder.Storage.Sqlite;

/// <summary>Initialises the native SQLite provider once per process.</summary>
internal static class SqliteBootstrap
{
    private static readonly Lazy<bool> Initialised = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    public static void EnsureInitialised() => _ = Initialised.Value;
}
