using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;
using QuantowerRecorder.Server.Api;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Server.Reading;

/// <summary>
/// GET endpoints on Storage's public read API (<see cref="RecorderStore.OpenRead"/>, one reader per request): the
/// design's paths as written (strategies, instances, runs of an instance, a run with its metrics, executions, bars)
/// and what the page needs (runs with filters and paging, orders, trades, equity, buy-and-hold, OCO groups, instance
/// comparison). They only read: the store opens the file query_only.
/// </summary>
internal static class ReadEndpoints
{
    private static readonly Dictionary<string, RunSort> Sorts = new(StringComparer.Ordinal)
    {
        ["start_utc"] = RunSort.Start, ["net_pnl"] = RunSort.NetPnl, ["trade_count"] = RunSort.TradeCount,
        ["sharpe"] = RunSort.Sharpe, ["max_drawdown"] = RunSort.MaxDrawdown, ["win_rate"] = RunSort.WinRate,
    };

    /// <summary>The key metrics the runs list carries beside what the run summary holds.</summary>
    private static readonly string[] ListMetrics = ["total_return_pct", "sharpe", "max_drawdown_pct", "win_rate", "profit_factor"];

    public static void Map(IEndpointRouteBuilder app, Func<IRecorderReader> open, JsonSerializerOptions json)
    {
        IResult Read(Func<IRecorderReader, IResult> read)
        {
            using var reader = open();
            return read(reader);
        }

        JsonNode Node<T>(T value) => JsonSerializer.SerializeToNode(value, json)!;

        app.MapGet("/api/strategies/", () => Read(r => TypedResults.Json(r.Catalog.Strategies(), json)));
        app.MapGet("/api/strategies/{id}", (string id) => Read(r =>
            r.Catalog.Strategies().FirstOrDefault(s => s.StrategyId == id) is { } s
                ? TypedResults.Json(s, json)
                : Problems.NotFound("strategy", id, $"no strategy '{id}' in this file (GET /api/strategies/ lists them)")));
        app.MapGet("/api/strategies/{id}/instances", (string id) => Read(r =>
            r.Catalog.Strategies().Any(s => s.StrategyId == id)
                ? TypedResults.Json(r.Catalog.Instances().Where(i => i.StrategyId == id).ToList(), json)
                : Problems.NotFound("strategy", id, $"no strategy '{id}' in this file")));
        app.MapGet("/api/runs/", (HttpRequest request) => Read(r => Runs(request, r, Node)));
        app.MapGet("/api/runs/instance/{instance_id}", (string instance_id) => Read(r =>
            r.Catalog.Instance(instance_id) is null
                ? Problems.NotFound("instance", instance_id, $"no instance '{instance_id}' in this file")
                : TypedResults.Json(r.Runs.List(new RunQuery { InstanceId = instance_id }).Runs, json)));
        app.MapGet("/api/runs/{run_id}", (string run_id) => Read(r =>
        {
            if (r.Runs.Detail(run_id) is not { } detail)
            {
                return UnknownRun(run_id);
            }

            var run = Node(detail.Run).AsObject();
            run["currency"] = Currency(r, [run_id]);
            run["instruments"] = Node(detail.Instruments);
            run["metrics"] = Node(detail.Metrics);
            run["notes"] = Node(detail.Notes.Notes);
            run["series"] = Node(r.MarketData.Series(run_id));
            return TypedResults.Json(run, json);
        }));
        app.MapGet("/api/runs/{run_id}/orders", (string run_id) => Read(r => WithRun(r, run_id, () => TypedResults.Json(r.Trading.Orders(run_id), json))));
        app.MapGet("/api/runs/{run_id}/trades", (string run_id) => Read(r => WithRun(r, run_id, () => TypedResults.Json(r.Trading.Trades(run_id), json))));
        app.MapGet("/api/runs/{run_id}/equity", (string run_id) => Read(r => WithRun(r, run_id, () => TypedResults.Json(r.Performance.Equity(run_id), json))));
        app.MapGet("/api/runs/{run_id}/benchmark", (string run_id) => Read(r => WithRun(r, run_id, () => TypedResults.Json(BenchmarkView.Of(r, run_id), json))));
        app.MapGet("/api/runs/{run_id}/oco", (string run_id) => Read(r => WithRun(r, run_id, () => TypedResults.Json(OcoView.Of(r, run_id), json))));
        app.MapGet("/api/executions/run/{run_id}", (string run_id) => Read(r => WithRun(r, run_id, () => TypedResults.Json(r.Trading.Executions(run_id), json))));
        app.MapGet("/api/bars/", (HttpRequest request) => Read(r => Bars(request, r, json)));
        app.MapGet("/api/compare/instances", (string? strategy) => Read(r => TypedResults.Json(Comparison(r, strategy), json)));
    }

    private static IResult WithRun(IRecorderReader reader, string runId, Func<IResult> read) =>
        reader.Runs.Get(runId) is null ? UnknownRun(runId) : read();

    private static IResult UnknownRun(string runId) =>
        Problems.NotFound("run", runId, $"no run '{runId}' in this file (GET /api/runs/ lists them)");

    private static string? Currency(IRecorderReader reader, IReadOnlyList<string> runIds) =>
        reader.Performance.Currencies(runIds) switch { [] => null, [var one] => one, _ => "MIXED" };

