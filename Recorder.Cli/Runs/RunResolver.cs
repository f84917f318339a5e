using Dapper;
using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Cli.Runs;

/// <summary>
/// Finds the run a user means: the full id, or any unique prefix of it (ignoring case). An unknown id fails with the
/// closest ids in the file; an ambiguous prefix fails with the ids it matches.
/// </summary>
internal static class RunResolver
{
    public static string Resolve(SqliteConnection connection, string text)
    {
        var ids = connection.Query<string>("SELECT run_id FROM strategy_runs").ToList();
        var found = TryResolve(ids, text, out var matches);
        if (found is not null)
        {
            return found;
        }

        if (matches.Count > 1)
        {
            throw new CliException(Ambiguous(connection, text, matches));
        }

        throw new CliException(NotFound("run", text, ids));
    }

    /// <summary>"Matches N runs", then each candidate on its own line with what tells them apart: type, instance, start.</summary>
    public static string Ambiguous(SqliteConnection connection, string text, IReadOnlyList<string> matches)
    {
        const int Shown = 10;
        var lines = new List<string> { $"'{text.Trim()}' matches {matches.Count} runs; give more characters of the run id:" };
        foreach (var id in matches.Take(Shown))
        {
            var run = RunQueries.Get(connection, id);
            lines.Add($"  {id}  {run.RunType,-8}  {Output.Parameters.InstanceLabel(run.InstanceName, run.ParametersJson)}  started {Output.Numbers.Time(run.StartUtc)} UTC");
        }

        if (matches.Count > Shown)
        {
            lines.Add($"  … and {matches.Count - Shown} more (recorder runs lists them all)");
        }

        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>The id meant, or null with the prefix matches (several = ambiguous, none = unknown).</summary>
    public static string? TryResolve(IReadOnlyList<string> ids, string text, out List<string> matches)
    {
        var wanted = text.Trim();
        matches = [];
        if (wanted.Length == 0)
        {
            return null;
        }

        foreach (var id in ids)
        {
            if (string.Equals(id, wanted, StringComparison.OrdinalIgnoreCase))
            {
                return id;
            }

            if (id.StartsWith(wanted, StringComparison.OrdinalIgnoreCase))
            {
                matches.Add(id);
            }
        }

        return matches.Count == 1 ? matches[0] : null;
    }

    /// <summary>"No such run" with up to three close ids, and where to list them all.</summary>
    public static string NotFound(string what, string text, IReadOnlyList<string> candidates)
    {
        var wanted = text.Trim();
        var close = candidates
            .Select(id => (Id: id, Distance: EditDistance.Between(wanted, id.Length > wanted.Length ? id[..wanted.Length] : id)))
            .Where(c => c.Distance <= Math.Max(2, wanted.Length / 3))
            .OrderBy(c => c.Distance).ThenBy(c => c.Id, StringComparer.Ordinal)
            .Take(3)
            .Select(c => c.Id)
            .ToList();
        var hint = close.Count > 0 ? $" Did you mean {string.Join(" or ", close)}?" : "";
        return $"No {what} '{wanted}' in this database.{hint} List them with `recorder runs`.";
    }
}
