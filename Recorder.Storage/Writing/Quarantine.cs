using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>The rows of ingest_quarantine: an event that cannot be stored is kept there whole, with its reason.</summary>
/// <param name="once">
/// The events are copies of what another file recorded (a replay, a merge): one refused for the same reason before is
/// kept already, and not again. A recording's own events each have a sequence of their own and need no such check.
/// </param>
internal sealed class Quarantine(SqliteConnection connection, TimeProvider time, bool once = false)
{
    private readonly string insert = once ? Statements.InsertQuarantineOnce : Statements.InsertQuarantine;

    public QuarantineRow Row(Envelope envelope, string reason) => new(
        envelope.Event?.RunId is { } id ? TextRules.Text(id, TextRules.MaxIdLength) : null,
        envelope.Event?.EventType ?? "UNKNOWN",
        envelope.Sequence,
        TextRules.Clean(reason),
        PayloadJson.SerializeRaw(envelope.Event),
        Timestamps.Format(new DateTime(envelope.ReceivedTicks, DateTimeKind.Utc)),
        Timestamps.Format(time.GetUtcNow()));

    /// <summary>
    /// Inserts rows inside the caller's transaction; copies each once: the same event (run, kind, sequence, payload)
    /// refused for the same reason is kept already when a copy of it arrives again (a file merged twice). Returns how
    /// many it kept.
    /// </summary>
    public int Insert(IReadOnlyList<QuarantineRow> rows)
    {
        var kept = 0;
        foreach (var row in rows)
        {
            kept += connection.Execute(insert, new
            {
                row.RunId, row.EventType, row.Sequence, row.Reason, row.PayloadJson, row.ReceivedUtc, row.QuarantinedUtc,
            });
        }

        return kept;
    }

    /// <summary>Stores rows in a transaction of their own; returns how many it kept (<see cref="Insert"/>).</summary>
    public int Store(IReadOnlyList<QuarantineRow> rows) =>
        rows.Count == 0 ? 0 : WriteTransaction.Run(connection, (quarantine: this, rows), static s => s.quarantine.Insert(s.rows));
}

internal sealed record QuarantineRow(string? RunId, string EventType, long? Sequence, string Reason, string PayloadJson,
    string ReceivedUtc, string QuarantinedUtc);
