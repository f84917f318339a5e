namespace QuantowerRecorder.Storage.Queries;

/// <summary>Reads the bars a run recorded.</summary>
public interface IMarketDataReader
{
    /// <summary>The run's bar series, by symbol and timeframe.</summary>
    IReadOnlyList<RecordedSeries> Series(string runId);

    /// <summary>
    /// The bars of one series in time order; <paramref name="timeframe"/> null means every timeframe of the symbol
    /// (by timeframe, then time). Symbol and timeframe are matched exactly as stored.
    /// </summary>
    IReadOnlyList<BarRow> Bars(string runId, string symbol, string? timeframe = null);
}
