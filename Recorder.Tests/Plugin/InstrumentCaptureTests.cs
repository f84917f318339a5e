using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Plugin.Platform;
using QuantowerRecorder.Tests.Plugin.Support;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Tests.Plugin;

/// <summary>The plugin records a symbol's contract facts from the platform's Symbol the first time a run meets it.</summary>
[TestFixture]
public sealed class InstrumentCaptureTests : PluginTestBase
{
    private Symbol Future(StandInConnection connection, double tickCost = 12.5) => connection.SendSymbol(new SymbolMessage
    {
        SymbolId = "ESM6", Name = "ESM6", SymbolType = SymbolType.Futures, ExchangeId = "CME", ExchangeName = "CME",
        QuotingCurrency = "USD", TickSize = 0.25, TickCost = tickCost, LotSize = 1,
        ExpirationDate = new DateTime(2026, 6, 19, 13, 30, 0, DateTimeKind.Utc), Bid = 5000, Ask = 5000.25, Last = 5000,
    });

    private (string Symbol, double? TickSize, double? TickValue, double? PointValue, double? LotSize, string? Currency,
        string? AccountCurrency, string? Type, string? Exchange, string? Expiration, string? Ticks, string Extra) Instrument() =>
        Rows<(string, double?, double?, double?, double?, string?, string?, string?, string?, string?, string?, string)>("""
            SELECT symbol, tick_size, tick_value, point_value, lot_size, currency, account_currency, symbol_type, exchange,
                   expiration_utc, variable_ticks_json, extra_json FROM run_instruments
            """).Single();

    [Test]
    public void A_live_run_records_tick_size_tick_value_point_value_currency_type_exchange_and_expiry_of_the_symbol_it_trades()
    {
        var future = Future(Broker);
        var recorder = CreateRecorder(("Symbol", future));
        recorder.Run();
        Broker.Fill(Place(Request(Side.Buy, symbol: future)), 5000.25);
        Broker.Fill(Place(Request(Side.Sell, symbol: future)), 5000);
        recorder.Stop();

        var row = Instrument();
        Assert.That((row.Symbol, row.TickSize, row.TickValue, row.PointValue, row.LotSize), Is.EqualTo(("ESM6", 0.25, 12.5, 50.0, 1.0)));
        Assert.That((row.Currency, row.AccountCurrency, row.Type, row.Exchange, row.Expiration),
            Is.EqualTo(("USD", "USD", "FUTURES", "CME", "2026-06-19T13:30:00.0000000Z")));
        using var ticks = JsonDocument.Parse(row.Ticks!);
        Assert.That(ticks.RootElement[0].GetProperty("tick_cost").GetDouble(), Is.EqualTo(12.5));
        Assert.That(ticks.RootElement[0].GetProperty("left").ValueKind, Is.EqualTo(JsonValueKind.Null), "a band over every price");
        Assert.That(Scalar<long>("SELECT COUNT(*) FROM ingest_events WHERE event_type = 'INSTRUMENT_DEFINED'"), Is.EqualTo(1), "once per run and symbol");
        Assert.That(Scalar<string>("SELECT run_type FROM strategy_runs"), Is.EqualTo("LIVE"));
        AssertNoPlatformHandlerErrors();
    }

