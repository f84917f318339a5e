using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using QuantowerRecorder.Server.Api;

namespace QuantowerRecorder.Server.Reading;

/// <summary>
/// GET endpoints: the design's paths as written (strategies, instances, runs of an instance, a run with its metrics,
/// executions, bars) and what the page needs (runs with filters and paging, orders, trades, equity, OCO groups,
/// series, instance comparison). They only read: the store opens the file query_only.
/// </summary>
internal static class ReadEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ReadStore store)
    {
        app.MapGet("/api/strategies/", () => TypedResults.Json(store.Strategies()));
        app.MapGet("/api/strategies/{id}", (string id) =>
            store.Strategy(id) is { } s ? TypedResults.Json(s) : Problems.NotFound("strategy", id, $"no strategy '{id}' in this file (GET /api/strategies/ lists them)"));
        app.MapGet("/api/strategies/{id}/instances", (string id) =>
            store.Strategy(id) is null ? Problems.NotFound("strategy", id, $"no strategy '{id}' in this file") : TypedResults.Json(store.Instances(id)));
        app.MapGet("/api/runs/", (HttpRequest request) => Runs(request, store));
        app.MapGet("/api/runs/instance/{instance_id}", (string instance_id) =>
            store.InstanceExists(instance_id) ? TypedResults.Json(store.RunsOfInstance(instance_id)) : Problems.NotFound("instance", instance_id, $"no instance '{instance_id}' in this file"));
        app.MapGet("/api/runs/{run_id}", (string run_id) => WithRun(store, run_id, run =>
        {
            run["metrics"] = store.Metrics(run_id);
            run["instruments"] = store.Instruments(run_id);
            run["series"] = store.Series(run_id);
            return run;
        }));
        app.MapGet("/api/runs/{run_id}/orders", (string run_id) => WithRun(store, run_id, _ => store.Orders(run_id)));
        app.MapGet("/api/runs/{run_id}/trades", (string run_id) => WithRun(store, run_id, _ => store.Trades(run_id)));
        app.MapGet("/api/runs/{run_id}/equity", (string run_id) => WithRun(store, run_id, _ => store.Equity(run_id)));
        app.MapGet("/api/runs/{run_id}/oco", (string run_id) => WithRun(store, run_id, _ => new Dictionary<string, object?>
        {
            ["groups"] = store.OcoGroups(run_id),
            ["legs"] = store.OcoLegs(run_id),
        }));
        app.MapGet("/api/executions/run/{run_id}", (string run_id) => WithRun(store, run_id, _ => store.Executions(run_id)));
        app.MapGet("/api/bars/", (HttpRequest request) => Bars(request, store));
        app.MapGet("/api/compare/instances", (string? strategy) => TypedResults.Json(store.InstanceComparison(strategy)));
    }

    private static IResult WithRun<T>(ReadStore store, string runId, Func<IDictionary<string, object?>, T> read) =>
        store.Run(runId) is { } run
            ? TypedResults.Json(read(run))
            : Problems.NotFound("run", runId, $"no run '{runId}' in this file (GET /api/runs/ lists them)");

    private static IResult Runs(HttpRequest request, ReadStore store)
    {
        var q = request.Query;
        var sort = q["sort"].ToString();
        if (sort.Length > 0 && !RunQuery.SortColumns.Contains(sort))
        {
            return Problems.BadQuery("sort", "sort by one of: " + string.Join(", ", RunQuery.SortColumns));
        }

        var order = q["order"].ToString();
        if (order.Length > 0 && order is not ("asc" or "desc"))
        {
            return Problems.BadQuery("order", "order is asc or desc");
        }

        if (!TryInt(q["limit"], 100, 1, RunQuery.MaxLimit, out var limit))
        {
            return Problems.BadQuery("limit", $"limit is a whole number from 1 to {RunQuery.MaxLimit}");
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

        var query = new RunQuery
        {
            Strategy = Text(q["strategy"]), Instance = Text(q["instance"]), Type = Text(q["type"]), Status = Text(q["status"]),
            From = from, To = to, SortColumn = sort.Length > 0 ? sort : "start_utc", Descending = order != "asc", Limit = limit, Offset = offset,
        };
        var (total, page) = store.Runs(query);
        return TypedResults.Json(new Dictionary<string, object?> { ["total"] = total, ["limit"] = limit, ["offset"] = offset, ["items"] = page });
    }

    private static IResult Bars(HttpRequest request, ReadStore store)
    {
        var runId = Text(request.Query["run_id"]);
        if (runId is null)
        {
            return Problems.BadQuery("run_id", "run_id is required: GET /api/bars/?run_id=…&symbol=…");
        }

        if (store.Run(runId) is null)
        {
            return Problems.NotFound("run", runId, $"no run '{runId}' in this file");
        }

        var symbol = Text(request.Query["symbol"]);
        var timeframe = Text(request.Query["timeframe"]);
        var series = store.Series(runId)
            .Where(s => symbol is null || string.Equals((string?)s["symbol"], symbol, StringComparison.OrdinalIgnoreCase))
            .Where(s => timeframe is null || string.Equals((string?)s["timeframe"], timeframe, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var available = string.Join(", ", store.Series(runId).Select(s => $"{s["symbol"]} {s["timeframe"]}"));
        if (series.Count != 1)
        {
            return series.Count == 0
                ? Problems.Status(StatusCodes.Status404NotFound, "No such series", $"run {runId} has no bars of {symbol} {timeframe}".TrimEnd() + $"; it has: {(available.Length > 0 ? available : "none")}")
                : Problems.BadQuery(symbol is null ? "symbol" : "timeframe", $"run {runId} has several series ({available}): choose one with symbol (and timeframe)");
        }

        var chosen = series[0];
        return TypedResults.Json(new Dictionary<string, object?>
        {
            ["run_id"] = runId, ["series_id"] = chosen["series_id"], ["symbol"] = chosen["symbol"], ["timeframe"] = chosen["timeframe"],
            ["has_volumetric"] = chosen["has_volumetric"], ["bars"] = store.Bars((string)chosen["series_id"]!),
        });
    }

    private static string? Text(Microsoft.Extensions.Primitives.StringValues value) =>
        string.IsNullOrWhiteSpace(value.ToString()) ? null : value.ToString().Trim();

    private static bool TryInt(Microsoft.Extensions.Primitives.StringValues value, int fallback, int min, int max, out int result)
    {
        result = fallback;
        var text = value.ToString();
        return text.Length == 0
               || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out result) && result >= min && result <= max);
    }

    private static bool TryDate(Microsoft.Extensions.Primitives.StringValues value, out DateTime? result)
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
