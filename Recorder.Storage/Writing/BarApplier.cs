using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The bars table: a bar after the newest stored one is a plain append; an earlier time inserts or updates its row,
/// and the same values again are a repeat. Owns its prepared commands (STYLE.md §4).
/// </summary>
internal sealed class BarApplier(SqliteConnection connection, WriterState state) : IDisposable
{
    private readonly PreparedCommand append = new(connection, Statements.AppendBar, "$series", "$ts", "$o", "$h", "$l", "$c", "$v", "$vol");
    private readonly PreparedCommand insert = new(connection, Statements.InsertBar, "$series", "$ts", "$o", "$h", "$l", "$c", "$v", "$vol");
    private readonly PreparedCommand update = new(connection, Statements.UpdateBar, "$series", "$ts", "$o", "$h", "$l", "$c", "$v", "$vol");

    public ApplyResult Apply(BarRecorded b)
    {
        var ts = Timestamps.Format(b.OpenUtc);
        if (string.CompareOrdinal(ts, state.NewestBar(b.SeriesId)) > 0)
        {
            append.Execute(b.SeriesId, ts, b.Open, b.High, b.Low, b.Close, b.Volume, b.VolumetricJson);
            state.SetNewestBar(b.SeriesId, ts);
            return ApplyResult.Applied;
        }

        if (insert.Execute(b.SeriesId, ts, b.Open, b.High, b.Low, b.Close, b.Volume, b.VolumetricJson) == 1)
        {
            return ApplyResult.Applied;
        }

        return update.Execute(b.SeriesId, ts, b.Open, b.High, b.Low, b.Close, b.Volume, b.VolumetricJson) == 0
            ? ApplyResult.Repeat
            : ApplyResult.Applied;
    }

    public void Dispose()
    {
        append.Dispose();
        insert.Dispose();
        update.Dispose();
    }
}
