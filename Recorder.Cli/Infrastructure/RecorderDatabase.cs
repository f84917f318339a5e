using QuantowerRecorder.Storage.PostgreSql;

namespace QuantowerRecorder.Cli.Infrastructure;

/// <summary>
/// What --db (or $RECORDER_DB) named, decided once by <see cref="CliContext.Database"/>: a recorder file or the
/// PostgreSQL team store. Commands switch on the kind instead of looking at the string again.
/// </summary>
internal abstract record RecorderDatabase
{
    private RecorderDatabase()
    {
    }

    /// <summary>How output names it: the file's full path, or the connection string with its password masked.</summary>
    public abstract string Shown { get; }

    // A record prints its members; a connection string's password must never reach a log or an exception message.
    public sealed override string ToString() => Shown;

    /// <summary>A SQLite recorder file, as a full path (it may not exist yet).</summary>
    public sealed record File(string Path) : RecorderDatabase
    {
        public override string Shown => Path;
    }

    /// <summary>The team store; the connection string as given (trimmed), never printed unmasked.</summary>
    public sealed record Team(string ConnectionString) : RecorderDatabase
    {
        public override string Shown => ConnectionStrings.Masked(ConnectionString);
    }
}
