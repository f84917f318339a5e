using System.Buffers;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
using SQLitePCL;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The ingest_events table: the raw log of every event that took effect, in arrival order, each written by the applier
/// that wrote its row, right after it. Owns its prepared commands.
/// The row's instance_id and strategy_id stay NULL (schema 8): its run says both, and v_events shows them.
/// </summary>
internal sealed class IngestLog(SqliteConnection connection) : IDisposable
{
    private readonly NamedStatement<Column> insert = new(connection, Statements.InsertIngest);
    private readonly NamedStatement<Completed> complete = new(connection, Statements.CompleteIngest);

    // A bar's payload is written here, into bytes reused from row to row: no string per bar.
    private readonly ArrayBufferWriter<byte> buffer = new(1024);
    private Utf8JsonWriter? json;

    /// <summary>
    /// Logs an event; a null payload (a bar's or a fill's, which nothing compares) is serialized straight into the row.
    /// </summary>
    public void Append(Envelope envelope, string? payload, RunState? run)
    {
        if (payload is { } text)
        {
            insert.Text(Column.PayloadJson, text);
            Insert(envelope, run);
        }
        else
        {
            Append(envelope, Serialize(envelope.Event), run);
        }
    }

    /// <summary>Logs an event with its payload already in UTF-8 (an order state's, compared before: <see cref="Serialize"/>).</summary>
    public void Append(Envelope envelope, ReadOnlySpan<byte> payload, RunState? run)
    {
        insert.Utf8(Column.PayloadJson, payload);
        Insert(envelope, run);
    }

    /// <summary>
    /// The event's stored payload in UTF-8, the same text as <see cref="PayloadJson.Serialize"/>, in bytes reused from
    /// row to row: valid until the next call or append.
    /// </summary>
    public ReadOnlySpan<byte> Serialize(RecorderEvent e)
    {
        buffer.ResetWrittenCount();
        json ??= new Utf8JsonWriter(buffer, PayloadJson.WriterOptions);
        json.Reset(buffer);
        PayloadJson.SerializeTo(json, e);
        json.Flush();
        return buffer.WrittenSpan;
    }

    private void Insert(Envelope envelope, RunState? run)
    {
        var e = envelope.Event;
        insert.Text(Column.RunId, e.RunId).Text(Column.EventType, e.EventType).Time(Column.EventUtc, e.EventUtc)
            .Time(Column.ReceivedUtc, new DateTime(envelope.ReceivedTicks, DateTimeKind.Utc))
            .Integer(Column.Sequence, envelope.Sequence)
            .Text(Column.Source, run?.Source ?? StoredText.Source(e.Source))
            .Integer(Column.PayloadVersion, e.PayloadVersion).Run();
    }

    /// <summary>
    /// Logs an event whose payload is known only later in the batch (a stretch of shared bars, whose end and hash come
    /// with its last bar), at its place in arrival order, with a placeholder at least as long as the payload to come.
    /// Returns the row's id for <see cref="Complete"/>.
    /// </summary>
    public long Reserve(Envelope envelope, RunState run, string placeholder)
    {
        Append(envelope, placeholder, run);
        return raw.sqlite3_last_insert_rowid(connection.Handle);
    }

    /// <summary>Writes the payload of a row <see cref="Reserve"/> logged, before the batch commits.</summary>
    public void Complete(long id, string payload) =>
        complete.Text(Completed.PayloadJson, payload).Integer(Completed.Id, id).Run();

    public void Dispose()
    {
        json?.Dispose();
        insert.Dispose();
        complete.Dispose();
    }

    /// <summary>The parameters of <see cref="Statements.InsertIngest"/>, checked against it at prepare time.</summary>
    private enum Column
    {
        RunId, EventType, EventUtc, PayloadJson, ReceivedUtc, Sequence, Source, PayloadVersion,
    }

    /// <summary>The parameters of <see cref="Statements.CompleteIngest"/>.</summary>
    private enum Completed
    {
        PayloadJson, Id,
    }
}
