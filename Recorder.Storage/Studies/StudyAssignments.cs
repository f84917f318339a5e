using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Studies;

/// <summary>
/// What a user decides about studies (`recorder study group` / `ungroup`, docs/studies.md): kept in the file's
/// <c>studies</c> and <c>study_runs</c>, and taking precedence over the author's name and the inference.
/// </summary>
public static class StudyAssignments
{
    public const int MaxNameLength = 200;

    /// <summary>
    /// Puts the runs (full ids) into the study of that name, created if new; an objective given replaces the study's.
    /// Returns the study's id. Throws <see cref="ArgumentException"/> naming a bad name or a run the file does not have.
    /// </summary>
    public static string Group(string path, string name, IReadOnlyList<string> runIds, string? objective, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        ArgumentNullException.ThrowIfNull(time);
        var trimmed = CheckName(name);
        var id = Identities.StudyId(trimmed);
        var now = Timestamps.Format(time.GetUtcNow());
        Write(path, time, runIds, connection =>
        {
            connection.Execute("""
                INSERT INTO studies(study_id, name, objective, created_utc) VALUES (@id, @name, @objective, @now)
                ON CONFLICT(study_id) DO UPDATE SET objective = COALESCE(excluded.objective, studies.objective)
                """, new
                {
                    id, name = trimmed,
                    objective = string.IsNullOrWhiteSpace(objective) ? null : objective.Trim().ToLowerInvariant(), now,
                });
            foreach (var run in runIds)
            {
                Assign(connection, run, id, now);
            }
        });
        return id;
    }

    /// <summary>Takes the runs (full ids) out of every study, inferred or named, until they are grouped again.</summary>
    public static void Ungroup(string path, IReadOnlyList<string> runIds, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        ArgumentNullException.ThrowIfNull(time);
        var now = Timestamps.Format(time.GetUtcNow());
        Write(path, time, runIds, connection =>
        {
            foreach (var run in runIds)
            {
                Assign(connection, run, null, now);
            }
        });
    }

    private static string CheckName(string name)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length == 0 || trimmed.Length > MaxNameLength || trimmed.Any(char.IsControl))
        {
            throw new ArgumentException(
                $"A study name must be 1 to {MaxNameLength} characters without control characters; got '{name}'.", nameof(name));
        }

        return trimmed;
    }

    private static void Write(string path, TimeProvider time, IReadOnlyList<string> runIds, Action<SqliteConnection> work)
    {
        if (runIds.Count == 0)
        {
            throw new ArgumentException("Name at least one run.", nameof(runIds));
        }

        using var connection = DatabaseFile.OpenForWriting(path, time);
        WriteTransaction.Run(connection, () =>
        {
            foreach (var run in runIds)
            {
                if (connection.ExecuteScalar<long>("SELECT COUNT(*) FROM strategy_runs WHERE run_id = @run", new { run }) == 0)
                {
                    throw new ArgumentException($"{path} has no run {run}.", nameof(runIds));
                }
            }

            work(connection);
        });
    }

    private static void Assign(SqliteConnection connection, string runId, string? studyId, string now) =>
        connection.Execute("""
            INSERT INTO study_runs(run_id, study_id, assigned_utc) VALUES (@run, @study, @now)
            ON CONFLICT(run_id) DO UPDATE SET study_id = excluded.study_id, assigned_utc = excluded.assigned_utc
            """, new { run = runId, study = studyId, now });
}
