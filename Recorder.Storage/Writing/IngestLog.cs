using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
using SQLitePCL;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The ingest_events table: the raw log of every event that took effect, in arrival order, each logged by the applier
/// that wrote its row, right after it. Owns its prepared commands.
/// The row's instance_id and strategy_id stay NULL (schema 8): its run says both, and v_events shows them.
/// </summary>
/// <remarks>
/// Logged rows are held and inserted several at a time (<see cref="HeldRows{TParam, TRow}"/>). They are in the file
/// before anything reads the raw log in the batch's transaction (<see cref="Flushed"/>: a repeat's look-up, a run's
/// sequence base, a stored order's payload), before a row whose id is needed (<see cref="Reserve"/>) and before the
/// batch commits (<see cref="Flush"/>); a batch rolled back drops them (<see cref="Drop"/>).
/// </remarks>
internal sealed class IngestLog(SqliteConnection connection) : IDisposable
{
    private readonly HeldRows<Column, LogRow> rows = new(connection, Statements.InsertIngest, Bind);
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
            Encoding.UTF8.GetBytes(text, Hold(envelope, run, Encoding.UTF8.GetByteCount(text)));
        }
        else
        {
            Append(envelope, Serialize(envelope.Event), run);
        }
    }

    /// <summary>Logs an event with its payload already in UTF-8 (an order state's, compared before: <see cref="Serialize"/>).</summary>
    public void Append(Envelope envelope, ReadOnlySpan<byte> payload, RunState? run) =>
        payload.CopyTo(Hold(envelope, run, payload.Length));

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

    // A row held, with room for its payload's bytes (the slot's own, kept from batch to batch).
    private Span<byte> Hold(Envelope envelope, RunState? run, int bytes)
    {
        ref var row = ref rows.Add();
        if (row.Payload is null || row.Payload.Length < bytes)
        {
            row.Payload = new byte[Math.Max(bytes, Math.Max(1024, (row.Payload?.Length ?? 0) * 2))];
        }

        row.Envelope = envelope;
        row.Source = run?.Source ?? StoredText.Source(envelope.Event.Source);
        row.Length = bytes;
        return row.Payload.AsSpan(0, bytes);
    }

    /// <summary>The rows logged go into the file, in the order they were logged.</summary>
    public void Flush() => rows.Flush();

    /// <summary>The connection, once the rows logged are in the file: what reads the raw log in the batch asks through this.</summary>
    public SqliteConnection Flushed()
    {
        rows.Flush();
        return connection;
    }

    /// <summary>The batch rolled back: the rows it logged and are not in the file are forgotten with it.</summary>
    public void Drop() => rows.Drop();

    private static void Bind(RawStatement statement, int first, ref LogRow row)
    {
        var (e, sequence, receivedTicks) = row.Envelope;
        statement.Text(first + (int)Column.RunId, e.RunId).Text(first + (int)Column.EventType, e.EventType)
            .Time(first + (int)Column.EventUtc, e.EventUtc)
            .Utf8(first + (int)Column.PayloadJson, row.Payload.AsSpan(0, row.Length))
            .Time(first + (int)Column.ReceivedUtc, new DateTime(receivedTicks, DateTimeKind.Utc))
            .Integer(first + (int)Column.Sequence, sequence).Text(first + (int)Column.Source, row.Source)
            .Integer(first + (int)Column.PayloadVersion, e.PayloadVersion);
    }

    // A raw-log row held: its event, its run's source, and its payload's UTF-8 bytes.
    private struct LogRow
    {
        public Envelope Envelope;
        public string Source;
        public byte[] Payload;
        public int Length;
    }

    /// <summary>
    /// Logs an event whose payload is known only later in the batch (a stretch of shared bars, whose end and hash come
    /// with its last bar), at its place in arrival order, with a placeholder at least as long as the payload to come.
    /// Returns the row's id for <see cref="Complete"/>.
    /// </summary>
    public long Reserve(Envelope envelope, RunState run, string placeholder)
    {
        Append(envelope, placeholder, run);
        Flush();
        return raw.sqlite3_last_insert_rowid(connection.Handle);
    }

    /// <summary>Writes the payload of a row <see cref="Reserve"/> logged, before the batch commits.</summary>
    public void Complete(long id, string payload) =>
        complete.Text(Completed.PayloadJson, payload).Integer(Completed.Id, id).Run();

    public void Dispose()
    {
        json?.Dispose();
        rows.Dispose();
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
