using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// A run's own events, exported as v_events gives them (docs/events.md) and imported into the same file again, are
/// repeats: no table of the file changes, the raw log included, and v_events lists each event once (docs/decisions.md, 4).
/// </summary>
[TestFixture]
public sealed class ImportOwnEventsTests
{
    private const string RunEvents = "SELECT event_json FROM v_events WHERE run_id = @run ORDER BY id";

    [Test]
    public void A_paper_runs_own_exported_events_imported_again_change_no_table_and_v_events_lists_each_once()
    {
        using var db = DemoFiles.Create();
        // The demo's first paper run: one of its bars was stored forming, then closed in a later batch (two stretch rows
        // name it). Volumes whose shortest text has 17 digits: A_bars_values_in_v_events_read_back_as_the_stored_doubles.
        var run = DemoFiles.TraderRuns(db.Path, "PAPER")[0];
        var exported = Db.Query<string>(db.Path, RunEvents, new { run });
        File.WriteAllLines(db.Sibling("events.jsonl"), exported);
        var tables = Db.Query<string>(db.Path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
        var before = tables.ToDictionary(t => t, t => Dump(db.Path, t));

        var again = Cli.Run(db.Folder, "import", "events.jsonl", "--db", db.Path);

        Assert.That(again.ExitCode, Is.EqualTo(0), again.ToString());
        Assert.That(again.Out, Does.Contain($"{exported.Count} event(s) → 0 stored, {exported.Count} duplicate(s) ignored"));
        Assert.That(again.Out, Does.Contain("Unchanged ").And.Contain("Nothing was new: every event was in the file already"),
            "an import that stored nothing says so, not that it updated the file and analysed its runs");
        Assert.That(again.Out, Does.Not.Contain("The runs it wrote to are analysed"));
        Assert.Multiple(() =>
        {
            foreach (var table in tables)
            {
                Assert.That(Dump(db.Path, table), Is.EqualTo(before[table]), $"{table} is unchanged");
            }
        });
        Assert.That(Db.Query<string>(db.Path, RunEvents, new { run }), Is.EqualTo(exported), "v_events lists the run's events as before");
        Assert.That(Db.Scalar<long>(db.Path, """
            SELECT COUNT(*) FROM (SELECT 1 FROM v_events WHERE run_id = @run AND event_type = 'BAR'
                                  GROUP BY json_extract(event_json, '$.series_id'), json_extract(event_json, '$.open_utc')
                                  HAVING COUNT(*) > 1)
            """, new { run }), Is.Zero, "no bar listed twice");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM v_events WHERE run_id = @run AND event_type = 'BAR'", new { run }),
            Is.EqualTo(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM v_series_bars b JOIN run_series s ON s.series_id = b.series_id WHERE s.run_id = @run", new { run })),
            "one BAR event per bar the run's series show");
    }

    [Test]
    public void A_bars_values_in_v_events_read_back_as_the_stored_doubles()
    {
        using var db = DemoFiles.Create();
        var run = DemoFiles.TraderRuns(db.Path, "PAPER")[0];
        // The plugin stores volumes at 10 decimals (docs/metrics.md, "Stored precision"), but an imported event may carry
        // any double: some of the run's bars are given volumes that 15 significant digits do not give back.
        QuantowerRecorder.Tests.Team.TerminalFiles.Write(db.Path, $"""
            UPDATE market_bars SET volume = volume + 0.1 + 0.2
            WHERE (market_id, ts) IN (SELECT m.market_id, m.ts FROM market_bars m JOIN run_series s ON s.market_id = m.market_id
                                      WHERE s.run_id = '{run}' AND m.ts BETWEEN s.first_bar AND s.last_bar ORDER BY m.ts LIMIT 20)
            """);

        // json_object writes a REAL with 15 significant digits: 63.824999999999996 came out as 63.825, another double.
        var differing = Db.Scalar<long>(db.Path, """
            SELECT COUNT(*) FROM v_events e
            JOIN v_series_bars b ON b.series_id = json_extract(e.event_json, '$.series_id')
                 AND b.ts = (CAST(strftime('%s', substr(json_extract(e.event_json, '$.open_utc'), 1, 19)) AS INTEGER) * 10000000
                             + CAST(substr(json_extract(e.event_json, '$.open_utc'), 21, 7) AS INTEGER))
            WHERE e.run_id = @run AND e.event_type = 'BAR'
              AND (json_extract(e.event_json, '$.open') <> b.open OR json_extract(e.event_json, '$.high') <> b.high
                   OR json_extract(e.event_json, '$.low') <> b.low OR json_extract(e.event_json, '$.close') <> b.close
                   OR json_extract(e.event_json, '$.volume') IS NOT b.volume)
            """, new { run });
        var noisy = Db.Scalar<long>(db.Path, """
            SELECT COUNT(*) FROM v_series_bars b JOIN run_series s ON s.series_id = b.series_id
            WHERE s.run_id = @run AND CAST(printf('%!.15g', b.volume) AS REAL) <> b.volume
            """, new { run });

        Assert.That(noisy, Is.Positive, "the run has volumes that 15 digits do not give back");
        Assert.That(differing, Is.Zero);
    }

    // Every row of a table, ordered by all its columns: a file's tables compared whole.
    private static List<string> Dump(string path, string table)
    {
        var columns = Db.Scalar<long>(path, $"SELECT COUNT(*) FROM pragma_table_info('{table}')");
        return Db.Dump(path, table, string.Join(", ", Enumerable.Range(1, (int)columns)));
    }
}
