using NUnit.Framework;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.Integration;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Tests.StandIn;

[TestFixture]
public sealed class VolumeAnalysisTests : PlatformTestBase
{
    private static readonly DateTime T0 = new(2024, 3, 1, 14, 30, 0, DateTimeKind.Utc);

    private HistoricalData TwoBarsWithVolumeAnalysis()
    {
        this.Broker.SetHistory(this.Symbol, Period.MIN1, [StandInHistory.Bar(T0, Period.MIN1, 1, 2, 0.5, 1.5, 10), StandInHistory.Bar(T0.AddMinutes(1), Period.MIN1, 1.5, 2, 1, 1.75, 8)]);
        StandInVolumeAnalysis.Provide(this.Symbol, T0, Data(buy: 7, sell: 3, levels: (1.5, 6)));
        StandInVolumeAnalysis.Provide(this.Symbol, T0.AddMinutes(1), Data(buy: 2, sell: 6, levels: (1.75, 8)));
        return this.Symbol.GetHistory(Period.MIN1, T0);
    }

    private static VolumeAnalysisData Data(double buy, double sell, (double Price, double Volume) levels) =>
        new()
        {
            Total = new VolumeAnalysisItem { Volume = buy + sell, BuyVolume = buy, SellVolume = sell, Trades = 4 },
            PriceLevels = new Dictionary<double, VolumeAnalysisItem> { [levels.Price] = new() { Volume = levels.Volume } },
        };

    [Test]
    public void Without_availability_the_progress_is_already_Finished_and_bars_keep_null()
    {
        var hd = this.TwoBarsWithVolumeAnalysis();

        var progress = Core.VolumeAnalysis.CalculateProfile(hd);

        Assert.That(progress.State, Is.EqualTo(VolumeAnalysisCalculationState.Finished));
        Assert.That(hd.Select(b => b.VolumeAnalysisData), Has.All.Null);
    }

    [Test]
    public void When_available_the_calculation_fills_every_bar_and_Delta_is_buy_minus_sell()
    {
        this.Broker.SetVolumeAnalysis(VolumeAnalysisAvailability.Available);
        var hd = this.TwoBarsWithVolumeAnalysis();
        Assert.That(hd[0].VolumeAnalysisData, Is.Null, "data arrives only after a calculation is requested");

        var progress = hd.CalculateVolumeProfile(new VolumeAnalysisCalculationParameters());
        progress.Wait();

        Assert.That(progress.State, Is.EqualTo(VolumeAnalysisCalculationState.Finished));
        var closed = hd[1].VolumeAnalysisData!;
        var forming = hd[0].VolumeAnalysisData!;
        Assert.That(closed.Total.Delta, Is.EqualTo(4));
        Assert.That(forming.Total.CumulativeDelta, Is.EqualTo(0), "4 from the first bar plus -4");
        Assert.That(closed.Total.AverageSize, Is.EqualTo(2.5));
        Assert.That(closed.PriceLevels.MaxBy(kv => kv.Value.Volume).Key, Is.EqualTo(1.5), "POC is computed from PriceLevels");
    }

    [Test]
    public void Disposing_the_progress_sets_the_bars_back_to_null()
    {
        this.Broker.SetVolumeAnalysis(VolumeAnalysisAvailability.Available);
        var hd = this.TwoBarsWithVolumeAnalysis();
        var progress = Core.VolumeAnalysis.CalculateProfile(hd);
        progress.Wait();

        progress.Dispose();

        Assert.That(hd.Select(b => b.VolumeAnalysisData), Has.All.Null);
    }

    [Test]
    public void Symbol_availability_falls_back_to_the_connection()
    {
        Assert.That(this.Symbol.VolumeAnalysisMetadata, Is.Null);
        this.Broker.SetVolumeAnalysis(VolumeAnalysisAvailability.Available);
        Assert.That(this.Symbol.VolumeAnalysisMetadata!.VolumeAnalysisAvailability, Is.EqualTo(VolumeAnalysisAvailability.Available));

        StandInVolumeAnalysis.SetAvailability(this.Symbol, VolumeAnalysisAvailability.NotAvailable);

        Assert.That(this.Symbol.VolumeAnalysisMetadata.VolumeAnalysisAvailability, Is.EqualTo(VolumeAnalysisAvailability.NotAvailable));
        Assert.That(new VolumeAnalysisMetadata().VolumeAnalysisAvailability, Is.EqualTo(VolumeAnalysisAvailability.NotAvailable));
    }

