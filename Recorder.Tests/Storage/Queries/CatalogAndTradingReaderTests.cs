using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage.Queries;

[TestFixture]
public sealed class CatalogAndTradingReaderTests
{
    [Test]
    public void Strategies_and_instances_carry_their_counts_and_the_sum_of_their_runs_net_pnl()
    {
        using var db = new TempDatabase();
        var winner = QueryFiles.BracketWinner(db);
        QueryFiles.LiveLoser(db);
        using var reader = RecorderStore.OpenRead(db.Path);

        var strategies = reader.Catalog.Strategies();
        Assert.That(strategies.Select(s => s.Name), Is.EqualTo(new[] { "Other strategy", "Test strategy" }), "by name");
        Assert.That(strategies.Select(s => (s.Instances, s.Runs)), Is.All.EqualTo((1L, 1L)));
        Assert.That(strategies[1].LastRunUtc, Is.EqualTo("2026-03-02T14:30:00.0000000Z"));

        var instances = reader.Catalog.Instances("test");
        Assert.That(instances.Single().InstanceId, Is.EqualTo(winner.InstanceId));
        Assert.That((instances[0].Runs, instances[0].NetPnl), Is.EqualTo((1L, (double?)12.5)));
        Assert.That(instances[0].ParametersJson, Is.EqualTo("{\"period\":14,\"threshold\":1.5}"));
        Assert.That(reader.Catalog.Instances(), Has.Count.EqualTo(2));
        Assert.That(reader.Catalog.Instance(winner.InstanceId)!.StrategyName, Is.EqualTo("Test strategy"));
    }

    [Test]
    public void Orders_come_with_their_OCO_group_and_the_groups_with_every_link()
    {
        using var db = new TempDatabase();
        var s = QueryFiles.BracketWinner(db);
        using var reader = RecorderStore.OpenRead(db.Path);

        var orders = reader.Trading.Orders(s.RunId);
        // The writer stores the status normalised (CANCELLED is recorded as CANCELED).
        Assert.That(orders.Select(o => (o.OrderId, o.Status, o.OcoGroupId, o.OcoRole)), Is.EqualTo(new[]
        {
            ("E", "FILLED", "B1", "ENTRY"), ("SL", "CANCELED", "B1", "SL"), ("TP", "FILLED", "B1", "TP"),
        }));
        Assert.That(orders.Single(o => o.OrderId == "TP").Price, Is.EqualTo(5010));

        var group = reader.Trading.OcoGroups(s.RunId).Single();
        Assert.That((group.OcoGroupId, group.Label), Is.EqualTo(("B1", "Bracket")));
        Assert.That(group.Links.Select(l => (l.OrderId, l.Role)), Is.EqualTo(new[] { ("E", "ENTRY"), ("SL", "SL"), ("TP", "TP") }));
    }

    [Test]
    public void Executions_and_trades_are_read_in_time_order_with_their_money()
    {
        using var db = new TempDatabase();
        var s = QueryFiles.BracketWinner(db);
        using var reader = RecorderStore.OpenRead(db.Path);

        var fills = reader.Trading.Executions(s.RunId);
        Assert.That(fills.Select(f => (f.ExecutionId, f.Side, f.Quantity, f.Price, f.Fee)), Is.EqualTo(new[]
        {
            ("X1", (string?)"BUY", 1.0, 5000.0, (double?)2.5), ("X2", "BUY", 1.0, 5000.0, 2.5), ("X3", "SELL", 2.0, 5010.0, 2.5),
        }));

        var trade = reader.Trading.Trades(s.RunId).Single();
        Assert.That((trade.Side, trade.Quantity, trade.EntryPrice, trade.ExitPrice, trade.GrossPnl, trade.Fees, trade.NetPnl, trade.IsOpen),
            Is.EqualTo(("LONG", 2.0, 5000.0, (double?)5010.0, (double?)20.0, (double?)7.5, (double?)12.5, false)));
        Assert.That(reader.Trading.Trades("no-such-run"), Is.Empty);
    }

