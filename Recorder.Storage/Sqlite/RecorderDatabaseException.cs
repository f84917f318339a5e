namespace QuantowerRecorder.Storage.Sqlite;

/// <summary>Why a database file could not be used.</summary>
public enum DatabaseProblem
{
    /// <summary>The folder the file should be in does not exist.</summary>
    DirectoryMissing,

    /// <summary>The file exists but cannot be written.</summary>
    ReadOnly,

    /// <summary>The file is not an SQLite database.</summary>
    NotSqlite,

    /// <summary>An SQLite database, but not one the recorder made or can upgrade.</summary>
    NotRecorderDatabase,

    /// <summary>Made by a newer recorder than this one.</summary>
    SchemaTooNew,

    /// <summary>The file does not exist (readers only; writers create it).</summary>
    Missing,

    /// <summary>Another program holds a lock on it for longer than we waited.</summary>
    Locked,

    /// <summary>The file is damaged (SQLite's quick_check found problems): writing on would damage it further.</summary>
    Corrupt,

    /// <summary>Anything else SQLite refused.</summary>
    Other,
}

/// <summary>A clear error about a database file that cannot be used, with what to do next.</summary>
public sealed class RecorderDatabaseException : Exception
{
    public RecorderDatabaseException(DatabaseProblem problem, string path, string message, Exception? inner = null)
        : base(message, inner)
    {
        Problem = problem;
        DatabasePath = path;
    }

    public DatabaseProblem Problem { get; }

    public string DatabasePath { get; }
}
