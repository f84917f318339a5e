using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The bars table: a bar after the newest stored one is a plain append; an earlier time inserts or updates its row,
/// and the same values again are a repeat. Owns its prepared commands (STYLE.md §4).
/// </summary>
internal sealed class BarApplier(SqliteConnection connection, WriterState state) : IDisposable
{
    private static readonly string[] Names = ["$series", "$ts", "$o", "$h", "$l", "$c", "$v", "$vol"];
    private readonly RawStatement append = new(connection, Statements.AppendBar, Names);
    private readonly RawStatement insert = new(connection, Statements.InsertBar, Names);
    private readonly RawStatement update = new(connection, Statements.UpdateBar, Names);

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

        return Bind(update, b, openUtc).Run() == 0 ? ApplyResult.Repeat : ApplyResult.Applied;
    }

    public void Dispose()
    {
        append.Dispose();
        insert.Dispose();
        update.Dispose();
    }

    private static RawStatement Bind(RawStatement statement, BarRecorded b, DateTime openUtc) =>
        statement.Text(0, b.SeriesId).Time(1, openUtc).Real(2, b.Open).Real(3, b.High).Real(4, b.Low).Real(5, b.Close)
            .Real(6, b.Volume).Text(7, b.VolumetricJson);
}
