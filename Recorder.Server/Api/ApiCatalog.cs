using QuantowerRecorder.Server.Ingest;

namespace QuantowerRecorder.Server.Api;

/// <summary>
/// Every route the server maps, with what it does: the source of /openapi.json. A test checks that the two agree
/// (every mapped route is described here and every route described here is mapped).
/// </summary>
internal static class ApiCatalog
{
    public sealed record Route(string Method, string Path, string Summary, bool Ingest = false, IReadOnlyList<string>? Query = null);

    public static IReadOnlyList<Route> All { get; } = Build();

    private static List<Route> Build()
    {
        var routes = new List<Route>
        {
            new("GET", "/api/health", "Schema version, row counts and, with --ingest, the writer's counters."),
            new("GET", "/api/strategies/", "All strategies, with how many instances and runs each has."),
            new("GET", "/api/strategies/{id}", "One strategy."),
            new("GET", "/api/strategies/{id}/instances", "The parameter sets (instances) of one strategy."),
            new("GET", "/api/runs/", "Runs with their key metrics: filters, sort and paging.",
                Query: ["strategy", "instance", "type", "status", "from", "to", "sort", "order", "limit", "offset"]),
            new("GET", "/api/runs/instance/{instance_id}", "The runs of one instance, oldest first."),
            new("GET", "/api/runs/{run_id}", "One run with its metrics, instruments and series."),
            new("GET", "/api/runs/{run_id}/orders", "The run's orders with fills, slippage and latency (v_orders)."),
            new("GET", "/api/runs/{run_id}/trades", "The run's round trips (v_trades)."),
            new("GET", "/api/runs/{run_id}/equity", "The run's equity and drawdown curve."),
            new("GET", "/api/runs/{run_id}/benchmark", "Buy-and-hold of the run's recorded bars: return, correlation, beta and the initial balance held over them."),
            new("GET", "/api/runs/{run_id}/oco", "The run's OCO groups and their legs with prices and lifetimes."),
            new("GET", "/api/executions/run/{run_id}", "The run's fills, in time order."),
            new("GET", "/api/bars/", "The bars of one series of a run (candles for charts).", Query: ["run_id", "symbol", "timeframe"]),
            new("GET", "/api/compare/instances", "Parameter sets compared, backtest and forward runs apart (v_instance_comparison).", Query: ["strategy"]),
            new("GET", "/api/metrics/definitions", "Each run metric's definition, as docs/metrics.md gives it."),
            new("GET", "/openapi.json", "This description."),
            new("POST", "/api/ingest/batch", "Events as JSON lines (docs/events.md), all or none; 202 queued, 200 committed with ?wait=true.", Ingest: true, Query: ["wait"]),
        };
        routes.AddRange(IngestKinds.EventTypeOfPath.Select(k => new Route("POST", "/api/ingest/event/" + k.Key,
            $"One {k.Value} event (docs/events.md); 202 queued, 200 committed with ?wait=true.", Ingest: true, Query: ["wait"])));
        return routes;
    }
}
