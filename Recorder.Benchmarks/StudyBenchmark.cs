using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics.Study;
using QuantowerRecorder.Analytics.Validation;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// The study benchmark: the whole study analysis (<see cref="StudyAnalysis.Analyze"/>: plateau, importance, lines,
/// deflated Sharpe, PBO by CSCV with S partitions) of N passes of T daily returns, against reading those N × T returns
/// from a SQLite file built for the benchmark (one prepared statement run once per pass, values into arrays). Both
/// take turns over the rounds on warm data; each reports its best round. <c>study_vs_read</c> aims at ≤ 2.
/// </summary>
internal static class StudyBenchmark
{
    public static int Run(int passes, int periods, int partitions, int rounds, string? jsonPath, string? directory)
    {
        return BenchmarkOutput.InFolder(directory, "qr-study-", dir =>
        {
            var path = Path.Combine(dir, "study.db");
            var study = Build(passes, periods);
            Write(path, study);
            var options = StudyOptions.Default with { Partitions = partitions };
            double bestRead = double.MaxValue, bestStudy = double.MaxValue;
            var reads = new List<double>();
            var studies = new List<double>();
            StudyResult? result = null;
            for (var round = 0; round < Math.Max(1, rounds); round++)
            {
                Console.Error.WriteLine($"round {round + 1}: read, study…");
                double[][] read = [];
                reads.Add(BenchmarkOutput.Seconds(() => read = Read(path, passes, periods)));
                if (read[passes - 1][periods - 1] != study[passes - 1].Returns[periods - 1])
                {
                    throw new InvalidOperationException("The read did not give back the returns written.");
                }

                studies.Add(BenchmarkOutput.Seconds(() => result = StudyAnalysis.Analyze(study, options)));
                bestRead = Math.Min(bestRead, reads[^1]);
                bestStudy = Math.Min(bestStudy, studies[^1]);
            }

            // Where the time goes, apart from the timed rounds: the CSCV part (matrix and splits) alone.
            var cscv = BenchmarkOutput.Seconds(() => Overfitting.Pbo(ReturnsMatrix.From(study), options));

            var report = new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["passes"] = passes,
                ["periods"] = periods,
                ["partitions"] = partitions,
                ["splits"] = result!.Overfitting?.Splits ?? 0,
                ["study_seconds"] = Math.Round(bestStudy, 4),
                ["read_seconds"] = Math.Round(bestRead, 4),
                ["study_vs_read"] = Math.Round(bestStudy / bestRead, 2),
                ["study_rounds_seconds"] = studies.Select(s => Math.Round(s, 4)).ToArray(),
                ["read_rounds_seconds"] = reads.Select(s => Math.Round(s, 4)).ToArray(),
                ["pbo"] = Math.Round(result.Overfitting?.Probability ?? double.NaN, 4),
                ["phase_pbo_seconds"] = Math.Round(cscv, 4),
                ["threads"] = 1,
                ["processor_count"] = Environment.ProcessorCount,
            };
            return BenchmarkOutput.Report(report, jsonPath);
        });
    }

    /// <summary>
    /// A random-search optimisation: three inputs drawn uniformly, returns of i.i.d. normal noise (sd 1 %) with a
    /// drift that rises with the first input, objective = the total return (the optimiser's "target").
    /// </summary>
    private static StudyPass[] Build(int passes, int periods)
    {
        var random = new Xoshiro256(20261123);
        double Uniform() => (random.NextUInt64() >> 11) * (1.0 / 9007199254740992.0);
        var result = new StudyPass[passes];
        for (var j = 0; j < passes; j++)
        {
            var (fast, slow, stop) = (Uniform(), Uniform(), Uniform());
            var returns = new double[periods];
            for (var t = 0; t < periods; t++)
            {
                // Box–Muller, one draw kept.
                var normal = Math.Sqrt(-2 * Math.Log(1 - Uniform())) * Math.Cos(2 * Math.PI * Uniform());
                returns[t] = (0.0004 * fast) + (0.01 * normal);
            }

            var parameters = new Dictionary<string, ParameterValue>(StringComparer.Ordinal)
            {
                ["fast"] = ParameterValue.Of(5 + (45 * fast)),
                ["slow"] = ParameterValue.Of(50 + (150 * slow)),
                ["stop"] = ParameterValue.Of(0.5 + (2.5 * stop)),
            };
            result[j] = new StudyPass("pass" + j.ToString("D5", System.Globalization.CultureInfo.InvariantCulture), parameters, returns.Sum(), returns);
        }

        return result;
    }

    private static void Write(string path, StudyPass[] study)
    {
        using var connection = Open(path);
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE pass_returns(pass INTEGER NOT NULL, period INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY (pass, period)) WITHOUT ROWID";
            create.ExecuteNonQuery();
        }

        using var tx = connection.BeginTransaction();
        using var insert = BenchmarkOutput.Command(connection, "INSERT INTO pass_returns(pass, period, value) VALUES ($1, $2, $3)", 3, tx);
        for (var j = 0; j < study.Length; j++)
        {
            for (var t = 0; t < study[j].Returns.Count; t++)
            {
                BenchmarkOutput.Run(insert, j, t, study[j].Returns[t]);
            }
        }

        tx.Commit();
    }

    /// <summary>The baseline: every pass's returns, in period order, through one prepared statement.</summary>
    private static double[][] Read(string path, int passes, int periods)
    {
        using var connection = Open(path);
        using var select = BenchmarkOutput.Command(connection, "SELECT value FROM pass_returns WHERE pass = $1 ORDER BY period", 1);
        select.Prepare();
        var result = new double[passes][];
        for (var j = 0; j < passes; j++)
        {
            select.Parameters[0].Value = j;
            var values = new double[periods];
            var t = 0;
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read())
                {
                    values[t++] = reader.GetDouble(0);
                }
            }

            result[j] = values;
        }

        return result;
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
