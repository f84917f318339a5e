using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using QuantowerRecorder.Analytics.WhatIf;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Server.Api;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Server.Reading;

/// <summary>GET /api/runs/{run_id}/whatif: the run's entries re-exited over a grid, the record `recorder whatif --json` prints.</summary>
internal static class WhatIfEndpoints
{
    public static void Map(IEndpointRouteBuilder app, Func<Func<IRecorderReader, IResult>, IResult> read)
    {
        app.MapGet("/api/runs/{run_id}/whatif", (string run_id, string? stops, string? targets, string? trail, string? max_bars, string? symbol) => read(r =>
        {
            if (r.Runs.Get(run_id) is null)
            {
                return Problems.NotFound("run", run_id, $"no run '{run_id}' in this file (GET /api/runs/ lists them)");
            }

            WhatIfGrid grid;
            try
            {
                grid = Grid(stops, targets, trail, max_bars);
            }
            catch (FormatException e)
            {
                return Problems.BadQuery(e.Data["parameter"] as string ?? "stops", e.Message);
            }

            try
            {
                return TypedResults.Json(WhatIfView.Of(r, run_id, grid, symbol), ContractJson.Options);
            }
            catch (ArgumentException e)
            {
                // A level in ticks without a tick size is the levels' fault; a symbol without fills, bars or entries the symbol's.
                return Problems.BadQuery(e.Data["parameter"] as string ?? "stops", e.Message);
            }
        }))
            .Describe<WhatIfRecord>("What-if exits: the run's entries re-exited on its bars over a grid of stops × targets (default 0.5–3 × 1–4 ATR(14)), with its actual figures, PBO and deflated Sharpe of the best cell.")
            .WithMetadata(new QueryParameters("stops", "targets", "trail", "max_bars", "symbol"));
    }

    /// <summary>The grid asked for; without stops and targets the default one.</summary>
    private static WhatIfGrid Grid(string? stops, string? targets, string? trail, string? maxBars)
    {
        IReadOnlyList<ExitLevel?> Levels(string? text, string parameter) => text is null || text.Trim().Length == 0 ? [null] : Parsed(() => ExitLevel.ParseList(text), parameter);
        if (string.IsNullOrWhiteSpace(stops) && string.IsNullOrWhiteSpace(targets) && string.IsNullOrWhiteSpace(trail) && string.IsNullOrWhiteSpace(maxBars))
        {
            return WhatIfGrid.Default;
        }

        var grid = new WhatIfGrid(Levels(stops, "stops"), Levels(targets, "targets"),
            string.IsNullOrWhiteSpace(trail) ? null : Parsed(() => ExitLevel.Parse(trail), "trail"),
            string.IsNullOrWhiteSpace(maxBars) ? null
                : int.TryParse(maxBars, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n
                : throw Tagged(new FormatException("max_bars is a whole number of bars, 1 or more."), "max_bars"));
        return grid.Stops.Count * grid.Targets.Count > WhatIfGrid.MaxCells
            ? throw Tagged(new FormatException($"{grid.Stops.Count * grid.Targets.Count} cells; give at most {WhatIfGrid.MaxCells}."), "stops")
            : grid;
    }

    private static T Parsed<T>(Func<T> parse, string parameter)
    {
        try
        {
            return parse();
        }
        catch (FormatException e)
        {
            throw Tagged(e, parameter);
        }
    }

    private static FormatException Tagged(FormatException e, string parameter)
    {
        e.Data["parameter"] = parameter;
        return e;
    }
}
