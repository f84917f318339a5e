using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// The rows the page asks of one run, path by path: the server answers each route with <see cref="Route.Read"/>,
/// and a saved report stores the same record under the same path (<see cref="PageSnapshot"/>), so the two cannot differ.
/// </summary>
public static class RunPaths
{
    /// <summary>A route of one run: its template (with <c>{run_id}</c>), the record it answers with, what it is, how it is read.</summary>
    public sealed record Route(string Template, Type Answer, string Summary, Func<IRecorderReader, string, object> Read)
    {
        /// <summary>The path of <paramref name="runId"/>'s record, as the page writes it (encodeURIComponent).</summary>
        public string Path(string runId) => Template.Replace("{run_id}", Uri.EscapeDataString(runId), StringComparison.Ordinal);
    }

    public static Route Orders { get; } = new("/api/runs/{run_id}/orders", typeof(IReadOnlyList<OrderRow>),
        "The run's orders with fills, slippage and latency (v_orders).", (r, id) => r.Trading.Orders(id));

    public static Route Trades { get; } = new("/api/runs/{run_id}/trades", typeof(IReadOnlyList<TradeRow>),
        "The run's round trips (v_trades).", (r, id) => r.Trading.Trades(id));

    public static Route Equity { get; } = new("/api/runs/{run_id}/equity", typeof(IReadOnlyList<EquityRow>),
        "The run's equity and drawdown curve.", (r, id) => r.Performance.Equity(id));

    public static Route Benchmark { get; } = new("/api/runs/{run_id}/benchmark", typeof(BenchmarkView.View),
        "Buy-and-hold of the run's recorded bars: return, correlation, beta and the initial balance held over them.", BenchmarkView.Of);

    public static Route Oco { get; } = new("/api/runs/{run_id}/oco", typeof(IReadOnlyList<OcoView.GroupView>),
        "The run's OCO groups and their legs with prices and lifetimes.", OcoView.Of);

    public static Route Executions { get; } = new("/api/executions/run/{run_id}", typeof(IReadOnlyList<ExecutionRow>),
        "The run's fills, in time order.", (r, id) => r.Trading.Executions(id));

    /// <summary>The runs of one instance, oldest first (GET /api/runs/instance/{instance_id}).</summary>
    public static IReadOnlyList<RunRecord> InstanceRuns(IRecorderReader reader, string instanceId) =>
        RunRecord.Of(reader, reader.Runs.List(new RunQuery { InstanceId = instanceId }).Runs);

    /// <summary>Every route of one run's rows.</summary>
    public static IReadOnlyList<Route> All { get; } = [Orders, Trades, Equity, Benchmark, Oco, Executions];
}
