using System.Data;
using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Tests.Support;

/// <summary>
/// A file's connection that is told each statement just before it runs, what a test gives the code instead of the one
/// it would open (DatabaseFile's connect): to see what a read session reads and when, or to fail a statement the way
/// the driver fails one the recorder misuses. It keeps no statements prepared (ISeesEveryCommand): the writer's other
/// statements come by as commands. The hot path's prepared statements run on the handle and are not told.
/// </summary>
internal sealed class WatchedConnection(string connectionString, Action<SqliteCommand> executing)
    : SqliteConnection(connectionString), QuantowerRecorder.Storage.Writing.ISeesEveryCommand
{
    /// <summary>A connect for DatabaseFile, RecorderStore.OpenRead or RecorderSession.Open.</summary>
    public static Func<string, SqliteConnection> Watching(Action<SqliteCommand> executing) =>
        connectionString => new WatchedConnection(connectionString, executing);

    public override SqliteCommand CreateCommand()
    {
        using var plain = base.CreateCommand();
        return new Command(executing) { Connection = this, CommandTimeout = plain.CommandTimeout, Transaction = plain.Transaction };
    }

    // ExecuteNonQuery and ExecuteScalar read through ExecuteReader: every statement comes by here.
    private sealed class Command(Action<SqliteCommand> executing) : SqliteCommand
    {
        public override SqliteDataReader ExecuteReader(CommandBehavior behavior)
        {
            executing(this);
            return base.ExecuteReader(behavior);
        }
    }
}