    [Test]
    public void A_backtest_records_the_backtester_symbols_specification_and_its_trade_is_valued_with_it()
    {
        var backtester = StandInPlatform.CreateBacktester();
        var account = backtester.AddAccount("BT", currency: "EUR");
        var future = Future(backtester);
        var recorder = StandInStrategies.Create(new QuantowerRecorder.Plugin.RunRecorderStrategy(Clock));
        Track(recorder).Settings =
        [
            StandInSettings.Item("Account", account), StandInSettings.Item("Symbol", future), StandInSettings.Item("Database file", Db.Path),
        ];
        recorder.Run();
        PlaceOrderRequestParameters Market(Side side) => new() { Account = account, Symbol = future, Side = side, Quantity = 1, OrderTypeId = OrderType.Market };
        backtester.Fill(Placed(Core.PlaceOrder(Market(Side.Buy)), backtester.Id), 5000, fee: 2.5);
        backtester.Fill(Placed(Core.PlaceOrder(Market(Side.Sell)), backtester.Id), 5010, fee: 2.5);
        recorder.Stop();
        // The analysis runs on a worker thread once the run's events are committed; a run is closed (what the reads
        // below wait for) once its analysis is stored.

        Assert.That(Scalar<string>("SELECT run_type FROM strategy_runs"), Is.EqualTo("BACKTEST"));
        var row = Instrument();
        Assert.That((row.PointValue, row.Currency, row.AccountCurrency), Is.EqualTo((50.0, "USD", "EUR")));
        Assert.That(Scalar<double>("SELECT net_pnl FROM run_trades"), Is.EqualTo(495.0));
    }

    [Test]
    public void A_tick_cost_of_exactly_1_is_the_platforms_default_and_is_not_taken_as_the_contracts_value()
    {
        var future = Broker.SendSymbol(new SymbolMessage { SymbolId = "NQ", Name = "NQ", TickSize = 0.25, Last = 20000 }); // no cost sent
        var recorder = CreateRecorder(("Symbol", future));
        recorder.Run();
        Broker.Fill(Place(Request(Side.Buy, symbol: future)), 20000);
        recorder.Stop();

        var row = Instrument();
        Assert.That((row.TickSize, row.TickValue, row.PointValue), Is.EqualTo((0.25, (double?)null, (double?)null)));
        using var extra = JsonDocument.Parse(row.Extra);
        Assert.That(extra.RootElement.GetProperty("tick_cost_reported").GetDouble(), Is.EqualTo(1.0));
        Assert.That(extra.RootElement.GetProperty("tick_cost_note").GetString(), Does.Contain("platform's default"));
    }

    [Test]
    public void A_tick_cost_of_1_with_a_tick_size_of_1_is_a_fact()
    {
        var stock = Broker.SendSymbol(new SymbolMessage { SymbolId = "IDX", Name = "IDX", TickSize = 1, TickCost = 1, Last = 100 });
        var recorder = CreateRecorder(("Symbol", stock));
        recorder.Run();
        Broker.Fill(Place(Request(Side.Buy, symbol: stock)), 100);
        recorder.Stop();

        Assert.That((Instrument().TickValue, Instrument().PointValue), Is.EqualTo(((double?)1.0, (double?)1.0)));
    }

    [Test]
    public void A_variable_tick_symbol_records_the_tick_cost_of_the_band_holding_the_price_it_was_met_at()
    {
        var option = Broker.SendSymbol(new SymbolMessage
        {
            SymbolId = "OPT", Name = "OPT", TickSize = double.NaN, Last = 7,
            VariableTicks = [(0, 5, 0.05, 5), (5, double.PositiveInfinity, 0.1, 10)],
        });
        var recorder = CreateRecorder(("Symbol", option));
        recorder.Run();
        Broker.Fill(Place(Request(Side.Buy, symbol: option)), 7);
        recorder.Stop();

        var row = Instrument();
        Assert.That((row.TickSize, row.TickValue, row.PointValue), Is.EqualTo(((double?)0.1, (double?)10.0, (double?)100.0)));
        Assert.That(JsonDocument.Parse(row.Ticks!).RootElement.GetArrayLength(), Is.EqualTo(2));
    }

    [Test]
    public void A_currency_is_its_iso_code_else_its_name_else_its_id_and_an_empty_text_counts_as_none()
    {
        // One rule for the instrument's currencies and the run's base currency (Definitions uses it too).
        Assert.That(Formats.Currency(new Asset("asset-7", "US Dollar", "USD")), Is.EqualTo("USD"));
        Assert.That(Formats.Currency(new Asset("asset-7", "USDT", "")), Is.EqualTo("USDT"));
        Assert.That(Formats.Currency(new Asset("asset-7", "", "")), Is.EqualTo("asset-7"));
        Assert.That(Formats.Currency(null), Is.Null);
    }
}
