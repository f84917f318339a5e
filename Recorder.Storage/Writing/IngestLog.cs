using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>The ingest_events table: the raw log of every event that took effect, in arrival order. Owns its prepared command.</summary>
internal sealed class IngestLog(SqliteConnection connection) : IDisposable
{
    private readonly PreparedCommand insert = new(connection, Statements.InsertIngest, "$run", "$type", "$time",
        "$payload", "$received", "$seq", "$source", "$version", "$instance", "$strategy");

    public void Append(IngestEntry entry)
    {
        var e = entry.Envelope.Event;
        var received = Timestamps.Format(new DateTime(entry.Envelope.ReceivedTicks, DateTimeKind.Utc));
        insert.Execute(e.RunId, e.EventType, Timestamps.Format(e.EventUtc), entry.Payload, received,
            entry.Envelope.Sequence, entry.Run?.Source ?? StoredText.Source(e.Source), e.PayloadVersion,
            entry.Run?.InstanceId ?? (e as InstanceDefined)?.InstanceId,
            entry.Run?.StrategyId ?? (e as StrategyDefined)?.StrategyId ?? (e as InstanceDefined)?.StrategyId);
    }

    public void Dispose() => insert.Dispose();
}