    private static IResult Runs(HttpRequest request, IRecorderReader reader, Func<object, JsonNode> node)
    {
        var q = request.Query;
        var sort = q["sort"].ToString();
        if (sort.Length > 0 && !Sorts.ContainsKey(sort))
        {
            return Problems.BadQuery("sort", "sort by one of: " + string.Join(", ", Sorts.Keys));
        }

        var order = q["order"].ToString();
        if (order.Length > 0 && order is not ("asc" or "desc"))
        {
            return Problems.BadQuery("order", "order is asc or desc");
        }

        if (!TryInt(q["limit"], 100, 1, 1000, out var limit))
        {
            return Problems.BadQuery("limit", "limit is a whole number from 1 to 1000");
        }

        if (!TryInt(q["offset"], 0, 0, int.MaxValue, out var offset))
        {
            return Problems.BadQuery("offset", "offset is a whole number, 0 or more");
        }

        if (!TryDate(q["from"], out var from))
        {
            return Problems.BadQuery("from", "from is a date or time in ISO-8601, UTC (2026-01-31 or 2026-01-31T12:00:00Z)");
        }

        if (!TryDate(q["to"], out var to))
        {
            return Problems.BadQuery("to", "to is a date or time in ISO-8601, UTC (2026-01-31 or 2026-01-31T12:00:00Z)");
        }

        var page = reader.Runs.List(new RunQuery
        {
            Strategy = Text(q["strategy"]), Instance = Text(q["instance"]), RunType = Text(q["type"]), Status = Text(q["status"]),
            SinceUtc = from, UntilUtc = to, Sort = sort.Length > 0 ? Sorts[sort] : RunSort.Start, Descending = order != "asc",
            Limit = limit, Offset = offset,
        });
        var items = new JsonArray();
        foreach (var run in page.Runs)
        {
            var item = node(run).AsObject();
            var metrics = reader.Performance.Metrics(run.RunId);
            foreach (var key in ListMetrics)
            {
                item[key] = metrics.FirstOrDefault(m => m.Key == key)?.Value;
            }

            item["currency"] = Currency(reader, [run.RunId]);
            items.Add(item);
        }

        return TypedResults.Json(new JsonObject { ["total"] = page.Total, ["limit"] = limit, ["offset"] = offset, ["items"] = items });
    }

    private static IResult Bars(HttpRequest request, IRecorderReader reader, JsonSerializerOptions json)
    {
        var runId = Text(request.Query["run_id"]);
        if (runId is null)
        {
            return Problems.BadQuery("run_id", "run_id is required: GET /api/bars/?run_id=…&symbol=…");
        }

        if (reader.Runs.Get(runId) is null)
        {
            return UnknownRun(runId);
        }

        var symbol = Text(request.Query["symbol"]);
        var timeframe = Text(request.Query["timeframe"]);
        var all = reader.MarketData.Series(runId);
        var series = all
            .Where(s => symbol is null || string.Equals(s.Symbol, symbol, StringComparison.OrdinalIgnoreCase))
            .Where(s => timeframe is null || string.Equals(s.Timeframe, timeframe, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var available = all.Count > 0 ? string.Join(", ", all.Select(s => $"{s.Symbol} {s.Timeframe}")) : "none";
        if (series.Count != 1)
        {
            return series.Count == 0
                ? Problems.Status(StatusCodes.Status404NotFound, "No such series", $"run {runId} has no bars of {symbol} {timeframe}".TrimEnd() + $"; it has: {available}")
                : Problems.BadQuery(symbol is null ? "symbol" : "timeframe", $"run {runId} has several series ({available}): choose one with symbol (and timeframe)");
        }

        var chosen = series[0];
        return TypedResults.Json(new
        {
            RunId = runId, chosen.Symbol, chosen.Timeframe, chosen.HasVolumetric,
            Bars = reader.MarketData.Bars(runId, chosen.Symbol, chosen.Timeframe),
        }, json);
    }

    /// <summary>
    /// Parameter sets over their runs, backtests and forward runs (live, paper, replay) apart: the store's instance
    /// aggregate (money summed, pooled trades, worst drawdown) of each phase's runs, as `recorder compare` shows it.
    /// </summary>
    private static List<InstancePhase> Comparison(IRecorderReader reader, string? strategy)
    {
        var rows = new List<InstancePhase>();
        foreach (var instance in reader.Catalog.Instances(strategy))
        {
            var runs = reader.Runs.List(new RunQuery { InstanceId = instance.InstanceId }).Runs;
            foreach (var phase in runs.GroupBy(r => r.RunType == "BACKTEST" ? "BACKTEST" : "FORWARD").OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var ids = phase.Select(r => r.RunId).ToList();
                rows.Add(new InstancePhase(instance.InstanceId, instance.StrategyName, instance.InstanceName, instance.ParametersJson, instance.Symbol,
                    instance.Timeframe, phase.Key, ids, Currency(reader, ids), reader.Performance.Aggregate(ids)));
            }
        }

        return rows;
    }

    private static string? Text(StringValues value) => string.IsNullOrWhiteSpace(value.ToString()) ? null : value.ToString().Trim();

    private static bool TryInt(StringValues value, int fallback, int min, int max, out int result)
    {
        result = fallback;
        var text = value.ToString();
        return text.Length == 0 || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out result) && result >= min && result <= max);
    }

    private static bool TryDate(StringValues value, out DateTime? result)
    {
        result = null;
        var text = value.ToString();
        if (text.Length == 0)
        {
            return true;
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            result = parsed;
            return true;
        }

        return false;
    }
}

/// <summary>One parameter set in one phase (BACKTEST or FORWARD) with its runs and their aggregate metrics.</summary>
internal sealed record InstancePhase(
    string InstanceId, string? Strategy, string? InstanceName, string? ParametersJson, string? Symbol, string? Timeframe,
    string Phase, IReadOnlyList<string> RunIds, string? Currency, IReadOnlyList<MetricValue> Metrics);
