namespace QuantowerRecorder.Storage.Sqlite;

/// <summary>
/// Starts SQLite's native provider, once per process. Storage's own connections do it themselves; call it before
/// opening a <c>SqliteConnection</c> of your own.
/// </summary>
public static class SqliteBootstrap
{
    private static readonly Lazy<bool> Initialised = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    public static void EnsureInitialised() => _ = Initialised.Value;
}
