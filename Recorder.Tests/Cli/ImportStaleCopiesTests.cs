using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// The demo's events imported as they were recorded, and again with late copies of earlier events interleaved (an
/// export read back twice, a terminal that resent what it was unsure of): both files hold the same orders, fills, bars
/// and analysis. Only what says how the events arrived may differ: the repeats counted, an order row's arrival sequence
/// and how the raw log groups bars into stretches.
/// </summary>
[TestFixture]
public sealed class ImportStaleCopiesTests
{
    // What each file holds, by the tables' keys (not their rowids, which follow arrival).
    private static readonly (string Select, string OrderBy)[] Same =
    [
        ("SELECT run_id, order_id, parent_order_id, symbol, side, order_type, quantity, price, stop_price, status, submit_utc, update_utc, client_tag, position_impact, extra_json, filled_quantity, avg_fill_price FROM orders", "run_id, order_id"),
        ("SELECT run_id, execution_id, order_id, exec_utc, price, quantity, fee, fee_currency, liquidity, extra_json, symbol, account_id, side, position_impact FROM executions", "run_id, execution_id"),
        ("SELECT * FROM run_series", "series_id"),
        ("SELECT * FROM v_run_bars", "series_id, ts_utc"),
        ("SELECT * FROM run_trades", "run_id, trade_no"),
        ("SELECT * FROM v_equity_points", "run_id, seq"),
        ("SELECT run_id, key, value, unit FROM run_metrics_kv", "run_id, key"),
        ("SELECT run_id, status, end_utc FROM strategy_runs", "run_id"),
    ];

    [Test]
    public void An_import_with_late_copies_interleaved_stores_what_the_import_without_them_stores()
    {
        using var folder = new TempDatabase();
        var events = Db.Query<string>(SharedDemo.Program.Database, "SELECT event_json FROM v_events ORDER BY id");
        File.WriteAllLines(folder.Sibling("events.jsonl"), events);
        var (withCopies, copies) = WithLateCopies(events, new Random(7));
        File.WriteAllLines(folder.Sibling("copies.jsonl"), withCopies);

        var clean = Import(folder, "events.jsonl", "clean.db");
        var late = Import(folder, "copies.jsonl", "late.db");

        Assert.That(late.Stored, Is.EqualTo(clean.Stored), "every copy is a repeat or a bar state superseded");
        Assert.That(late.Repeats, Is.EqualTo(clean.Repeats + copies));
        foreach (var (select, orderBy) in Same)
        {
            var expected = Db.Dump(folder.Sibling("clean.db"), $"({select})", orderBy);
            Assert.That(expected, Is.Not.Empty, select);
            Assert.That(Db.Dump(folder.Sibling("late.db"), $"({select})", orderBy), Is.EqualTo(expected), select);
        }
    }

    // After each event, now and then, a copy of one of the 300 events before it (a forming bar's earlier state, an order's
    // earlier state, a fill already stored…): a copy always comes after what it copies.
    private static (List<string> Lines, int Copies) WithLateCopies(List<string> events, Random random)
    {
        var lines = new List<string>(events.Count * 6 / 5);
        var copies = 0;
        for (var i = 0; i < events.Count; i++)
        {
            lines.Add(events[i]);
            if (i > 0 && random.NextDouble() < 0.15)
            {
                lines.Add(events[random.Next(Math.Max(0, i - 300), i)]);
                copies++;
            }
        }

        return (lines, copies);
    }

    private static (long Stored, long Repeats) Import(TempDatabase folder, string events, string db)
    {
        var run = Cli.Run(folder.Folder, "import", events, "--db", folder.Sibling(db), "--json");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var result = JsonNode.Parse(run.Out)!;
        return ((long)result["committed"]!, (long)result["duplicates"]! + (long)result["superseded"]!);
    }
}
