using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Metrics;

/// <summary>
/// Reads a `compare` argument as a run (id or unique prefix) or, failing that, as an instance (id, unique prefix, or
/// exact instance name).
/// </summary>
internal static class SubjectResolver
{
    public static Subject Resolve(IRecorderReader reader, string text, int idLength)
    {
        var runIds = reader.Runs.Ids();
        var resolution = IdResolution.Resolve(runIds, text);
        if (resolution.RunId is { } run)
        {
            var row = reader.Runs.Get(run)!;
            return new Subject(false, run, $"{ShortIds.Cut(run, idLength)} {row.RunType} {Parameters.InstanceLabel(row.InstanceName, row.ParametersJson)}", [run]);
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
        var runsOfInstance = reader.Runs.List(new RunQuery { InstanceId = instanceId }).Runs.Select(r => r.RunId).ToList();
        return new Subject(true, instanceId,
            $"{Parameters.InstanceLabel(instance.Name, instance.Parameters)} ({runsOfInstance.Count} runs)", runsOfInstance);
    }
}
