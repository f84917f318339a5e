using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// A series' bars, each written with its raw-log entry: a bar after the newest one is shared when another series already holds it (<see cref="SharedBars"/>)
/// or else a plain append to bar_data; the newest bar becoming the next one of the stretch it broke while it formed
/// is shared after all (<see cref="SharedBars.Rejoin"/>); an earlier time inserts or updates the series' own row, and the same values
/// again are a repeat. A bar changed where others share it leaves them theirs first. Owns its prepared commands
/// (docs/decisions.md, 20).
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
        if (openUtc > state.NewestBar(b.SeriesId))
        {
            state.SetNewestBar(b.SeriesId, openUtc);
            if (Shared.TryShare(envelope, run, b, openUtc))
            {
                return ApplyResult.Shared;
            }

            Bind(append, b, openUtc).Run();
            return ApplyResult.Applied;
        }

        // A forming state of a bar the series has moved past is an earlier state coming again (a file imported a second
        // time: the updates the first import coalesced away were never logged); only the newest bar is still forming.
        if (!b.IsClosed && openUtc < state.NewestBar(b.SeriesId))
        {
            return ApplyResult.Repeat;
        }

        Shared.Close(b.SeriesId);
        var share = SharedAt(b.SeriesId, openUtc);
        if (share.From is null && openUtc == state.NewestBar(b.SeriesId) && Shared.Rejoin(envelope, run, b, openUtc))
        {
            return ApplyResult.Shared;
        }

        if (share is { From: { } from })
        {
            if (StoredBars.At(connection, from, openUtc) is { } seen && seen.Same(b, openUtc))
            {
                return ApplyResult.Repeat;
            }

            // Its own from now on at this time: the stretch it shared goes on around it.
            StoredBars.Split(connection, b.SeriesId, from, share.First!, share.Last!, openUtc);
        }

        LeaveOthersTheirs(b.SeriesId, openUtc);
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

    private (string? From, string? First, string? Last) SharedAt(string seriesId, DateTime openUtc) =>
        connection.QueryFirstOrDefault<(string?, string?, string?)>("""
            SELECT from_series_id, first_utc, last_utc FROM bar_shares
            WHERE series_id = @seriesId AND from_series_id <> @seriesId AND first_utc <= @at AND last_utc >= @at
            """, new { seriesId, at = Timestamps.Format(openUtc) });

    // Series sharing this series' bars across this time keep what they saw: their stretch is split around it, and the
    // bar they saw here, if any, becomes their own.
    private void LeaveOthersTheirs(string seriesId, DateTime openUtc)
    {
        var sharing = connection.Query<(string Series, string First, string Last)>("""
            SELECT series_id, first_utc, last_utc FROM bar_shares
            WHERE from_series_id = @seriesId AND series_id <> @seriesId AND first_utc <= @at AND last_utc >= @at
            """, new { seriesId, at = Timestamps.Format(openUtc) }).ToList();
        if (sharing.Count == 0)
        {
            return;
        }

        var seen = StoredBars.At(connection, seriesId, openUtc);
        foreach (var (other, first, last) in sharing)
        {
            StoredBars.Split(connection, other, seriesId, first, last, openUtc);
            if (seen is { } bar)
            {
                connection.Execute("""
                    INSERT INTO bar_data(series_id, ts_utc, open, high, low, close, volume, volumetric_json)
                    VALUES (@other, @at, @Open, @High, @Low, @Close, @Volume, @VolumetricJson)
                    """, new { other, at = Timestamps.Format(openUtc), bar.Open, bar.High, bar.Low, bar.Close, bar.Volume, bar.VolumetricJson });
            }
        }
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
