using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// A series' bars, each written with its raw-log entry. Sharing decides first (<see cref="SharedBars.Place"/>): a bar
/// another series holds is shared, the shared bar again is a repeat. Else a bar after the newest one is a plain append
/// to bar_data, an earlier time inserts or updates the series' own row, and the same values again are a repeat. Owns its
/// prepared commands (docs/decisions.md, 20).
/// </summary>
internal sealed class BarApplier(SqliteConnection connection, WriterState state, Repeats repeats, IngestLog ingest)
    : IDisposable
{
    private readonly NamedStatement<Column> append = new(connection, Statements.AppendBar);
    private readonly NamedStatement<Column> insert = new(connection, Statements.InsertBar);
    private readonly NamedStatement<Column> update = new(connection, Statements.UpdateBar);

    public SharedBars Shared { get; } = new(connection, ingest);

    /// <param name="superseded">A newer state of this bar comes later in the batch: only the newest is written.</param>
    public ApplyResult Apply(Envelope envelope, BarRecorded b, RunState run, bool superseded)
    {
        if (state.SeriesOwner(b.SeriesId) != run.RunId)
        {
            throw new Rejection($"unknown series {b.SeriesId} for run {run.RunId} (record SERIES first)");
        }

        if (superseded)
        {
            return ApplyResult.Coalesced;
        }

        var result = Write(envelope, b, run);
        if (result == ApplyResult.Applied)
        {
            ingest.Append(envelope, null, run);
        }

        return result;
    }

    private ApplyResult Write(Envelope envelope, BarRecorded b, RunState run)
    {
        var openUtc = Timestamps.ToUtc(b.OpenUtc);
        var newest = state.NewestBar(b.SeriesId);
        if (openUtc > newest)
        {
            state.SetNewestBar(b.SeriesId, openUtc);
            if (Shared.Place(envelope, run, b, openUtc, SharedBars.Arrival.Next) is { } shared)
            {
                return shared;
            }

            Bind(append, b, openUtc).Run();
            return ApplyResult.Applied;
        }

        // A forming state of a bar the series has moved past is an earlier state coming again (a file imported a second
        // time: the updates the first import coalesced away were never logged); only the newest bar is still forming.
        if (!b.IsClosed && openUtc < newest)
        {
            return ApplyResult.Repeat;
        }

        var arrival = openUtc == newest ? SharedBars.Arrival.Newest : SharedBars.Arrival.Earlier;
        if (Shared.Place(envelope, run, b, openUtc, arrival) is { } decided)
        {
            return decided;
        }

        if (Bind(insert, b, openUtc).Run() == 1)
        {
            return ApplyResult.Applied;
        }

        // A state of this bar the raw log holds, or an earlier one (a file imported a second time brings the forming
        // updates the first import coalesced away): applying it would turn the row back and log it twice.
        if (repeats.SeenOrSuperseded(b, PayloadJson.Serialize(b)))
        {
            return ApplyResult.Repeat;
        }

        return Bind(update, b, openUtc).Run() == 0 ? ApplyResult.Repeat : ApplyResult.Applied;
    }

    public void Dispose()
    {
        append.Dispose();
        Shared.Dispose();
        insert.Dispose();
        update.Dispose();
    }

    private static NamedStatement<Column> Bind(NamedStatement<Column> statement, BarRecorded b, DateTime openUtc) =>
        statement.Text(Column.SeriesId, b.SeriesId).Time(Column.TsUtc, openUtc).Real(Column.Open, b.Open)
            .Real(Column.High, b.High).Real(Column.Low, b.Low).Real(Column.Close, b.Close).Real(Column.Volume, b.Volume)
            .Text(Column.VolumetricJson, b.VolumetricJson);

    /// <summary>The parameters of the three bar statements, checked against each at prepare time.</summary>
    private enum Column
    {
        SeriesId, TsUtc, Open, High, Low, Close, Volume, VolumetricJson,
    }
}
