using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Queries.Sqlite;

/// <summary>Asks SQLite for the write lock and gives it back at once, to learn whether another program holds it.</summary>
internal static class WriteLockProbe
{
    public static bool IsLocked(string path)
    {
        try
        {
            using var connection = DatabaseFile.Connect(Path.GetFullPath(path), SqliteOpenMode.ReadWrite);
            connection.Execute("BEGIN IMMEDIATE; ROLLBACK;");
            return false;
        }
        catch (RecorderDatabaseException locked) when (locked.Problem == DatabaseProblem.Locked)
        {
            return true;
        }
        catch (SqliteException busy) when (SqliteErrors.IsTransient(busy))
        {
            return true;
        }
        catch (Exception other) when (other is SqliteException or RecorderDatabaseException)
        {
            // Not a database SQLite can lock (damaged, not SQLite): nobody can be in the middle of writing it.
            return false;
        }
    }
}
