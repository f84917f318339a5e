using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Runs;

namespace QuantowerRecorder.Cli.Metrics;

/// <summary>
/// Reads a `compare` argument as a run (id or unique prefix) or, failing that, as an instance (id, unique prefix, or
/// exact instance name).
/// </summary>
internal static class SubjectResolver
{
    public static Subject Resolve(SqliteConnection connection, string text, int idLength)
    {
        var runIds = connection.Query<string>("SELECT run_id FROM strategy_runs").ToList();
        var run = RunResolver.TryResolve(runIds, text, out var runMatches);
        if (run is not null)
        {
            var row = RunQueries.Get(connection, run);
            return new Subject(false, run, $"{ShortIds.Cut(run, idLength)} {row.RunType} {Parameters.InstanceLabel(row.InstanceName, row.ParametersJson)}", [run]);
        }

        if (runMatches.Count > 1)
        {
            throw new CliException(RunResolver.Ambiguous(connection, text, runMatches));
        }

        var instances = connection.Query<(string Id, string? Name, string? Parameters)>(
            "SELECT instance_id, instance_name, parameters_json FROM strategy_instances").ToList();
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
            : RunResolver.TryResolve(instances.Select(i => i.Id).ToList(), text, out var instanceMatches);
        if (instanceId is null)
        {
            throw new CliException(RunResolver.NotFound("run or instance", text, runIds.Concat(instances.Select(i => i.Id)).ToList()));
        }

        var instance = instances.First(i => string.Equals(i.Id, instanceId, StringComparison.Ordinal));
        var runsOfInstance = connection.Query<string>(
            "SELECT run_id FROM strategy_runs WHERE instance_id = @instanceId ORDER BY start_utc", new { instanceId }).ToList();
        return new Subject(true, instanceId,
            $"{Parameters.InstanceLabel(instance.Name, instance.Parameters)} ({runsOfInstance.Count} runs)", runsOfInstance);
    }
}
