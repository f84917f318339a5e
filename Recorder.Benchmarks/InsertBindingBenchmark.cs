using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// What the writer's hot path saves by keeping its prepared statements (docs/decisions.md, 23): the same N fill-like
/// rows inserted into the executions of a real recorder file, once through one prepared statement bound by index and
/// reused for every row (<see cref="RawStatement"/>, as the writer's hot tables are written), once through Dapper's
/// <c>Execute</c> with a row object per call (as the cold statements run), and once through Dapper's <c>Execute</c>
/// over the whole list (one command, its parameters bound by name for each row). Each on a fresh file, in transactions
/// of <see cref="TransactionRows"/> rows as a writer's batch, taking turns; each its best round.
/// </summary>
internal static class InsertBindingBenchmark
{
    private const int TransactionRows = 1_000;

    private const string Insert = """
        INSERT INTO executions(run_id, execution_id, order_id, exec_utc, price, quantity, fee, symbol, account_id, side, position_impact)
        VALUES (@RunId, @ExecutionId, @OrderId, @ExecUtc, @Price, @Quantity, @Fee, @Symbol, @AccountId, @Side, @PositionImpact)
        ON CONFLICT(run_id, execution_id) DO NOTHING
        """;

    public static int Run(int rows, int rounds, string? jsonPath, string? directory)
    {
        return BenchmarkOutput.InFolder(directory, "qr-binding-", dir =>
        {
            var run = new SyntheticRun("01900000-0000-7000-8000-00000000b1d0", RunSource.Backtest);
            var fills = Fills(run.RunId, rows);
            var prepared = new List<double>();
            var dapper = new List<double>();
            var dapperList = new List<double>();
            for (var round = 0; round < Math.Max(1, rounds); round++)
            {
                Console.Error.WriteLine($"round {round + 1}: {rows:N0} rows prepared, through Dapper row by row, through Dapper's list…");
                // Taking turns: which goes first changes every round, so neither always meets a warmer disk cache.
                var order = new Action[]
                {
                    () => prepared.Add(Timed(Path.Combine(dir, $"prepared{round}.db"), run, fills, Prepared)),
                    () => dapper.Add(Timed(Path.Combine(dir, $"dapper{round}.db"), run, fills, ByRow)),
                    () => dapperList.Add(Timed(Path.Combine(dir, $"list{round}.db"), run, fills, ByList)),
                };
                for (var i = 0; i < order.Length; i++)
                {
                    order[(i + round) % order.Length]();
                }
            }

            double PerRow(List<double> seconds) => seconds.Min() / rows * 1e6;
            var result = new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["rows"] = rows,
                ["rounds"] = rounds,
                ["transaction_rows"] = TransactionRows,
                ["prepared_insert_us"] = Math.Round(PerRow(prepared), 3),
                ["dapper_insert_us"] = Math.Round(PerRow(dapper), 3),
                ["dapper_list_insert_us"] = Math.Round(PerRow(dapperList), 3),
                ["dapper_vs_prepared"] = Math.Round(PerRow(dapper) / PerRow(prepared), 2),
                ["dapper_list_vs_prepared"] = Math.Round(PerRow(dapperList) / PerRow(prepared), 2),
                ["processor_count"] = Environment.ProcessorCount,
            };
            return BenchmarkOutput.Report(result, jsonPath);
        });
    }

    /// <summary>A fill as the executions table stores it; property names are the statement's parameters.</summary>
    private sealed record FillRow(
        string RunId, string ExecutionId, string OrderId, string ExecUtc, double Price, double Quantity, double? Fee,
        string Symbol, string AccountId, string Side, string PositionImpact);

    private static List<FillRow> Fills(string runId, int count)
    {
        var start = new DateTime(2026, 1, 2, 14, 30, 0, DateTimeKind.Utc);
        return Enumerable.Range(0, count).Select(i => new FillRow(
            runId, "X" + i.ToString("D8", CultureInfo.InvariantCulture), "O" + (i / 2).ToString("D8", CultureInfo.InvariantCulture),
            Timestamps.Format(start.AddSeconds(i)), 5000.25 + (i % 400 * 0.25), 1 + (i % 3), i % 2 == 0 ? 1.25 : null,
            "ES", "SIM-1", i % 2 == 0 ? "BUY" : "SELL", i % 2 == 0 ? "OPEN" : "CLOSE")).ToList();
    }

    // The seconds the inserts take on a new file holding the run's definitions (the statement prepared, when one is, with
    // the connection: before the clock starts); the rows counted back after.
    private static double Timed(string path, SyntheticRun run, List<FillRow> fills, Func<SqliteConnection, Inserter> open)
    {
        using var connection = DatabaseFile.OpenForWriting(path, TimeProvider.System);
        run.InsertDefinitions(connection, "RUNNING");
        using var inserter = open(connection);
        var seconds = BenchmarkOutput.Seconds(() =>
        {
            foreach (var chunk in fills.Chunk(TransactionRows))
            {
                connection.Execute("BEGIN IMMEDIATE;");
                inserter.Write(chunk);
                connection.Execute("COMMIT;");
            }
        });
        if (connection.ExecuteScalar<long>("SELECT COUNT(*) FROM executions") != fills.Count)
        {
            throw new InvalidOperationException($"{path} holds another number of fills than {fills.Count}");
        }

        return seconds;
    }

    private static Inserter Prepared(SqliteConnection connection)
    {
        var statement = new RawStatement(connection, Insert, "@RunId", "@ExecutionId", "@OrderId", "@ExecUtc", "@Price",
            "@Quantity", "@Fee", "@Symbol", "@AccountId", "@Side", "@PositionImpact");
        return new Inserter(chunk =>
        {
            foreach (var f in chunk)
            {
                statement.Text(0, f.RunId).Text(1, f.ExecutionId).Text(2, f.OrderId).Text(3, f.ExecUtc).Real(4, f.Price)
                    .Real(5, f.Quantity).Real(6, f.Fee).Text(7, f.Symbol).Text(8, f.AccountId).Text(9, f.Side).Text(10, f.PositionImpact)
                    .Run();
            }
        }, statement);
    }

    private static Inserter ByRow(SqliteConnection connection) => new(chunk =>
    {
        foreach (var f in chunk)
        {
            connection.Execute(Insert, f);
        }
    });

    private static Inserter ByList(SqliteConnection connection) => new(chunk => connection.Execute(Insert, chunk));

    // How one way writes a transaction's rows, and what it holds until its file is closed.
    private sealed class Inserter(Action<FillRow[]> write, IDisposable? held = null) : IDisposable
    {
        public void Write(FillRow[] chunk) => write(chunk);

        public void Dispose() => held?.Dispose();
    }
}
