using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>The rows of ingest_quarantine: an event that cannot be stored is kept there whole, with its reason.</summary>
internal sealed class Quarantine(SqliteConnection connection, TimeProvider time)
{
    public QuarantineRow Row(Envelope envelope, string reason) => new(
        envelope.Event?.RunId is { } id ? TextRules.Text(id, TextRules.MaxIdLength) : null,
        envelope.Event?.EventType ?? "UNKNOWN",
        envelope.Sequence,
        TextRules.Clean(reason),
        PayloadJson.SerializeRaw(envelope.Event),
        Timestamps.Format(new DateTime(envelope.ReceivedTicks, DateTimeKind.Utc)),
        Timestamps.Format(time.GetUtcNow()));

    /// <summary>Inserts rows inside the caller's transaction.</summary>
    public void Insert(IReadOnlyList<QuarantineRow> rows)
    {
        if (rows.Count > 0)
        {
            foreach (var row in rows)
            {
                connection.Execute(Statements.InsertQuarantine, new
                {
                    row.RunId, row.EventType, row.Sequence, row.Reason, row.PayloadJson, row.ReceivedUtc,
                    row.QuarantinedUtc,
                });
            }
        }
    }

    /// <summary>Stores rows in a transaction of their own.</summary>
    public int Store(IReadOnlyList<QuarantineRow> rows)
    {
        if (rows.Count > 0)
        {
            WriteTransaction.Run(connection, () => Insert(rows));
        }

        return rows.Count;
    }
}

internal sealed record QuarantineRow(string? RunId, string EventType, long Sequence, string Reason, string PayloadJson,
    string ReceivedUtc, string QuarantinedUtc);
