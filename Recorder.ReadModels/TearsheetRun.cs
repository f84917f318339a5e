using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// What the tearsheet reads of one run, each once: its row with its metrics and analysis notes (<see cref="RunDetail"/>),
/// its equity curve and its trades as their routes answer them (<see cref="RunPaths.Equity"/>, <see cref="RunPaths.Trades"/>),
/// and its instruments' currencies. A saved report shares them with the records it stores beside the tearsheet.
/// </summary>
public sealed record TearsheetRun(RunDetail Detail, IReadOnlyList<EquityRow> Equity, IReadOnlyList<TradeRow> Trades, IReadOnlyList<string> Currencies)
{
    /// <summary>The run's, or null when the reader has no run of that id.</summary>
    public static TearsheetRun? Read(IRecorderReader reader, string runId)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.Runs.Detail(runId) is { } detail
            ? new TearsheetRun(detail, reader.Performance.Equity(runId), reader.Trading.Trades(runId), reader.Performance.Currencies([runId]))
            : null;
    }
}
