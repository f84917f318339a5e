using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Cli.Infrastructure;

/// <summary>Turns every failure into one clear message on standard error and an exit code (docs/cli.md).</summary>
internal static class ErrorReporter
{
    public static int Report(Exception exception, CliContext context)
    {
        var (code, message) = exception switch
        {
            CliException cli => (cli.ExitCode, cli.Message),
            RecorderDatabaseException db => (ExitCodes.Database, db.Message),
            SqliteException busy when SqliteErrors.IsTransient(busy) => (ExitCodes.Database,
                "The database is locked by another program (DB Browser with unsaved changes, or a long write). Close or save it, then retry."),
            SqliteException sqlite when SqliteErrors.IsCorruption(sqlite) => (ExitCodes.Database,
                $"The database file is damaged or not a database ({sqlite.Message}). Run `recorder verify` for details; restore a backup if it fails."),
            SqliteException sqlite => (ExitCodes.Database, $"SQLite refused: {sqlite.Message}"),
            IOException io => (ExitCodes.Usage, io.Message),
            UnauthorizedAccessException access => (ExitCodes.Usage, access.Message),
            _ => (ExitCodes.Internal, $"Unexpected error ({exception.GetType().Name}): {exception.Message}. This is a bug; please report it with the command you ran." +
                (Environment.GetEnvironmentVariable("RECORDER_TRACE") == "1" ? Environment.NewLine + exception : " (set RECORDER_TRACE=1 for the details)")),
        };
        context.Error(message);
        return code;
    }
}
