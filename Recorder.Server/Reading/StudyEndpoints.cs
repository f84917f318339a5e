using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using QuantowerRecorder.Analytics.Study;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Server.Api;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Server.Reading;

/// <summary>GET /api/studies…: studies and their analysis, the same records `recorder studies` / `study --json` print.</summary>
internal static class StudyEndpoints
{
    public static void Map(IEndpointRouteBuilder app, Func<Func<IRecorderReader, IResult>, IResult> read)
    {
        var json = ContractJson.Options;
        app.MapGet("/api/studies/", () => read(r => TypedResults.Json(StudyView.List(r), json)))
            .Describe<IReadOnlyList<StudySummaryRecord>>("Studies (the passes of one optimisation) with their best pass by their objective.");
        app.MapGet("/api/studies/{id}", (string id, string? objective, string? x, string? y) => read(r => WithStudy(r, id, study =>
            Checked(() => TypedResults.Json(StudyView.Detail(r, study, objective, x, y), json)))))
            .Describe<StudyRecord>("One study: passes by objective, plateau pick, importance, lines and a heatmap, deflated Sharpe and PBO.")
            .WithMetadata(new QueryParameters("objective", "x", "y"));
        app.MapGet("/api/studies/{id}/surface", (string id, string? x, string? y, string? objective) => read(r => WithStudy(r, id, study =>
            Checked(() =>
            {
                if (string.IsNullOrWhiteSpace(x))
                {
                    return Problems.BadQuery("x", "x names the input of the surface (and y a second one for a heatmap).");
                }

                var data = StudyLoader.Load(r, study, objective, returns: false);
                if (!data.Parameters.Contains(x, StringComparer.Ordinal) || (y is not null && !data.Parameters.Contains(y, StringComparer.Ordinal)))
                {
                    return Problems.BadQuery(y is not null && data.Parameters.Contains(x, StringComparer.Ordinal) ? "y" : "x",
                        $"the study's inputs that vary are: {string.Join(", ", data.Parameters)}");
                }

                return TypedResults.Json(StudyAnalysis.Surface(data.AnalysisPasses, x, y, data.Options), json);
            }))))
            .Describe<Surface>("The objective over one input (x: a line) or two (x and y: a heatmap), binned, never interpolated.")
            .WithMetadata(new QueryParameters("x", "y", "objective"));
    }

    private static IResult WithStudy(IRecorderReader reader, string id, Func<StudyInfo, IResult> read)
    {
        var matches = reader.Studies.Match(id);
        return matches.Count switch
        {
            1 => read(matches[0]),
            0 => Problems.NotFound("study", id, $"no study '{id}' in this file (GET /api/studies/ lists them)"),
            _ => Problems.BadQuery("id", $"'{id}' matches {matches.Count} studies: {string.Join(", ", matches.Select(m => m.Name))}; give more of the id or the whole name"),
        };
    }

    private static IResult Checked(Func<IResult> read)
    {
        try
        {
            return read();
        }
        catch (ArgumentException e)
        {
            return Problems.BadQuery(e.ParamName == "objective" ? "objective" : "x", e.Message);
        }
    }
}
