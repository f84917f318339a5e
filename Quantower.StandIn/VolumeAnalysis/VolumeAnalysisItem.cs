namespace TradingPlatform.BusinessLayer;

/// <summary>
/// Volume figures of a bar (<see cref="VolumeAnalysisData.Total"/>) or of one price level. There is no POC member.
/// Percentages are 0..100; a ratio whose denominator is zero gives 0.
/// </summary>
public class VolumeAnalysisItem : IVolumeAnalysisItem
{
    public int Trades { get; set; }

    public int BuyTrades { get; set; }

    public int SellTrades { get; set; }

    public double Volume { get; set; }

    public double BuyVolume { get; set; }

    public double SellVolume { get; set; }

    public double MaxOneTradeVolume { get; set; }

    public double MinDelta { get; set; } = double.MaxValue;

    public double MaxDelta { get; set; } = double.MinValue;

    public double FilteredTotalVolume { get; private set; }

    public double FilteredBuyVolume { get; private set; }

    public double FilteredSellVolume { get; private set; }

    public double Delta => this.BuyVolume - this.SellVolume;

    public double DeltaPercent => Ratio(this.Delta, this.Volume) * 100;

    /// <summary>The running total over earlier bars plus <see cref="Delta"/>; meaningful on Total.</summary>
    public double CumulativeDelta => this.CumulativeDeltaBefore + this.Delta;

    public double BuyVolumePercent => Ratio(this.BuyVolume, this.Volume) * 100;

    public double SellVolumePercent => Ratio(this.SellVolume, this.Volume) * 100;

    public double AverageSize => Ratio(this.Volume, this.Trades);

    public double AverageBuySize => Ratio(this.BuyVolume, this.BuyTrades);

    public double AverageSellSize => Ratio(this.SellVolume, this.SellTrades);

    /// <summary>The delta at the end of the bar (equal to <see cref="Delta"/> once the bar is closed).</summary>
    public double DeltaFinish => this.Delta;

    internal double CumulativeDeltaBefore { get; set; }

    public double GetValue(VolumeAnalysisField field) => field switch
    {
        VolumeAnalysisField.Trades => this.Trades,
        VolumeAnalysisField.BuyTrades => this.BuyTrades,
        VolumeAnalysisField.SellTrades => this.SellTrades,
        VolumeAnalysisField.Volume => this.Volume,
        VolumeAnalysisField.BuyVolume => this.BuyVolume,
        VolumeAnalysisField.SellVolume => this.SellVolume,
        VolumeAnalysisField.BuySellVolume => this.BuyVolume + this.SellVolume,
        VolumeAnalysisField.FilteredVolume => this.FilteredTotalVolume,
        VolumeAnalysisField.FilteredBuyVolume => this.FilteredBuyVolume,
        VolumeAnalysisField.FilteredSellVolume => this.FilteredSellVolume,
        VolumeAnalysisField.MaxOneTradeVolume => this.MaxOneTradeVolume,
        VolumeAnalysisField.BuyVolumePercent => this.BuyVolumePercent,
        VolumeAnalysisField.SellVolumePercent => this.SellVolumePercent,
        VolumeAnalysisField.Delta => this.Delta,
        VolumeAnalysisField.DeltaPercent => this.DeltaPercent,
        VolumeAnalysisField.CumulativeDelta => this.CumulativeDelta,
        VolumeAnalysisField.FilteredTotalVolumePercent => Ratio(this.FilteredTotalVolume, this.Volume) * 100,
        VolumeAnalysisField.FilteredBuyVolumePercent => Ratio(this.FilteredBuyVolume, this.BuyVolume) * 100,
        VolumeAnalysisField.FilteredSellVolumePercent => Ratio(this.FilteredSellVolume, this.SellVolume) * 100,
        VolumeAnalysisField.MaxOneTradeVolumePercent => Ratio(this.MaxOneTradeVolume, this.Volume) * 100,
        VolumeAnalysisField.AverageSize => this.AverageSize,
        VolumeAnalysisField.AverageBuySize => this.AverageBuySize,
        VolumeAnalysisField.AverageSellSize => this.AverageSellSize,
        VolumeAnalysisField.MinDelta => this.MinDelta == double.MaxValue ? 0 : this.MinDelta,
        VolumeAnalysisField.MaxDelta => this.MaxDelta == double.MinValue ? 0 : this.MaxDelta,
        VolumeAnalysisField.DeltaFinish => this.DeltaFinish,
        _ => 0,
    };

    internal void SetFiltered(double total, double buy, double sell)
    {
        this.FilteredTotalVolume = total;
        this.FilteredBuyVolume = buy;
        this.FilteredSellVolume = sell;
    }

    private static double Ratio(double numerator, double denominator) => denominator == 0 ? 0 : numerator / denominator;
}
