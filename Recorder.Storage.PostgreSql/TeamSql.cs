using Npgsql;
using QuantowerRecorder.Storage.Queries.Sql;

namespace QuantowerRecorder.Storage.PostgreSql;

/// <summary>
/// What is left of the team store's own statement helper, for the push benchmark (Recorder.Benchmarks/PushBenchmark.cs)
/// alone: the team store runs its SQL through Storage's <see cref="Rows"/>. This goes when the benchmark calls
/// <see cref="Rows"/> itself.
/// </summary>
internal static class TeamSql
{
    /// <summary><see cref="Rows.Execute"/>; <paramref name="tx"/> is not named (Npgsql runs the statement in the connection's transaction).</summary>
    public static int Execute(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql) => Rows.Execute(connection, sql);
}