    [Test]
    public void Without_price_levels_the_dictionary_is_empty()
    {
        this.Broker.SetVolumeAnalysis(VolumeAnalysisAvailability.Available);
        var hd = this.TwoBarsWithVolumeAnalysis();

        Core.VolumeAnalysis.CalculateProfile(hd, new VolumeAnalysisCalculationParameters { CalculatePriceLevels = false }).Wait();

        Assert.That(hd[0].VolumeAnalysisData!.PriceLevels, Is.Empty);
    }

    [Test]
    public void A_live_volume_change_raises_ItemUpdated_and_HistoryItemVolumeAnalysisUpdated()
    {
        this.Broker.SetVolumeAnalysis(VolumeAnalysisAvailability.Available);
        var hd = this.TwoBarsWithVolumeAnalysis();
        Core.VolumeAnalysis.CalculateProfile(hd).Wait();
        var events = new List<string>();
        hd[0].VolumeAnalysisData!.ItemUpdated += (_, e) => events.Add("ItemUpdated " + e.Price.ToString(System.Globalization.CultureInfo.InvariantCulture));
        hd.HistoryItemVolumeAnalysisUpdated += () => events.Add("HistoryItemVolumeAnalysisUpdated");

        StandInVolumeAnalysis.UpdateCurrentBar(hd, 1.75, d => d.PriceLevels[1.75].Volume += 1);

        Assert.That(events, Is.EqualTo(new[] { "ItemUpdated 1.75", "HistoryItemVolumeAnalysisUpdated" }));
    }

    [Test]
    public void Once_calculated_a_bar_opened_by_a_live_tick_carries_the_data_provided_for_it()
    {
        this.Broker.SetVolumeAnalysis(VolumeAnalysisAvailability.Available);
        var hd = this.TwoBarsWithVolumeAnalysis();
        StandInVolumeAnalysis.Provide(this.Symbol, T0.AddMinutes(2), Data(buy: 5, sell: 1, levels: (1.25, 4)));
        var finished = 0;
        var progress = Core.VolumeAnalysis.CalculateProfile(hd);
        progress.StateChanged += (_, e) => finished += e.CalculationState == VolumeAnalysisCalculationState.Finished ? 1 : 0;
        StandInVolumeAnalysis.WaitForCalculations();
        Assert.That(progress.State, Is.EqualTo(VolumeAnalysisCalculationState.Finished));

        StandInHistory.PushTick(this.Symbol, T0.AddMinutes(2).AddSeconds(5), 1.25);
        StandInHistory.PushTick(this.Symbol, T0.AddMinutes(3).AddSeconds(5), 1.5);

        var live = hd[1].VolumeAnalysisData!;
        Assert.That(live.Total.Delta, Is.EqualTo(4));
        Assert.That(live.Total.CumulativeDelta, Is.EqualTo(4), "4 and -4 from the calculated bars, then 4");
        Assert.That(hd[0].VolumeAnalysisData, Is.Null, "nothing was provided for the bar at T0+3");
    }

    [Test]
    public void Without_a_calculation_a_bar_opened_by_a_live_tick_has_no_volume_analysis()
    {
        this.Broker.SetVolumeAnalysis(VolumeAnalysisAvailability.Available);
        var hd = this.TwoBarsWithVolumeAnalysis();
        StandInVolumeAnalysis.Provide(this.Symbol, T0.AddMinutes(2), Data(buy: 5, sell: 1, levels: (1.25, 4)));

        StandInHistory.PushTick(this.Symbol, T0.AddMinutes(2).AddSeconds(5), 1.25);

        Assert.That(hd[0].VolumeAnalysisData, Is.Null);
    }

    [Test]
    public void MinDelta_and_MaxDelta_start_at_the_extremes_and_read_as_zero_until_set()
    {
        var item = new VolumeAnalysisItem();

        Assert.That((item.MinDelta, item.MaxDelta), Is.EqualTo((double.MaxValue, double.MinValue)));
        Assert.That(item.GetValue(VolumeAnalysisField.MinDelta), Is.Zero);
        Assert.That(item.GetValue(VolumeAnalysisField.MaxDelta), Is.Zero);
        item.MinDelta = -3;
        Assert.That(item.GetValue(VolumeAnalysisField.MinDelta), Is.EqualTo(-3));
    }

    [Test]
    public void Computed_fields_follow_the_buy_and_sell_volumes()
    {
        var item = new VolumeAnalysisItem { Volume = 10, BuyVolume = 6, SellVolume = 4, Trades = 5, BuyTrades = 3, SellTrades = 2 };

        Assert.That(item.GetValue(VolumeAnalysisField.Delta), Is.EqualTo(2));
        Assert.That(item.BuyVolumePercent, Is.EqualTo(60));
        Assert.That(item.AverageBuySize, Is.EqualTo(2));
        Assert.That(item.AverageSellSize, Is.EqualTo(2));
    }
}
