using System.Data.Common;
using Dapper;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Journal;

/// <summary>
/// Copies a file's journal into another, entry for entry (same entry ids, times and authors), as replay does: the
/// journal is not in the event log, so rebuilding a file from its events copies it (docs/cli.md, "replay").
/// </summary>
internal static class JournalCopy
{
    /// <summary>Copies every entry of <paramref name="source"/> the target lacks, in one transaction; returns how many.</summary>
    public static long Into(DbConnection source, Microsoft.Data.Sqlite.SqliteConnection target)
    {
        // A file before the journal (schema 16) has nothing to copy.
        if (source.ExecuteScalar<long>(ReadDialect.Sqlite.TableExists("journal_entries")) == 0)
        {
            return 0;
        }

        var entries = JournalSql.Read(source, $"SELECT {JournalSql.Columns} FROM journal_entries ORDER BY id");
        return WriteTransaction.Run(target, entries, all => all.Sum(e => target.Execute(JournalSql.Insert, new
        {
            entry = e.EntryId, type = JournalText.Of(e.SubjectType), subject = e.SubjectId,
            kind = JournalText.Of(e.Kind), body = e.Body, author = e.Author, at = e.CreatedUtc,
        })));
    }
}
