using System.Text.Json;
using Dapper;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>run_equity folds flat strides (docs/metrics.md, "Equity curve"); every reader gives the points as before.</summary>
[TestFixture]
public sealed class EquityStrideTests
{
    private static readonly TestClock Clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    /// <summary>300 one-minute bars, flat except a long between bars 100 and 150 (closes move every bar then).</summary>
    private static (Scenario S, RunAnalysis Analysis) RecordAndAnalyse(TempDatabase db)
    {
        var s = new Scenario(source: RunSource.Backtest);
        var events = new List<RecorderEvent>(s.Start());
        for (var m = 0; m < 300; m++)
        {
            events.Add(s.Bar(m, 5000 + (m % 7)));
            if (m == 100)
            {
                events.Add(s.Order("E", Side.Buy, 1, "FILLED", at: (m * 60) + 61, filled: 1));
                events.Add(s.Fill("X1", "E", Side.Buy, 1, price: 5003, at: (m * 60) + 61));
            }

            if (m == 150)
            {
                events.Add(s.Order("C", Side.Sell, 1, "FILLED", at: (m * 60) + 61, filled: 1));
                events.Add(s.Fill("X2", "C", Side.Sell, 1, price: 5004, at: (m * 60) + 61));
            }
        }

        events.Add(s.End(at: 300 * 60));
        Recorded.Write(db.Path, events);
        return (s, RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: Clock).Analysis);
    }

    /// <summary>What run_equity held before folding: one row per point, numbered from 1.</summary>
    private static List<EquityRow> OneRowPerPoint(RunAnalysis analysis) =>
        analysis.Equity.Select((e, i) => new EquityRow(i + 1, Timestamps.Format(e.TimeUtc), e.Equity, e.Drawdown, e.DrawdownPct)).ToList();

    private static void StoreOneRowPerPoint(string path, string runId, RunAnalysis analysis)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        var rows = OneRowPerPoint(analysis);
        connection.Execute(StoredEquity.DeletePoints, new { runId });
        connection.Execute(StoredEquity.Key, new { runId, pctKnown = rows.Any(r => r.DrawdownPct is not null) });
        foreach (var row in rows)
        {
            connection.Execute(StoredEquity.Point, new { runId, seq = row.Seq, ts = StoredEquity.Ticks(Timestamps.Parse(row.TsUtc)), equity = row.Equity });
        }
    }

    private static (List<EquityRow> Equity, string Export, string Insight) ReadAll(string path, string runId)
    {
        using var reader = RecorderStore.OpenRead(path);
        var export = reader.Exports.Table("equity", runId);
        return (reader.Performance.Equity(runId).ToList(), JsonSerializer.Serialize(export.Rows), JsonSerializer.Serialize(reader.Performance.Insight(runId)));
    }

    [Test]
    public void A_flat_stride_is_one_row_and_reads_back_as_every_point_it_stands_for()
    {
        using var db = new TempDatabase();
        var (s, analysis) = RecordAndAnalyse(db);

        var stored = Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_equity WHERE run_id = @RunId", new { s.RunId });
        var covered = Db.Scalar<long>(db.Path, "SELECT SUM(1 + repeats) FROM run_equity WHERE run_id = @RunId", new { s.RunId });
        Assert.That(analysis.Equity, Has.Count.GreaterThan(300));
        Assert.That(covered, Is.EqualTo(analysis.Equity.Count), "the rows stand for every point");
        Assert.That(stored, Is.LessThan(analysis.Equity.Count / 3), "flat strides before and after the trade are folded");

        var (equity, _, _) = ReadAll(db.Path, s.RunId);
        Assert.That(equity, Is.EqualTo(OneRowPerPoint(analysis)));
    }

    [Test]
    public void Every_reader_gives_the_same_figures_from_folded_rows_as_from_one_row_per_point()
    {
        using var db = new TempDatabase();
        var (s, analysis) = RecordAndAnalyse(db);
        var folded = ReadAll(db.Path, s.RunId);

        StoreOneRowPerPoint(db.Path, s.RunId, analysis);
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_equity WHERE run_id = @RunId", new { s.RunId }), Is.EqualTo(analysis.Equity.Count));
        var full = ReadAll(db.Path, s.RunId);

        Assert.That(folded.Equity, Is.EqualTo(full.Equity), "the equity API and report series");
        Assert.That(folded.Export, Is.EqualTo(full.Export), "recorder export --what equity");
        Assert.That(folded.Insight, Is.EqualTo(full.Insight), "insight: daily returns against buy-and-hold, walk-forward");
    }

    /// <summary>
    /// One optimisation pass at the size: 20,000 one-minute bars, 80 fills (40 round trips of 100 bars). Rows
    /// are at most one per bar in a position plus one per flat stride; prints rows and bytes of run_equity folded and as
    /// one row per point (the figures are 100 such passes).
    /// </summary>
    [Test]
    public void A_pass_of_20000_bars_and_80_fills_stores_rows_where_equity_moves()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Backtest);
        var events = new List<RecorderEvent>(s.Start());
        var fills = 0;
        for (var m = 0; m < 20_000; m++)
        {
            events.Add(s.Bar(m, 5000 + ((m * 7919) % 23)));
            if (m % 500 == 100 || m % 500 == 200)
            {
                var side = m % 500 == 100 ? Side.Buy : Side.Sell;
                var id = "O" + m.ToString(System.Globalization.CultureInfo.InvariantCulture);
                events.Add(s.Order(id, side, 1, "FILLED", at: (m * 60) + 61, filled: 1));
                events.Add(s.Fill("X" + id, id, side, 1, price: 5000, at: (m * 60) + 61));
                fills++;
            }
        }

        events.Add(s.End(at: 20_000 * 60));
        Recorded.Write(db.Path, events);
        var analysis = RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: Clock).Analysis;
        var folded = Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_equity");
        var foldedBytes = EquityBytes(db.Path);
        StoreOneRowPerPoint(db.Path, s.RunId, analysis);
        var full = Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_equity");
        var fullBytes = EquityBytes(db.Path);

        TestContext.Progress.WriteLine($"run_equity per pass: one row per point {full} rows {fullBytes} bytes; folded {folded} rows {foldedBytes} bytes");
        Assert.That(fills, Is.EqualTo(80));
        Assert.That(full, Is.EqualTo(analysis.Equity.Count).And.GreaterThan(20_000));
        Assert.That(folded, Is.LessThanOrEqualTo((40 * 100) + (2 * fills) + 2), "bars in a position plus a row per flat stride");
        Assert.That(foldedBytes, Is.LessThan(fullBytes / 3));
    }

    /// <summary>run_equity's share of the file: the vacuumed file's size less its size without the table's rows.</summary>
    private static long EquityBytes(string path)
    {
        var copy = path + ".measure";
        try
        {
            using (var source = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
            {
                source.Open();
                source.Execute("VACUUM INTO @copy", new { copy });
            }

            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={copy};Pooling=False");
            connection.Open();
            var with = connection.ExecuteScalar<long>("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
            connection.Execute("DELETE FROM equity_data; VACUUM");
            return with - connection.ExecuteScalar<long>("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [Test]
    public void Points_at_the_same_values_but_uneven_spacing_start_a_new_row()
    {
        var t = new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);
        var points = new[] { 0, 1, 2, 4, 5 }.Select(m => new EquityPoint(t.AddMinutes(m), 100, 0, 0)).ToList();

        var rows = EquityStrides.Fold(points);

        Assert.That(rows.Select(r => (r.Seq, r.Repeats, r.StepTicks)),
            Is.EqualTo(new[] { (1L, 2L, TimeSpan.TicksPerMinute), (4L, 1L, TimeSpan.TicksPerMinute) }));
        var unfolded = EquityStrides.Unfold(rows.Select(r =>
            (new EquityRow(r.Seq, Timestamps.Format(r.Point.TimeUtc), r.Point.Equity, r.Point.Drawdown, r.Point.DrawdownPct), r.Repeats, r.StepTicks)));
        Assert.That(unfolded.Select(u => u.TsUtc), Is.EqualTo(points.Select(p => Timestamps.Format(p.TimeUtc))));
    }
}
