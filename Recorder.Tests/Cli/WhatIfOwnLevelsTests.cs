using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Storage;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// A run whose exits were its bracket orders, re-simulated at its own distances, gives its actual net PnL
/// (docs/metrics.md, "What-if exits": a stop's slippage is measured past the price the market allowed); a cell off its
/// levels says by how much and why it differs.
/// </summary>
[TestFixture]
public sealed class WhatIfOwnLevelsTests
{
    // One-minute ES bars from 14:30 (point value 50, tick 0.25, 2.50 a fill). Bar 6 gaps up through the short's stop.
    private static readonly (double O, double H, double L, double C)[] Bars =
    [
        (5000, 5001, 4999, 5000), (5000, 5001, 4999, 5000), (5000, 5004.5, 4999.5, 5004), (5004, 5005, 5003, 5004),
        (5004, 5005, 5001, 5001.5), (5001.5, 5002, 5001, 5001.5), (5006, 5007, 5005, 5006),
    ];

    /// <summary>
    /// Three bracketed trades, stop 2 points and target 4 points from the entry: a long out at its target 5004 (bar 2),
    /// a long from 5004 stopped at 5002 (bar 4) − <paramref name="stopSlip"/> ticks, and a short from 5001.5 whose stop
    /// 5003.5 the market jumped (bar 6 opened at 5006) filled at 5006 + <paramref name="gapSlip"/> ticks.
    /// </summary>
    internal static (TempDatabase Db, string RunId) Record(double stopSlip, double gapSlip) => Record(Bars,
    [
        new(0, "1", Side.Buy, 5000, 4998, 5004, "TP", 5004, 150),
        new(3, "2", Side.Buy, 5004, 5002, 5008, "SL", 5002 - (stopSlip * 0.25), 270),
        new(5, "3", Side.Sell, 5001.5, 5003.5, 4997.5, "SL", 5006 + (gapSlip * 0.25), 361),
    ]);

    /// <summary>One bracketed trade: entered by a market order 30 s into its minute, its stop and target placed a second later.</summary>
    internal sealed record Bracket(int Minute, string N, Side Side, double Entry, double Stop, double Target, string ExitBy, double ExitPrice, double ExitAt);

    /// <summary>An ES backtest of one-minute bars from 14:30 with these bracketed trades, analysed.</summary>
    internal static (TempDatabase Db, string RunId) Record((double O, double H, double L, double C)[] bars, IEnumerable<Bracket> brackets)
    {
        var db = new TempDatabase();
        var s = new Scenario();
        var events = new List<RecorderEvent>(s.Start()) { InstrumentTests.Es(s) };
        for (var m = 0; m < bars.Length; m++)
        {
            var (o, h, l, c) = bars[m];
            events.Add(s.Bar(m) with { Open = o, High = h, Low = l, Close = c });
        }

        foreach (var (minute, n, side, entry, stop, target, exitBy, exitPrice, exitAt) in brackets)
        {
            var close = side == Side.Buy ? Side.Sell : Side.Buy;
            var at = (minute * 60) + 30;
            events.Add(s.Order("E" + n, side, 1, "FILLED", at: at, filled: 1));
            events.Add(s.Fill("fe" + n, "E" + n, side, 1, entry, at: at));
            events.Add(s.Order("SL" + n, close, 1, exitBy == "SL" ? "FILLED" : "CANCELED", at: at + 1, type: "STOP", stop: stop) with { ParentOrderId = "E" + n, SubmitUtc = s.At(at + 1) });
            events.Add(s.Order("TP" + n, close, 1, exitBy == "TP" ? "FILLED" : "CANCELED", at: at + 1, type: "LIMIT", price: target) with { ParentOrderId = "E" + n, SubmitUtc = s.At(at + 1) });
            events.Add(new OcoGroupDefined { RunId = s.RunId, EventUtc = s.At(at + 1), Source = s.Source, OcoGroupId = "B" + n });
            foreach (var (order, role) in new[] { ("E" + n, "ENTRY"), ("SL" + n, "SL"), ("TP" + n, "TP") })
            {
                events.Add(new OcoLinkAdded { RunId = s.RunId, EventUtc = s.At(at + 1), Source = s.Source, OcoGroupId = "B" + n, OrderId = order, Role = role });
            }

            events.Add(s.Fill("fx" + n, exitBy + n, close, 1, exitPrice, at: exitAt));
        }

        events.Add(s.End(at: 450));
        Recorded.Write(db.Path, events.OrderBy(e => e.EventUtc).ToList());
        var analysed = Cli.Run(db.Folder, "analyze", s.RunId, "--db", db.Path);
        Assert.That(analysed.ExitCode, Is.EqualTo(0), analysed.ToString());
        return (db, s.RunId);
    }