    [Test]
    public void Bars_are_read_by_symbol_and_timeframe()
    {
        using var db = new TempDatabase();
        var s = QueryFiles.BracketWinner(db);
        using var reader = RecorderStore.OpenRead(db.Path);

        Assert.That(reader.MarketData.Series(s.RunId), Is.EqualTo(new[] { new RecordedSeries("ES", "1m", false) }));
        var bars = reader.MarketData.Bars(s.RunId, "ES", "1m");
        Assert.That(bars.Select(b => (b.TsUtc, b.Close)), Is.EqualTo(new[]
        {
            ("2026-03-02T14:30:00.0000000Z", 5000.0), ("2026-03-02T14:31:00.0000000Z", 5008.0), ("2026-03-02T14:32:00.0000000Z", 5011.0),
        }));
        Assert.That(reader.MarketData.Bars(s.RunId, "ES"), Is.EqualTo(bars), "every timeframe of the symbol");
        Assert.That(reader.MarketData.Bars(s.RunId, "NQ"), Is.Empty);
    }

    [Test]
    public void Equity_and_the_pooled_trades_of_an_instance_use_the_run_metrics_definition()
    {
        using var db = new TempDatabase();
        var winner = QueryFiles.BracketWinner(db);
        var loser = QueryFiles.LiveLoser(db);
        using var reader = RecorderStore.OpenRead(db.Path);

        var equity = reader.Performance.Equity(winner.RunId);
        Assert.That(equity.Select(e => e.Seq), Is.Ordered.Ascending);
        Assert.That(equity[^1].Equity, Is.EqualTo(50_000 + 12.5));

        var pooled = reader.Performance.ClosedTradePnl([winner.RunId, loser.RunId]);
        Assert.That(pooled, Is.EquivalentTo(new[] { 12.5, -9.0 }));
        var stats = TradeStatistics.Of(pooled);
        Assert.That((stats.Wins, stats.Losses, stats.WinRate, stats.ProfitFactor), Is.EqualTo((1, 1, (double?)50.0, (double?)(12.5 / 9.0))));

        // One definition: the statistics of one run's trades are the metrics its analysis stored.
        var alone = TradeStatistics.Of(reader.Performance.ClosedTradePnl([winner.RunId]));
        var stored = reader.Performance.Metrics(winner.RunId).ToDictionary(m => m.Key, m => m.Value);
        Assert.That(alone.WinRate, Is.EqualTo(stored[MetricKeys.WinRate]));
        Assert.That(alone.Expectancy, Is.EqualTo(stored[MetricKeys.Expectancy]));
        Assert.That(alone.ProfitFactor, Is.EqualTo(stored[MetricKeys.ProfitFactor]));
        Assert.That(reader.Performance.Currencies([winner.RunId, loser.RunId]), Is.Empty, "no instrument recorded a currency");
    }

    [Test]
    public void Runs_taken_together_sum_money_pool_trades_and_keep_the_worst_drawdown()
    {
        using var db = new TempDatabase();
        var winner = QueryFiles.BracketWinner(db);
        var loser = QueryFiles.LiveLoser(db);
        using var reader = RecorderStore.OpenRead(db.Path);
        double? Of(IReadOnlyList<MetricValue> metrics, string key) => metrics.Single(m => m.Key == key).Value;
        var one = reader.Performance.Metrics(winner.RunId);
        var other = reader.Performance.Metrics(loser.RunId);

        var together = reader.Performance.Aggregate([winner.RunId, loser.RunId]);

        Assert.That(together[0], Is.EqualTo(new MetricValue("runs", 2, "count")));
        Assert.That(Of(together, MetricKeys.NetPnl), Is.EqualTo(12.5 - 9.0));
        Assert.That(Of(together, MetricKeys.WinRate), Is.EqualTo(50.0), "pooled trades: one win of two");
        Assert.That(Of(together, MetricKeys.TradeCount), Is.EqualTo(2));
        Assert.That(Of(together, MetricKeys.MaxDrawdown), Is.EqualTo(Math.Max(Of(one, MetricKeys.MaxDrawdown)!.Value, Of(other, MetricKeys.MaxDrawdown)!.Value)));
        Assert.That(together.Skip(1).Select(m => MetricCatalog.Rank(m.Key)), Is.Ordered);
    }
}
