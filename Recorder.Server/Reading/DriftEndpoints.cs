using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Server.Api;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Server.Reading;

/// <summary>
/// GET /api/runs/{run_id}/drift: a live or paper run against its backtest's bootstrap band, the record
/// `recorder drift --json` prints (one computation: <see cref="DriftView"/>).
/// </summary>
internal static class DriftEndpoints
{
    public static void Map(IEndpointRouteBuilder app, Func<Func<IRecorderReader, IResult>, IResult> read)
    {
        app.MapGet("/api/runs/{run_id}/drift", (string run_id, string? backtest) => read(r =>
        {
            if (r.Runs.Get(run_id) is not { } forward)
            {
                return Problems.NotFound("run", run_id, $"no run '{run_id}' in this file (GET /api/runs/ lists them)");
            }

            if (forward.RunType is not ("LIVE" or "PAPER"))
            {
                return Problems.Status(StatusCodes.Status400BadRequest, "Not a forward run",
                    $"{run_id} is a {forward.RunType} run; drift compares a live or paper run with its backtest (GET /api/runs/?type=PAPER lists paper runs).");
            }

            RunSummary? against;
            if (!string.IsNullOrWhiteSpace(backtest))
            {
                against = r.Runs.Get(backtest.Trim());
                if (against is null)
                {
                    return Problems.NotFound("run", backtest, $"no backtest run '{backtest}' in this file (GET /api/runs/?type=BACKTEST lists them)");
                }

                if (against.RunType != "BACKTEST")
                {
                    return Problems.BadQuery("backtest", $"{against.RunId} is a {against.RunType} run, not a backtest.");
                }
            }
            else if ((against = DriftInputs.DefaultBacktest(r, forward)) is null)
            {
                return Problems.Status(StatusCodes.Status409Conflict, "No backtest",
                    $"The instance of {run_id} ({forward.InstanceName ?? forward.InstanceId}) has no ended backtest to compare with. " +
                    $"Name one: GET /api/runs/{run_id}/drift?backtest=<backtest run id>");
            }

            try
            {
                return TypedResults.Json(DriftView.Of(r, forward, against, named: !string.IsNullOrWhiteSpace(backtest)), ContractJson.Options);
            }
            catch (ArgumentException e)
            {
                // The types were checked above: what is left is two runs whose amounts cannot be compared (currencies).
                return Problems.Status(StatusCodes.Status422UnprocessableEntity, "Runs not comparable", e.Message);
            }
        }))
            .Describe<DriftRecord>("Drift: a live or paper run against the seeded bootstrap band of its backtest's trades (the instance's most recent ended backtest, or ?backtest=), trade by trade, and the verdict. 400 for a run that is not live or paper or a backtest= that is not a backtest, 409 when the instance has no ended backtest, 422 when the two runs' currencies differ.")
            .WithMetadata(new QueryParameters("backtest"));
    }
}
