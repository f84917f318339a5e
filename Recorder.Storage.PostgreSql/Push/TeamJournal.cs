using Dapper;
using Npgsql;
using QuantowerRecorder.Storage.PostgreSql.Source;

namespace QuantowerRecorder.Storage.PostgreSql.Push;

/// <summary>
/// Pushes a file's journal (notes, tags, pins) after its runs, in one transaction: the entries past the file's journal
/// mark (team_journal_marks), inserted by their entry_id; the same entry_id with other content is a conflict, kept in
/// team_conflicts like a run's. A note written after its run was pushed has no event of the run, so the journal is not
/// found by the runs' marks (docs/team-store.md, "The journal").
/// </summary>
internal sealed class TeamJournal(NpgsqlConnection connection)
{
    private const string Columns = "entry_id, subject_type, subject_id, kind, body, author, created_utc";

    // The compared content of an entry, as team_conflicts keeps it.
    private static string Content(string alias) =>
        $"jsonb_build_object('subject_type', {alias}.subject_type, 'subject_id', {alias}.subject_id, 'kind', {alias}.kind, " +
        $"'body', {alias}.body, 'author', {alias}.author, 'created_utc', {alias}.created_utc)";

    public void Push(SourceFile source, FilePushResult result, string now)
    {
        using var tx = connection.BeginTransaction();
        try
        {
            // Two pushes of the same file at once take turns on its mark.
            connection.Execute("SELECT pg_advisory_xact_lock(hashtext('journal ' || @file))", new { file = result.FileId });
            var mark = connection.Query<(long Id, string? Check)>("SELECT last_entry_id, last_entry_check FROM team_journal_marks WHERE file_id = @file",
                new { file = result.FileId }).FirstOrDefault();
            var after = mark.Check is not null && source.JournalCheck(mark.Id) == mark.Check ? mark.Id : 0;
            var entries = source.JournalAfter(after);
            if (entries.Count == 0)
            {
                tx.Commit();
                return;
            }

            connection.Execute($"CREATE TEMP TABLE stage_journal (n bigint, {string.Join(", ", Columns.Split(", ").Select(c => c + " text"))}) ON COMMIT DROP");
            connection.Execute($"INSERT INTO stage_journal SELECT * FROM unnest(@n, @entry, @type, @subject, @kind, @body, @author, @at)", new
            {
                n = entries.Select((_, i) => (long)i).ToArray(), entry = entries.Select(e => e.EntryId).ToArray(),
                type = entries.Select(e => e.SubjectType).ToArray(), subject = entries.Select(e => e.SubjectId).ToArray(),
                kind = entries.Select(e => e.Kind).ToArray(), body = entries.Select(e => e.Body).ToArray(),
                author = entries.Select(e => e.Author).ToArray(), at = entries.Select(e => e.CreatedUtc).ToArray(),
            });
            result.RowsSent += entries.Count;
            result.Conflicts.AddRange(connection.Query<(string, string, string, string)>($"""
                    INSERT INTO team_conflicts(table_name, natural_key, stored_content, incoming_content, incoming_hash, file_id, file_path, detected_utc)
                    SELECT 'journal_entries', s.entry_id, {Content("t")}, {Content("s")}, md5({Content("s")}::text), @file, @path, @now
                    FROM stage_journal s JOIN journal_entries t ON t.entry_id = s.entry_id
                    WHERE {Content("t")} IS DISTINCT FROM {Content("s")}
                    ON CONFLICT (table_name, natural_key, incoming_hash) DO NOTHING
                    RETURNING table_name, natural_key, stored_content::text, incoming_content::text
                    """,
                new { file = result.FileId, path = result.Path, now }).Select(c => new PushConflict(c.Item1, c.Item2, c.Item3, c.Item4)));
            var inserted = connection.Execute($"""
                INSERT INTO journal_entries({Columns}) SELECT {Columns} FROM stage_journal ORDER BY n
                ON CONFLICT (entry_id) DO NOTHING
                """);
            result.RowsInserted += inserted;
            result.JournalEntries += inserted;
            var last = entries[^1];
            connection.Execute("""
                INSERT INTO team_journal_marks(file_id, last_entry_id, last_entry_check, pushed_utc) VALUES (@file, @id, @check, @now)
                ON CONFLICT (file_id) DO UPDATE SET last_entry_id = excluded.last_entry_id, last_entry_check = excluded.last_entry_check,
                  pushed_utc = excluded.pushed_utc
                """, new { file = result.FileId, id = last.Id, check = last.EntryId, now });
            tx.Commit();
            result.Chunks++;
        }
        catch (PostgresException ex)
        {
            throw new TeamStoreException($"{result.Path}: pushing the journal failed and was rolled back: {ex.MessageText}" +
                (ex.Detail is null ? "" : $" ({ex.Detail})"), ex);
        }
    }
}
