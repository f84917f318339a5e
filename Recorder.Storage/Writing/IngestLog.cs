using System.Buffers;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The ingest_events table: the raw log of every event that took effect, in arrival order. Owns its prepared command.
/// The row's instance_id and strategy_id stay NULL (schema 8): its run says both, and v_events shows them.
/// </summary>
internal sealed class IngestLog(SqliteConnection connection) : IDisposable
{
    private readonly NamedStatement<Column> insert = new(connection, Statements.InsertIngest);

    // A bar's payload is written here, into bytes reused from row to row: no string per bar.
    private readonly ArrayBufferWriter<byte> buffer = new(1024);
    private Utf8JsonWriter? json;

    public void Append(IngestEntry entry)
    {
        var e = entry.Envelope.Event;
        if (entry.Payload is { } text)
        {
            insert.Text(Column.PayloadJson, text);
        }
        else
        {
            buffer.ResetWrittenCount();
            json ??= new Utf8JsonWriter(buffer, PayloadJson.WriterOptions);
            json.Reset(buffer);
            PayloadJson.SerializeTo(json, e);
            json.Flush();
            insert.Utf8(Column.PayloadJson, buffer.WrittenSpan);
        }

        insert.Text(Column.RunId, e.RunId).Text(Column.EventType, e.EventType).Time(Column.EventUtc, e.EventUtc)
            .Time(Column.ReceivedUtc, new DateTime(entry.Envelope.ReceivedTicks, DateTimeKind.Utc))
            .Integer(Column.Sequence, entry.Envelope.Sequence)
            .Text(Column.Source, entry.Run?.Source ?? StoredText.Source(e.Source))
            .Integer(Column.PayloadVersion, e.PayloadVersion).Run();
    }

    public void Dispose()
    {
        json?.Dispose();
        insert.Dispose();
    }

    /// <summary>The parameters of <see cref="Statements.InsertIngest"/>, checked against it at prepare time.</summary>
    private enum Column
    {
        RunId, EventType, EventUtc, PayloadJson, ReceivedUtc, Sequence, Source, PayloadVersion,
    }
}
