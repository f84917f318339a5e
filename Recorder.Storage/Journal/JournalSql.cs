using System.Data.Common;
using QuantowerRecorder.Storage.Queries.Sql;

namespace QuantowerRecorder.Storage.Journal;

/// <summary>
/// The journal's statements, one text for a file and for the team store (the read API's dialect-free SQL): its entries,
/// and the tags and pin a subject carries now through the views v_journal_tags and v_journal_pins, the one definition
/// of "now" (schema.sql) that the run filters use too.
/// </summary>
internal static class JournalSql
{
    public const string Columns = "entry_id, subject_type, subject_id, kind, body, author, created_utc";

    public const string Insert = $"""
        INSERT INTO journal_entries({Columns}) VALUES (@entry, @type, @subject, @kind, @body, @author, @at)
        ON CONFLICT (entry_id) DO NOTHING
        """;

    public static List<JournalEntry> Entries(DbConnection connection, JournalSubject subject) => Rows.Query(connection,
        $"SELECT {Columns} FROM journal_entries WHERE subject_id = @subject AND subject_type = @type ORDER BY created_utc, entry_id /*C*/",
        Entry, Subject(subject));

    public static List<JournalEntry> All(DbConnection connection) =>
        Rows.Query(connection, $"SELECT {Columns} FROM journal_entries ORDER BY created_utc, entry_id /*C*/", Entry);

    public static List<string> Tags(DbConnection connection, JournalSubject subject) => Rows.Query(connection,
        "SELECT tag FROM v_journal_tags WHERE subject_id = @subject AND subject_type = @type ORDER BY tag /*C*/",
        r => r.GetString(0), Subject(subject));

    public static JournalPin? Pin(DbConnection connection, JournalSubject subject) => Rows.Query(connection,
        "SELECT author, pinned_utc FROM v_journal_pins WHERE subject_id = @subject AND subject_type = @type",
        r => new JournalPin(r.GetString(0), r.GetString(1)), Subject(subject)).FirstOrDefault();

    /// <summary>The newest entry's time of a subject, or null: a new entry comes after it (the order a subject's acts mean).</summary>
    public static string? Latest(DbConnection connection, JournalSubject subject) => Rows.Scalar(connection,
        "SELECT MAX(created_utc) FROM journal_entries WHERE subject_id = @subject AND subject_type = @type", Subject(subject)) as string;

    public static (string, object?)[] Subject(JournalSubject subject) => [("@subject", subject.Id), ("@type", JournalText.Of(subject.Type))];

    public static JournalEntry Entry(DbDataReader r) => new(
        r.GetString(0), JournalText.SubjectType(r.GetString(1)), r.GetString(2), JournalText.Kind(r.GetString(3)),
        r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5), r.GetString(6));
}
