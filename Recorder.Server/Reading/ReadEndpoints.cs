using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Server.Api;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Server.Reading;

/// <summary>
/// GET endpoints on Storage's public read API (<see cref="RecorderStore.OpenRead"/>, one reader and one snapshot per request): the
/// design's paths as written (strategies, instances, runs of an instance, a run with its metrics, executions, bars)
/// and what the page needs (runs with filters and paging, orders, trades, equity, buy-and-hold, OCO groups, instance
/// comparison, the tearsheet of runs). They only read: the store opens the file query_only.
/// </summary>
internal static class ReadEndpoints
{
    public static void Map(IEndpointRouteBuilder app, Func<IRecorderReader> open)
    {
        var json = ContractJson.Options;
        // One request, one question, one snapshot: whatever an endpoint reads joins one read transaction (the body is
        // built from the records read, after it; nothing is read lazily).
        IResult Read(Func<IRecorderReader, IResult> read)
        {
            using var reader = open();
            return reader.InSnapshot(read);
        }

        app.MapGet("/api/strategies/", () => Read(r => TypedResults.Json(StrategyRecord.Of(r.Catalog.Strategies()), json)))
            .Describe<IReadOnlyList<StrategyRecord>>("All strategies, with how many instances and runs each has.");
        app.MapGet("/api/strategies/{id}", (string id) => Read(r =>
            StrategyRecord.Of(r.Catalog.Strategies()).FirstOrDefault(s => s.StrategyId == id) is { } s
                ? TypedResults.Json(s, json)
                : Problems.NotFound("strategy", id, $"no strategy '{id}' in this file (GET /api/strategies/ lists them)")))
            .Describe<StrategyRecord>("One strategy.");
        app.MapGet("/api/strategies/{id}/instances", (string id) => Read(r =>
            r.Catalog.Strategies().Any(s => s.StrategyId == id)
                ? TypedResults.Json(InstanceRecord.Of(r.Catalog.Instances().Where(i => i.StrategyId == id)), json)
                : Problems.NotFound("strategy", id, $"no strategy '{id}' in this file")))
            .Describe<IReadOnlyList<InstanceRecord>>("The parameter sets (instances) of one strategy.");
        app.MapGet("/api/runs/", (HttpRequest request) => Read(r => Runs(request, r, json)))
            .Describe<RunPageRecord>("Runs with their key metrics: filters, sort and paging.")
            .WithMetadata(new QueryParameters("strategy", "instance", "type", "status", "from", "to", "tag", "pinned", "sort", "order", "limit", "offset"));
        app.MapGet("/api/runs/instance/{instance_id}", (string instance_id) => Read(r =>
            r.Catalog.Instance(instance_id) is null
                ? Problems.NotFound("instance", instance_id, $"no instance '{instance_id}' in this file")
                : TypedResults.Json(RunPaths.InstanceRuns(r, instance_id), json)))
            .Describe<IReadOnlyList<RunRecord>>("The runs of one instance, oldest first.");
        app.MapGet("/api/runs/{run_id}", (string run_id) => Read(r =>
            RunDetailRecord.Of(r, run_id) is { } run ? TypedResults.Json(run, json) : UnknownRun(run_id)))
            .Describe<RunDetailRecord>("One run with its metrics, instruments and series.");
        foreach (var route in RunPaths.All)
        {
            app.MapGet(route.Template, (string run_id) => Read(r => r.Runs.Get(run_id) is null ? UnknownRun(run_id) : TypedResults.Json(route.Read(r, run_id), json)))
                .WithSummary(route.Summary).Produces(StatusCodes.Status200OK, route.Answer);
        }

        app.MapGet("/api/tearsheet/", (string? runs) => Read(r => Tearsheet(r, runs, json)))
            .Describe<TearsheetRecord>("The tearsheet of runs overlaid (runs=id,id,…): each one's Insight figures, the metrics side by side, the daily return histogram's bins, and each forward run's reconciliation with a backtest among them.")
            .WithMetadata(new QueryParameters("runs"));
        app.MapGet("/api/bars/", (HttpRequest request) => Read(r => Bars(request, r, json)))
            .Describe<SeriesBarsRecord>("The bars of one series of a run (candles for charts).")
            .WithMetadata(new QueryParameters("run_id", "symbol", "timeframe"));
        app.MapGet("/api/compare/instances", (string? strategy) => Read(r => TypedResults.Json(InstancePhaseRecord.Of(r, strategy), json)))
            .Describe<IReadOnlyList<InstancePhaseRecord>>("Parameter sets compared, backtest and forward runs apart (v_instance_comparison).")
            .WithMetadata(new QueryParameters("strategy"));
        DriftEndpoints.Map(app, Read);
        StudyEndpoints.Map(app, Read);
        WhatIfEndpoints.Map(app, Read);
    }

    private static IResult Tearsheet(IRecorderReader reader, string? runs, JsonSerializerOptions json)
    {
        var ids = (runs ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return Problems.BadQuery("runs", "runs names the runs of the tearsheet: runs=<run id>,<run id>,…");
        }

        var read = new List<TearsheetRun>();
        foreach (var id in ids)
        {
            if (TearsheetRun.Read(reader, id) is not { } run)
            {
                return UnknownRun(id);
            }

            read.Add(run);
        }

        return TypedResults.Json(TearsheetView.Of(reader, read), json);
    }

    // A run's rows: 404 for a run the file does not hold, rather than an empty list.
    private static IResult UnknownRun(string runId) =>
        Problems.NotFound("run", runId, $"no run '{runId}' in this file (GET /api/runs/ lists them)");

    private static IResult Runs(HttpRequest request, IRecorderReader reader, JsonSerializerOptions json)
    {
        var q = request.Query;
        var sort = q["sort"].ToString();
        if (sort.Length > 0 && !RunSorts.ByName.ContainsKey(sort))
        {
            return Problems.BadQuery("sort", "sort by one of: " + string.Join(", ", RunSorts.ByName.Keys));
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

        var pinned = q["pinned"].ToString();
        if (pinned.Length > 0 && pinned is not ("true" or "false"))
        {
            return Problems.BadQuery("pinned", "pinned is true (only pinned runs) or false (only runs not pinned)");
        }

        var page = reader.Runs.List(new RunQuery
        {
            Strategy = Text(q["strategy"]), Instance = Text(q["instance"]), RunType = Text(q["type"]), Status = Text(q["status"]),
            SinceUtc = from, UntilUtc = to, Tag = Text(q["tag"]), Pinned = pinned.Length == 0 ? null : pinned == "true", Sort = sort.Length > 0 ? RunSorts.ByName[sort] : RunSort.Start, Descending = order != "asc",
            Limit = limit, Offset = offset,
        });
        return TypedResults.Json(new RunPageRecord(page.Total, limit, offset, RunRecord.Of(reader, page.Runs)), json);
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
        return TypedResults.Json(new SeriesBarsRecord(runId, chosen.Symbol, chosen.Timeframe, chosen.HasVolumetric,
            reader.MarketData.Bars(runId, chosen.Symbol, chosen.Timeframe)), json);
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
        var text = value.ToString();
        var parsed = DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date);
        result = parsed ? date : null;
        return parsed || text.Length == 0;
    }
}
