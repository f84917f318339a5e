using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Metrics;

/// <summary>
/// Reads a `compare` argument as a run (id or unique prefix) or, failing that, as an instance (id, unique prefix, or
/// exact instance name). An instance is one subject per phase it has runs in, backtests apart from forward runs: a
/// backtest's figures and a paper run's over the same parameters are never added together.
/// </summary>
internal static class SubjectResolver
{
    public static IReadOnlyList<Subject> Resolve(IRecorderReader reader, string text, int idLength)
    {
        var runIds = reader.Runs.Ids();
        var resolution = IdResolution.Resolve(runIds, text);
        if (resolution.RunId is { } run)
        {
            var row = reader.Runs.Get(run)!;
            return [new Subject(false, run, $"{ShortIds.Cut(run, idLength)} {row.RunType} {InstanceParameters.InstanceLabel(row.InstanceName, row.ParametersJson)}", [run])];
        }

        if (resolution.Ambiguous)
        {
            throw new CliException(RunResolver.Ambiguous(reader, text, resolution.Matches));
        }

        var instances = reader.Catalog.Instances()
            .Select(i => (Id: i.InstanceId, Name: i.InstanceName, Parameters: i.ParametersJson)).ToList();
        var byName = instances.Where(i => string.Equals(i.Name, text.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        if (byName.Count == 0)
        {
            // Part of a name, in any case, as `runs --instance` takes it: "fast" finds "Fast 5/20" when only one matches.
            byName = instances.Where(i => i.Name?.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase) == true).ToList();
            if (byName.Count > 1)
            {
                throw new CliException($"'{text.Trim()}' is part of {byName.Count} instance names: " +
                    string.Join(", ", byName.Select(i => $"\"{i.Name}\"").Order(StringComparer.Ordinal)) + ". Give more of the name, or its id.");
            }
        }

        var instanceId = byName.Count == 1
            ? byName[0].Id
            : IdResolution.Resolve(instances.Select(i => i.Id).ToList(), text).RunId;
        if (instanceId is null)
        {
            throw new CliException(RunResolver.NotFound("run or instance", text,
                IdResolution.Closest(runIds.Concat(instances.Select(i => i.Id)).ToList(), text.Trim())));
        }

        var instance = instances.First(i => string.Equals(i.Id, instanceId, StringComparison.Ordinal));
        var name = InstanceParameters.InstanceLabel(instance.Name, instance.Parameters);
        var runsOfInstance = reader.Runs.List(new RunQuery { InstanceId = instanceId }).Runs;
        var phases = runsOfInstance.GroupBy(r => PhaseOf(r.RunType), StringComparer.Ordinal).OrderBy(g => g.Key == "FORWARD").ToList();
        if (phases.Count == 0)
        {
            return [new Subject(true, instanceId, $"{name} (0 runs)", [], "BACKTEST")];
        }

        return phases.Select(g => new Subject(true, instanceId, $"{name} {g.Key.ToLowerInvariant()} ({Runs(g.Count())})",
            g.Select(r => r.RunId).ToList(), g.Key)).ToList();
    }

    /// <summary>The phase of a run type, as <c>v_instance_comparison</c> names it: BACKTEST, or FORWARD for the rest.</summary>
    public static string PhaseOf(string runType) => runType == "BACKTEST" ? "BACKTEST" : "FORWARD";

    private static string Runs(int count) => count == 1 ? "1 run" : $"{count} runs";
}
