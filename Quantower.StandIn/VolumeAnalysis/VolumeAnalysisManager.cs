using TradingPlatform.BusinessLayer.Integration;

namespace TradingPlatform.BusinessLayer;

/// <summary>
/// <see cref="Core.VolumeAnalysis"/>. A bar's VolumeAnalysisData is filled only after a calculation is requested; when
/// volume analysis is not available the returned progress is already Finished and the bars keep null.
/// </summary>
public class VolumeAnalysisManager
{
    private readonly object sync = new();
    private readonly Dictionary<(string ConnectionId, string SymbolId, long TicksLeft), VolumeAnalysisData> source = [];
    private readonly List<VolumeAnalysisCalculationProgress> started = [];

    internal VolumeAnalysisManager()
    {
    }

    public IVolumeAnalysisCalculationProgress CalculateProfile(HistoricalData historicalData) =>
        this.CalculateProfile(historicalData, new VolumeAnalysisCalculationParameters());

    public IVolumeAnalysisCalculationProgress CalculateProfile(HistoricalData historicalData, VolumeAnalysisCalculationParameters calculationParameters)
    {
        calculationParameters ??= new VolumeAnalysisCalculationParameters();
        var available = historicalData?.Symbol?.VolumeAnalysisMetadata?.VolumeAnalysisAvailability == VolumeAnalysisAvailability.Available;
        var progress = new VolumeAnalysisCalculationProgress(historicalData, calculationParameters);
        if (!available)
        {
            progress.FinishWithoutData();
            return progress;
        }

        historicalData.Track(progress);
        lock (this.sync)
        {
            this.started.Add(progress);
        }

        progress.Start(this.Calculate);
        return progress;
    }

    /// <summary>
    /// Stand-in only: a bar a live tick just opened on <paramref name="historicalData"/>. Once a calculation was
    /// requested on that history, live bars carry volume analysis too: the data provided for the bar's start.
    /// </summary>
    internal void AttachLive(HistoricalData historicalData, IHistoryItem bar, IHistoryItem previous)
    {
        var symbol = historicalData.Symbol;
        if (symbol == null || !historicalData.HasVolumeAnalysis)
        {
            return;
        }

        VolumeAnalysisData data;
        lock (this.sync)
        {
            this.source.TryGetValue((symbol.ConnectionId, symbol.Id, bar.TicksLeft), out data);
        }

        if (data != null)
        {
            data.TimeLeft = bar.TimeLeft;
            data.Total ??= new VolumeAnalysisItem();
            data.Total.CumulativeDeltaBefore = previous?.VolumeAnalysisData?.Total?.CumulativeDelta ?? 0;
            bar.VolumeAnalysisData = data;
        }
    }

    /// <summary>Stand-in only: waits until every calculation requested so far has finished (its handlers included).</summary>
    internal void WaitForCalculations()
    {
        VolumeAnalysisCalculationProgress[] pending;
        lock (this.sync)
        {
            pending = [.. this.started];
            this.started.Clear();
        }

        foreach (var progress in pending)
        {
            progress.Wait();
        }
    }

    /// <summary>Stand-in only: the volume analysis a calculation will find for the bar that starts at <paramref name="timeLeft"/>.</summary>
    internal void Provide(Symbol symbol, DateTime timeLeft, VolumeAnalysisData data)
    {
        lock (this.sync)
        {
            this.source[(symbol.ConnectionId, symbol.Id, timeLeft.Ticks)] = data;
        }
    }

    private void Calculate(HistoricalData historicalData, VolumeAnalysisCalculationParameters parameters, VolumeAnalysisCalculationProgress progress)
    {
        var bars = historicalData.Snapshot();
        var symbol = historicalData.Symbol;
        var cumulative = 0.0;
        for (var i = 0; i < bars.Length && !progress.IsAborted; i++)
        {
            VolumeAnalysisData data;
            lock (this.sync)
            {
                this.source.TryGetValue((symbol.ConnectionId, symbol.Id, bars[i].TicksLeft), out data);
            }

            if (data != null)
            {
                data.TimeLeft = bars[i].TimeLeft;
                data.Total ??= new VolumeAnalysisItem();
                data.Total.CumulativeDeltaBefore = cumulative;
                cumulative += data.Total.Delta;
                if (!parameters.CalculatePriceLevels)
                {
                    data.PriceLevels = [];
                }
            }

            bars[i].VolumeAnalysisData = data;
            progress.Report((i + 1) * 100 / bars.Length);
        }
    }
}
