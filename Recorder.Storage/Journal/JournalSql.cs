using System.Data.Common;
using Dapper;

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

    public static List<JournalEntry> Entries(DbConnection connection, JournalSubject subject) => Read(connection,
        $"SELECT {Columns} FROM journal_entries WHERE subject_id = @subject AND subject_type = @type ORDER BY created_utc, entry_id /*C*/",
        Subject(subject));

    public static List<JournalEntry> All(DbConnection connection) =>
        Read(connection, $"SELECT {Columns} FROM journal_entries ORDER BY created_utc, entry_id /*C*/");

    public static List<string> Tags(DbConnection connection, JournalSubject subject) => connection.Query<string>(
        "SELECT tag FROM v_journal_tags WHERE subject_id = @subject AND subject_type = @type ORDER BY tag /*C*/",
        Subject(subject)).AsList();

    public static JournalPin? Pin(DbConnection connection, JournalSubject subject) => connection.Query<JournalPin>(
        "SELECT author, pinned_utc FROM v_journal_pins WHERE subject_id = @subject AND subject_type = @type",
        Subject(subject)).FirstOrDefault();

    /// <summary>The newest entry's time of a subject, or null: a new entry comes after it (the order a subject's acts mean).</summary>
    public static string? Latest(DbConnection connection, JournalSubject subject) => connection.ExecuteScalar(
        "SELECT MAX(created_utc) FROM journal_entries WHERE subject_id = @subject AND subject_type = @type", Subject(subject)) as string;

    public static object Subject(JournalSubject subject) => new { subject = subject.Id, type = JournalText.Of(subject.Type) };

    /// <summary>Entries read by a statement that selects <see cref="Columns"/>.</summary>
    public static List<JournalEntry> Read(DbConnection connection, string sql, object? parameters = null) =>
        connection.Query<StoredEntry>(sql, parameters).Select(e => new JournalEntry(
            e.EntryId, JournalText.SubjectType(e.SubjectType), e.SubjectId, JournalText.Kind(e.Kind), e.Body, e.Author, e.CreatedUtc)).ToList();

    private sealed record StoredEntry(string EntryId, string SubjectType, string SubjectId, string Kind, string? Body, string Author, string CreatedUtc);
}
