using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Tests.Support;

/// <summary>Another program on the same file (DB Browser, a script): its own raw connection, outside the recorder.</summary>
internal sealed class OtherProgram : IDisposable
{
    private readonly SqliteConnection connection;

    private OtherProgram(string path)
    {
        connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
    }

    public static OtherProgram Open(string path) => new(path);

    /// <summary>Takes the write lock and keeps it (unsaved edits in DB Browser) until <see cref="Release"/>.</summary>
    public static OtherProgram HoldingWriteLock(string path)
    {
        var other = new OtherProgram(path);
        other.Execute("BEGIN IMMEDIATE; UPDATE schema_meta SET value = value WHERE key = 'created_utc';");
        return other;
    }

    /// <summary>
    /// Holds the whole file until disposed (a program in exclusive locking mode that has written): not even a reader of
    /// a WAL file can start meanwhile.
    /// </summary>
    public static OtherProgram HoldingExclusively(string path)
    {
        var other = new OtherProgram(path);
        other.Execute("PRAGMA locking_mode=EXCLUSIVE; BEGIN IMMEDIATE; UPDATE schema_meta SET value = value WHERE key = 'created_utc'; COMMIT;");
        return other;
    }

    public void Release() => Execute("ROLLBACK;");

    public void Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => connection.Dispose();
}
