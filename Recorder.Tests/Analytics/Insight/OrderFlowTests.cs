using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Insight;
using static QuantowerRecorder.Tests.Analytics.Insight.Trades;

namespace QuantowerRecorder.Tests.Analytics.Insight;

public sealed class OrderFlowTests
{
    private const double Tol = 1e-9;
    private const double Day = 24 * 60;

    private static readonly RunContext Es = new() { Symbols = new Dictionary<string, SymbolSpec>(StringComparer.Ordinal) { ["ES"] = new() { TickSize = 0.25 } } };

    // Tuesday 09:00–09:02 and Wednesday 09:00, one-minute bars: (delta, buy, sell, POC).
    private static readonly VolumetricSeries Series = new("ES",
    [
        new VolumetricBar(At(0), 10, 30, 20, 100),
        new VolumetricBar(At(1), -4, 8, 12, 101),
        new VolumetricBar(At(2), 6, 18, 12, 102),
        new VolumetricBar(At(Day), 5, 10, 5, 103),
    ]) { BarDuration = TimeSpan.FromMinutes(1) };

    private static readonly RoundTrip[] Sample =
    [
        Make(TradeSide.Long, 1, 1.5, 101.5, 2.75, 102, number: 1),              // +0.5
        Make(TradeSide.Short, 1, Day + (1 / 6.0), 103, Day + 0.8, 104, number: 2), // −1
        Make(TradeSide.Long, 1, 10, 100, 11, 101, number: 3),                    // +1, no bar at 09:10
    ];

    [Test]
    public void Entry_and_exit_bars_give_delta_cumulative_delta_poc_distance_and_imbalance()
    {
        var flows = OrderFlow.AtTrades(Sample, [Series], Es);

        // Trade 1 enters in the 09:01 bar: delta −4, cumulative 10 − 4 = 6, (101.5 − 101) / 0.25 = 2 ticks above
        // the POC, imbalance (8 − 12) / 20 = −0.2. It exits in the 09:02 bar: delta 6, cumulative 12, at the POC,
        // imbalance (18 − 12) / 30 = 0.2.
        var entry = flows[0].Entry!;
        Assert.That(entry.BarTimeUtc, Is.EqualTo(At(1)));
        Assert.That(entry.Delta, Is.EqualTo(-4));
        Assert.That(entry.CumulativeDelta, Is.EqualTo(6).Within(Tol));
        Assert.That(entry.PocDistanceTicks, Is.EqualTo(2).Within(Tol));
        Assert.That(entry.Imbalance, Is.EqualTo(-0.2).Within(Tol));
        var exit = flows[0].Exit!;
        Assert.That(exit.CumulativeDelta, Is.EqualTo(12).Within(Tol));
        Assert.That(exit.PocDistanceTicks, Is.EqualTo(0).Within(Tol));
        Assert.That(exit.Imbalance, Is.EqualTo(0.2).Within(Tol));

        // Trade 2 enters on Wednesday: the cumulative delta starts again at that day's first bar: 5.
        Assert.That(flows[1].Entry!.CumulativeDelta, Is.EqualTo(5).Within(Tol));
        Assert.That(flows[1].Entry!.Imbalance, Is.EqualTo(1.0 / 3).Within(Tol));

        // Trade 3 enters at 09:10, after the 09:02 bar ended and before Wednesday's: no bar.
        Assert.That(flows[2].Entry, Is.Null);
    }

    [Test]
    public void Pnl_by_the_sign_of_the_entry_bars_delta()
    {
        var rows = OrderFlow.PnlByDeltaSign(Sample, OrderFlow.AtTrades(Sample, [Series], Es));

        // Trade 2 entered on delta +5 (−1), trade 1 on −4 (+0.5), trade 3 without a bar (+1).
        Assert.That(rows.Select(r => (r.Key, r.Trades)), Is.EqualTo(new[] { ("POSITIVE", 1), ("NEGATIVE", 1), ("UNKNOWN", 1) }));
        Assert.That(rows[0].NetPnl, Is.EqualTo(-1).Within(Tol));
        Assert.That(rows[1].NetPnl, Is.EqualTo(0.5).Within(Tol));
    }

    [Test]
    public void Without_a_tick_size_the_poc_distance_is_unknown()
    {
        var flows = OrderFlow.AtTrades(Sample, [Series], new RunContext());

        Assert.That(flows[0].Entry!.PocDistanceTicks, Is.Null);
        Assert.That(flows[0].Entry!.Delta, Is.EqualTo(-4));
    }

    [Test]
    public void A_bar_without_delta_leaves_the_rest_of_its_days_cumulative_delta_unknown()
    {
        var series = new VolumetricSeries("ES", [new VolumetricBar(At(0), null, null, null, null), new VolumetricBar(At(1), 3, 3, 0, 100)]);
        var trade = Make(TradeSide.Long, 1, 1.5, 100, 1.7, 101);

        var flow = OrderFlow.AtTrades([trade], [series], Es).Single();

        Assert.That(flow.Entry!.Delta, Is.EqualTo(3));
        Assert.That(flow.Entry!.CumulativeDelta, Is.Null);
    }

    [Test]
    public void Parser_reads_the_plugins_json_and_reports_bad_text()
    {
        var t = At(0);
        var (full, noError) = VolumetricParser.Parse(t, "{\"delta\":-2.5,\"buy_volume\":10,\"sell_volume\":12.5,\"volume\":22.5,\"trades\":7,\"poc\":4501.25,\"max_delta\":null}");
        Assert.That(noError, Is.Null);
        Assert.That(full, Is.EqualTo(new VolumetricBar(t, -2.5, 10, 12.5, 4501.25)));

        // Without a delta it is buy − sell: 22.823 − 17.239 = 5.584; no POC.
        var (partial, _) = VolumetricParser.Parse(t, "{\"buy_volume\":22.823,\"sell_volume\":17.239}");
        Assert.That(partial!.Delta, Is.EqualTo(5.584).Within(Tol));
        Assert.That(partial.Poc, Is.Null);

        Assert.That(VolumetricParser.Parse(t, null), Is.EqualTo(((VolumetricBar?)null, (string?)null)));
        var (bad, error) = VolumetricParser.Parse(t, "{\"delta\":");
        Assert.That(bad, Is.Null);
        Assert.That(error, Does.StartWith("volumetric_json is not valid JSON"));
        Assert.That(VolumetricParser.Parse(t, "[1,2]").Error, Is.EqualTo("volumetric_json is a JSON Array, not an object"));
    }

    [Test]
    public void Pnl_by_delta_sign_refuses_flows_that_are_not_the_trades_own()
    {
        var flows = OrderFlow.AtTrades(Sample, [Series], Es);

        Assert.That(() => OrderFlow.PnlByDeltaSign(Sample, flows.Reverse().ToList()), Throws.ArgumentException);
        Assert.That(() => OrderFlow.PnlByDeltaSign(Sample, flows.Take(2).ToList()), Throws.ArgumentException);
    }
}