    private static JsonElement WhatIf(TempDatabase db, string runId, string stops, string targets = "4pt") =>
        JsonDocument.Parse(Cli.Run(db.Folder, env => env with { Columns = 80 }, ["whatif", runId, "--stops", stops, "--targets", targets, "--json", "--db", db.Path]).Out).RootElement;

    [Test]
    public void Fills_at_their_levels_or_at_the_gap_open_are_reproduced_exactly_at_the_runs_own_levels()
    {
        var (db, runId) = Record(stopSlip: 0, gapSlip: 0);
        using var _ = db;

        // Actual: (5004 − 5000) × 50 − 5 = 195; (5002 − 5004) × 50 − 5 = −105; (5001.5 − 5006) × 50 − 5 = −230: −140.
        // Simulated at 2pt / 4pt: the same exits (the gap fills at bar 6's open), and no slippage past the allowed price.
        var root = WhatIf(db, runId, "2pt");
        Assert.That(root.GetProperty("actual").GetProperty("net_pnl").GetDouble(), Is.EqualTo(-140).Within(1e-9));
        Assert.That(root.GetProperty("stop_slippage_ticks").GetDouble(), Is.EqualTo(0));
        Assert.That(root.GetProperty("cells")[0].GetProperty("figures").GetProperty("net_pnl").GetDouble(), Is.EqualTo(-140).Within(1e-9));
        var own = root.GetProperty("own_levels");
        Assert.That(own.GetProperty("difference").GetDouble(), Is.EqualTo(0));
        Assert.That(own.GetProperty("reasons").GetArrayLength(), Is.EqualTo(0));

        var text = Cli.Run(db.Folder, env => env with { Columns = 80 }, ["whatif", runId, "--stops", "2pt", "--targets", "4pt", "--db", db.Path]);
        Assert.That(string.Join(' ', text.Out.Split('\n').Select(l => l.Trim())), Does.Contain("as the run made."), text.Out);
    }

    [Test]
    public void Slipped_stops_are_reproduced_in_total_by_their_average_slippage_past_the_allowed_price()
    {
        var (db, runId) = Record(stopSlip: 1, gapSlip: 3);
        using var _ = db;

        // Actual: 195 + ((5001.75 − 5004) × 50 − 5 = −117.5) + ((5001.5 − 5006.75) × 50 − 5 = −267.5) = −190.
        // Slippage past the allowed price: 1 tick past the trigger, 3 past the gap's open: 2 on average. Simulated:
        // 5002 − 0.5 → −130, 5006 + 0.5 → −255, and 195: −190, the same total.
        var root = WhatIf(db, runId, "2pt");
        Assert.That(root.GetProperty("stop_slippage_ticks").GetDouble(), Is.EqualTo(2).Within(1e-9));
        Assert.That(root.GetProperty("actual").GetProperty("net_pnl").GetDouble(), Is.EqualTo(-190).Within(1e-9));
        Assert.That(root.GetProperty("cells")[0].GetProperty("figures").GetProperty("net_pnl").GetDouble(), Is.EqualTo(-190).Within(1e-9));
    }

