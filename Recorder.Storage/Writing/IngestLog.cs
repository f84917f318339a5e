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
    private readonly RawStatement insert = new(connection, Statements.InsertIngest, "$run", "$type", "$time",
        "$payload", "$received", "$seq", "$source", "$version");

    // A bar's payload is written here, into bytes reused from row to row: no string per bar.
    private readonly ArrayBufferWriter<byte> buffer = new(1024);
    private Utf8JsonWriter? json;

    public void Append(IngestEntry entry)
    {
        var e = entry.Envelope.Event;
        if (entry.Payload is { } text)
        {
            insert.Text(3, text);
        }
        else
        {
            buffer.ResetWrittenCount();
            json ??= new Utf8JsonWriter(buffer, PayloadJson.WriterOptions);
            json.Reset(buffer);
            PayloadJson.SerializeTo(json, e);
            json.Flush();
            insert.Utf8(3, buffer.WrittenSpan);
        }

        insert.Text(0, e.RunId).Text(1, e.EventType).Time(2, e.EventUtc)
            .Time(4, new DateTime(entry.Envelope.ReceivedTicks, DateTimeKind.Utc)).Integer(5, entry.Envelope.Sequence)
            .Text(6, entry.Run?.Source ?? StoredText.Source(e.Source)).Integer(7, e.PayloadVersion)
            .Run();
    }

    public void Dispose()
    {
        json?.Dispose();
        insert.Dispose();
    }
}
