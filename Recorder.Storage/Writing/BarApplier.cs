using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The bars table: a bar after the newest stored one is a plain append; an earlier time inserts or updates its row,
/// and the same values again are a repeat. Owns its prepared commands (docs/decisions.md, 19).
/// </summary>
internal sealed class BarApplier(SqliteConnection connection, WriterState state, Repeats repeats) : IDisposable
{
    private readonly NamedStatement<Column> append = new(connection, Statements.AppendBar);
    private readonly NamedStatement<Column> insert = new(connection, Statements.InsertBar);
    private readonly NamedStatement<Column> update = new(connection, Statements.UpdateBar);

    public ApplyResult Apply(BarRecorded b)
    {
        var openUtc = Timestamps.ToUtc(b.OpenUtc);
        if (openUtc > state.NewestBar(b.SeriesId))
        {
            Bind(append, b, openUtc).Run();
            state.SetNewestBar(b.SeriesId, openUtc);
            return ApplyResult.Applied;
        }

        if (Bind(insert, b, openUtc).Run() == 1)
        {
            return ApplyResult.Applied;
        }

        // A state of this bar that is in the raw log already is an earlier update coming again (a file imported a
        // second time): applying it would turn the row back to it and log it twice.
        if (repeats.Seen(b, PayloadJson.Serialize(b)))
        {
            return ApplyResult.Repeat;
        }

        return Bind(update, b, openUtc).Run() == 0 ? ApplyResult.Repeat : ApplyResult.Applied;
    }

    public void Dispose()
    {
        append.Dispose();
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
