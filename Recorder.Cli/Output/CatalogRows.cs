using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Output;

/// <summary>The read API's records as the rows `strategies`, `instances`, `executions` and `bars` print (and --json writes).</summary>
internal static class CatalogRows
{
    public static RowSet Strategies(IEnumerable<StrategySummary> strategies) => RowSet.Of(strategies,
        ["strategy_id", "name", "version", "vendor", "source_ref", "created_utc", "instances", "runs", "last_run_utc"],
        s => [s.StrategyId, s.Name, s.Version, s.Vendor, s.SourceRef, s.CreatedUtc, s.Instances, s.Runs, s.LastRunUtc]);

    public static RowSet Instances(IEnumerable<InstanceSummary> instances) => RowSet.Of(instances,
        ["instance_id", "strategy_id", "strategy_name", "instance_name", "parameters_json", "symbol", "symbols_json", "timeframe",
         "account_id", "config_hash", "created_utc", "runs", "net_pnl"],
        i => [i.InstanceId, i.StrategyId, i.StrategyName, i.InstanceName, i.ParametersJson, i.Symbol, i.SymbolsJson, i.Timeframe,
              i.AccountId, i.ConfigHash, i.CreatedUtc, i.Runs, i.NetPnl]);

    public static RowSet Executions(IEnumerable<ExecutionRow> executions) => RowSet.Of(executions,
        ["execution_id", "order_id", "exec_utc", "symbol", "account_id", "side", "quantity", "price", "fee", "fee_currency",
         "liquidity", "position_impact"],
        x => [x.ExecutionId, x.OrderId, x.ExecUtc, x.Symbol, x.AccountId, x.Side, x.Quantity, x.Price, x.Fee, x.FeeCurrency,
              x.Liquidity, x.PositionImpact]);

    public static RowSet Bars(IEnumerable<BarRow> bars) => RowSet.Of(bars,
        ["symbol", "timeframe", "ts_utc", "open", "high", "low", "close", "volume"],
        b => [b.Symbol, b.Timeframe, b.TsUtc, b.Open, b.High, b.Low, b.Close, b.Volume]);
}
