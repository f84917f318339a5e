using TradingPlatform.BusinessLayer.Integration;

namespace TradingPlatform.BusinessLayer.StandIn;

/// <summary>Test controls for volume analysis: what a calculation finds, availability, live updates.</summary>
public static class StandInVolumeAnalysis
{
    /// <summary>
    /// The data a calculation attaches to the bar of <paramref name="symbol"/> that starts at <paramref name="timeLeftUtc"/>,
    /// and that a live bar opened by <see cref="StandInHistory.PushTick"/> at that time carries once calculated.
    /// </summary>
    public static void Provide(Symbol symbol, DateTime timeLeftUtc, VolumeAnalysisData data)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        Core.Instance.VolumeAnalysis.Provide(symbol, timeLeftUtc, data);
    }

    /// <summary>
    /// Waits until every calculation requested so far has finished, its StateChanged handlers included (calculations
    /// run on the thread pool, as in the platform).
    /// </summary>
    public static void WaitForCalculations() => Core.Instance.VolumeAnalysis.WaitForCalculations();

    /// <summary>Per-symbol availability, overriding the connection's (see <see cref="StandInConnection.SetVolumeAnalysis"/>).</summary>
    public static void SetAvailability(Symbol symbol, VolumeAnalysisAvailability availability)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        symbol.OwnVolumeAnalysisMetadata = new VolumeAnalysisMetadata { VolumeAnalysisAvailability = availability };
    }

    /// <summary>
    /// A live change of the forming bar's volume analysis: <paramref name="update"/> runs on [0]'s data, then
    /// VolumeAnalysisData.ItemUpdated (for <paramref name="price"/>) and HistoryItemVolumeAnalysisUpdated are raised, on
    /// the symbol's connection thread like the other live bar events; the control waits for them.
    /// </summary>
    public static void UpdateCurrentBar(HistoricalData historicalData, double price, Action<VolumeAnalysisData> update)
    {
        ArgumentNullException.ThrowIfNull(historicalData);
        StandInHistory.OnConnectionThread(historicalData.Symbol, () => UpdateLive(historicalData, price, update));
    }

    private static void UpdateLive(HistoricalData historicalData, double price, Action<VolumeAnalysisData> update)
    {
        var data = historicalData[0].VolumeAnalysisData ?? throw new InvalidOperationException("The current bar has no volume analysis; request a calculation first.");
        update(data);
        data.PriceLevels.TryGetValue(price, out var level);
        data.RaiseItemUpdated(price, level ?? data.Total);
        historicalData.RaiseVolumeAnalysisUpdated();
    }
}
