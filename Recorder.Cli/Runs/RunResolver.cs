using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Runs;

/// <summary>
/// Finds the run a user means (Storage's <see cref="IRunReader.Resolve"/>) and says why when it cannot: an unknown id
/// fails with the closest ids in the file; an ambiguous prefix fails with the ids it matches.
/// </summary>
internal static class RunResolver
{
    public static string Resolve(IRecorderReader reader, string text)
    {
        var resolution = reader.Runs.Resolve(text);
        if (resolution.RunId is { } found)
        {
            return found;
        }

        if (resolution.Ambiguous)
        {
            throw new CliException(Ambiguous(reader, text, resolution.Matches));
        }

        throw new CliException(NotFound("run", text, resolution.Closest));
    }

    /// <summary>"Matches N runs", then each candidate on its own line with what tells them apart: type, instance, start.</summary>
    public static string Ambiguous(IRecorderReader reader, string text, IReadOnlyList<string> matches)
    {
        const int Shown = 10;
        var lines = new List<string> { $"'{text.Trim()}' matches {matches.Count} runs; give more characters of the run id:" };
        lines.AddRange(matches.Take(Shown).Select(id => Line(reader.Runs.Get(id)!)));
        if (matches.Count > Shown)
        {
            lines.Add($"  … and {matches.Count - Shown} more (recorder runs lists them all)");
        }

        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>A run on an indented line of its own, with what tells it apart from others.</summary>
    public static string Line(RunSummary run) =>
        $"  {run.RunId}  {run.RunType,-8}  {InstanceParameters.InstanceLabel(run.InstanceName, run.ParametersJson)}  started {Output.Numbers.Time(run.StartUtc)} UTC";

    /// <summary>"No such run" with up to three close ids, and where to list them all.</summary>
    public static string NotFound(string what, string text, IReadOnlyList<string> close)
    {
        var hint = close.Count > 0 ? $" Did you mean {string.Join(" or ", close)}?" : "";
        return $"No {what} '{text.Trim()}' in this database.{hint} List them with `recorder runs`.";
    }
}