    [Test]
    public void A_cell_off_the_runs_levels_says_by_how_much_and_why_it_differs()
    {
        var (db, runId) = Record(stopSlip: 0, gapSlip: 0);
        using var _ = db;

        // Stops 3pt and 6pt: the nearest to its 2 points is 3pt. 3pt / 4pt: 195; the second long's stop 5001 is reached
        // by bar 4's low 5001: (5001 − 5004) × 50 − 5 = −155; the short's 5004.5 is gapped at 5006: −230. −190, 50 less.
        var root = WhatIf(db, runId, "3pt,6pt");
        var own = root.GetProperty("own_levels");
        Assert.That(own.GetProperty("stop").GetString(), Is.EqualTo("3pt"));
        Assert.That(own.GetProperty("net_pnl").GetDouble(), Is.EqualTo(-190).Within(1e-9));
        Assert.That(own.GetProperty("difference").GetDouble(), Is.EqualTo(-50).Within(1e-9));
        Assert.That(own.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()), Has.Some.Contains("stops lay at 2pt"));

        var text = Cli.Run(db.Folder, env => env with { Columns = 80 }, ["whatif", runId, "--stops", "3pt,6pt", "--targets", "4pt", "--db", db.Path]);
        var joined = string.Join(' ', text.Out.Split('\n').Select(l => l.Trim()));
        Assert.That(joined, Does.Contain("50.00 less than the run made"), text.Out);
    }

    [Test]
    public void Exits_stamped_at_the_instant_their_bar_closed_belong_to_the_bar_whose_range_holds_their_price()
    {
        // A backtest stamps a bar's fills at its close, the instant the next bar opens. The long's target 5004 fills in
        // bar 2 (high 5004.5), stamped 14:33:00, when bar 3 opens at 5004.5, beyond it; the second long's stop 5002 fills
        // in bar 4 (low 5001), stamped 14:35:00, when bar 5 opens at 5001.75, beyond it; the short's stop 5003.5 is
        // jumped by bar 6, which opens at 5006 at 14:36:00, the instant bar 5 (5001 … 5002) closes: that fill is bar 6's.
        (double, double, double, double)[] bars =
        [
            (5000, 5001, 4999, 5000), (5000, 5001, 4999, 5000), (5000, 5004.5, 4999.5, 5004.25), (5004.5, 5005, 5003, 5004),
            (5004, 5005, 5001, 5001.5), (5001.75, 5002, 5001, 5001.5), (5006, 5007, 5005, 5006),
        ];
        var (db, runId) = Record(bars,
        [
            new(0, "1", Side.Buy, 5000, 4998, 5004, "TP", 5004, 180),
            new(3, "2", Side.Buy, 5004, 5002, 5008, "SL", 5002, 300),
            new(5, "3", Side.Sell, 5001.5, 5003.5, 4997.5, "SL", 5006, 360),
        ]);
        using var _ = db;

        // Actual: 195 − 105 − 230 = −140, every exit at the price the market allowed. Measured against the opening bars,
        // the target was charged 2 ticks it did not pay and the stops half a tick they did not gain: −152.50.
        var root = WhatIf(db, runId, "8t", "16t");
        Assert.That(root.GetProperty("actual").GetProperty("net_pnl").GetDouble(), Is.EqualTo(-140).Within(1e-9));
        Assert.That(root.GetProperty("limit_slippage_ticks").GetDouble(), Is.EqualTo(0));
        Assert.That(root.GetProperty("stop_slippage_ticks").GetDouble(), Is.EqualTo(0));
        Assert.That(root.GetProperty("cells")[0].GetProperty("figures").GetProperty("net_pnl").GetDouble(), Is.EqualTo(-140).Within(1e-9));
        var own = root.GetProperty("own_levels");
        Assert.That(own.GetProperty("difference").GetDouble(), Is.EqualTo(0));
        Assert.That(own.GetProperty("reasons").GetArrayLength(), Is.EqualTo(0));
    }
}
