using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>The ingest_events table: the raw log of every event that took effect, in arrival order. Owns its prepared command.</summary>
internal sealed class IngestLog(SqliteConnection connection) : IDisposable
{
    private readonly RawStatement insert = new(connection, Statements.InsertIngest, "$run", "$type", "$time",
        "$payload", "$received", "$seq", "$source", "$version", "$instance", "$strategy");

    public void Append(IngestEntry entry)
    {
        var e = entry.Envelope.Event;
        insert.Text(0, e.RunId).Text(1, e.EventType).Time(2, e.EventUtc).Text(3, entry.Payload)
            .Time(4, new DateTime(entry.Envelope.ReceivedTicks, DateTimeKind.Utc)).Integer(5, entry.Envelope.Sequence)
            .Text(6, entry.Run?.Source ?? StoredText.Source(e.Source)).Integer(7, e.PayloadVersion)
            .Text(8, entry.Run?.InstanceId ?? (e as InstanceDefined)?.InstanceId)
            .Text(9, entry.Run?.StrategyId ?? (e as StrategyDefined)?.StrategyId ?? (e as InstanceDefined)?.StrategyId)
            .Run();
    }

    public void Dispose() => insert.Dispose();
}
