namespace QuantowerRecorder.Storage.Queries;

/// <summary>Reads what a run traded. An unknown run id gives empty lists.</summary>
public interface ITradingReader
{
    /// <summary>The run's orders (newest state of each) by submit time and id.</summary>
    IReadOnlyList<OrderRow> Orders(string runId);

    /// <summary>The run's OCO groups with their linked orders, by creation time.</summary>
    IReadOnlyList<OcoGroup> OcoGroups(string runId);

    /// <summary>The run's fills, in time order (ties in arrival order).</summary>
    IReadOnlyList<ExecutionRow> Executions(string runId);

    /// <summary>The run's stored trades: closed ones by number, then positions still open at its end.</summary>
    IReadOnlyList<TradeRow> Trades(string runId);
}
