using Dapper;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Journal;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Merging;

/// <summary>
/// What merge reads besides the raw log, through the source's read-only connection and the target's: how each run of
/// the source relates to the target's state of it, and what is not an event (quarantined events, artifact manifests).
/// Nothing here writes.
/// </summary>
internal static class MergeRuns
{
    /// <summary>The event type of a journal entry kept in ingest_quarantine because the target holds its id with other content.</summary>
    public const string JournalConflictType = "JOURNAL_ENTRY";

    // A run's version is its highest event sequence (its event count in files without sequences), as push's.
    private const string Version = "SELECT COALESCE(MAX(sequence), COUNT(*)) FROM ingest_events WHERE run_id = @run";

    /// <summary>
    /// Each run of the source and how its state relates to the target's (NEW, NEWER, SAME, OLDER), as push names it:
    /// for the merge's report; the writer decides what each event does.
    /// </summary>
    public static List<(string RunId, string Relation)> Relations(SqliteConnection source, SqliteConnection target)
    {
        var runs = source.Query<string>("SELECT run_id FROM strategy_runs ORDER BY run_id").AsList();
        var relations = new List<(string, string)>(runs.Count);
        foreach (var run in runs)
        {
            var version = source.ExecuteScalar<long>(Version, new { run });
            var held = target.ExecuteScalar<bool>("SELECT EXISTS(SELECT 1 FROM strategy_runs WHERE run_id = @run)", new { run })
                ? target.ExecuteScalar<long>(Version, new { run })
                : (long?)null;
            relations.Add((run, held switch
            {
                null => "NEW",
                _ when version > held => "NEWER",
                _ when version == held => "SAME",
                _ => "OLDER",
            }));
        }

        return relations;
    }

    /// <summary>The source's quarantined events as it kept them, for the target's writer to keep once each.</summary>
    public static List<QuarantineRow> Quarantined(SqliteConnection source) => source.Query<QuarantineRow>(
        "SELECT run_id, event_type, sequence, reason, payload_json, received_utc, quarantined_utc FROM ingest_quarantine ORDER BY id").AsList();

    /// <summary>
    /// The source's journal entries whose id the target holds with other content (an entry edited by hand), as rows of
    /// ingest_quarantine: the target keeps its entry (docs/team-store.md, "The journal"); the journal copy skips them.
    /// </summary>
    public static List<QuarantineRow> JournalConflicts(SqliteConnection source, SqliteConnection target, TimeProvider time)
    {
        // A file before the journal (schema 16) has none.
        if (!source.ExecuteScalar<bool>("SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'journal_entries')"))
        {
            return [];
        }

        var held = JournalSql.All(target).ToDictionary(e => e.EntryId, StringComparer.Ordinal);
        var now = Timestamps.Format(time.GetUtcNow());
        var conflicts = new List<QuarantineRow>();
        foreach (var incoming in JournalSql.All(source))
        {
            if (held.TryGetValue(incoming.EntryId, out var stored) && stored != incoming)
            {
                var differences = string.Join(", ", new (string Name, string? Stored, string? Incoming)[]
                    {
                        ("subject", $"{stored.SubjectType} {stored.SubjectId}", $"{incoming.SubjectType} {incoming.SubjectId}"),
                        ("kind", stored.Kind.ToString(), incoming.Kind.ToString()), ("body", stored.Body, incoming.Body),
                        ("author", stored.Author, incoming.Author), ("time", stored.CreatedUtc, incoming.CreatedUtc),
                    }
                    .Where(d => d.Stored != d.Incoming).Select(d => $"{d.Name} {d.Stored ?? "null"} → {d.Incoming ?? "null"}"));
                conflicts.Add(new QuarantineRow(null, JournalConflictType, null,
                    $"journal entry {incoming.EntryId} is stored with other content ({differences}); the stored entry was kept",
                    JsonSerializer.Serialize(incoming), incoming.CreatedUtc, now));
            }
        }

        return conflicts;
    }

    /// <summary>The source's artifact manifests of runs the target holds that the target does not have yet.</summary>
    public static List<(string RunId, string Sha256, int Files)> Artifacts(SqliteConnection source, SqliteConnection target) =>
        source.Query<(string RunId, string Sha256, int Files)>("SELECT run_id, manifest_sha256, files FROM run_artifacts ORDER BY run_id, manifest_sha256")
            .Where(a => !target.ExecuteScalar<bool>("SELECT EXISTS(SELECT 1 FROM run_artifacts WHERE run_id = @run AND manifest_sha256 = @sha)",
                new { run = a.RunId, sha = a.Sha256 }))
            .ToList();

    /// <summary>Whether the target holds the run as still running (its analysis then leaves out what needs the whole run).</summary>
    public static bool Running(SqliteConnection target, string runId) =>
        target.ExecuteScalar<string?>("SELECT status FROM strategy_runs WHERE run_id = @run", new { run = runId }) == StoredText.Status(Records.RunStatus.Running);
}
