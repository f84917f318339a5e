using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// A fill marked Close that closes a position the run never saw (opened before recording) leaves the run's inferred
/// position where its own fills put it (docs/metrics.md, "Positions opened before recording").
/// </summary>
[TestFixture]
public sealed class ImportCloseBeforeRecordingTests
{
    [Test]
    public void A_close_of_a_position_opened_before_recording_does_not_move_what_later_fills_are_inferred_to_do()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var events = s.Start().ToList();
        events.AddRange([s.Bar(0), s.Bar(1), s.Bar(2)]);

        // SELL 1 marked Close: the long it closes was opened before the run. Then BUY 1 and SELL 1 with no impact given.
        events.Add(s.Order("O0", Side.Sell, 1, "FILLED", at: 10, filled: 1));
        events.Add(s.Fill("X0", "O0", Side.Sell, 1, 4990, at: 11) with { PositionImpact = PositionImpact.Close });
        events.Add(s.Order("O1", Side.Buy, 1, "FILLED", at: 60, filled: 1));
        events.Add(s.Fill("X1", "O1", Side.Buy, 1, 5000, at: 61));
        events.Add(s.Order("O2", Side.Sell, 1, "FILLED", at: 120, filled: 1));
        events.Add(s.Fill("X2", "O2", Side.Sell, 1, 5050, at: 121));
        events.Add(s.End(at: 180));
        File.WriteAllLines(db.Sibling("events.jsonl"), events.Select(EventLines.Line));

        var import = Cli.Run(db.Folder, "import", "events.jsonl", "--db", db.Path);
        Assert.That(import.ExitCode, Is.EqualTo(0), import.ToString());
        var analyze = Cli.Run(db.Folder, "analyze", s.RunId, "--db", db.Path);
        Assert.That(analyze.ExitCode, Is.EqualTo(0), analyze.ToString());

        // The run held nothing before its BUY: the BUY opens a long and the SELL closes it.
        var impacts = Db.Query<(string, string)>(db.Path, "SELECT execution_id, position_impact FROM executions ORDER BY execution_id");
        Assert.That(impacts, Is.EqualTo(new[] { ("X0", "CLOSE"), ("X1", "OPEN"), ("X2", "CLOSE") }));

        // One long round trip 5000 → 5050: +50 gross (point value 1, none recorded); the first SELL is unmatched.
        var trades = Db.Query<(string Side, double Gross, long Open)>(db.Path,
            "SELECT side, gross_pnl, is_open FROM run_trades WHERE run_id = @id ORDER BY trade_no", new { id = s.RunId });
        Assert.That(trades, Is.EqualTo(new[] { ("LONG", 50.0, 0L) }));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT value FROM v_run_metrics WHERE run_id = @id AND key = 'unmatched_close_quantity'", new { id = s.RunId }), Is.EqualTo(1));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT value FROM v_run_metrics WHERE run_id = @id AND key = 'open_positions'", new { id = s.RunId }), Is.EqualTo(0));
    }

    [Test]
    public void A_run_continued_in_a_later_session_after_such_a_close_infers_its_fills_the_same()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        // The close of the position opened before recording in one session; the run's own fills in the next, whose
        // writer learns the run's position again from the file.
        Recorded.Write(db.Path, [.. s.Start(), s.Order("O0", Side.Sell, 1, "FILLED", at: 10, filled: 1),
            s.Fill("X0", "O0", Side.Sell, 1, 4990, at: 11) with { PositionImpact = PositionImpact.Close }]);
        Recorded.Write(db.Path, [s.Order("O1", Side.Buy, 1, "FILLED", at: 60, filled: 1), s.Fill("X1", "O1", Side.Buy, 1, 5000, at: 61),
            s.Order("O2", Side.Sell, 1, "FILLED", at: 120, filled: 1), s.Fill("X2", "O2", Side.Sell, 1, 5050, at: 121)]);

        var impacts = Db.Query<(string, string)>(db.Path, "SELECT execution_id, position_impact FROM executions ORDER BY execution_id");
        Assert.That(impacts, Is.EqualTo(new[] { ("X0", "CLOSE"), ("X1", "OPEN"), ("X2", "CLOSE") }));
    }
}
