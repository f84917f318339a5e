using System.Globalization;
using QuantowerRecorder.Benchmarks;

// recorder benchmarks and test helpers (the keys each prints, their targets and the figures measured: docs/benchmarks.md):
//   ingest --events N [--json file] [--rounds R]  the ingest benchmark
//   analyze [--executions N] [--bars N] [--rate R] [--json file]   the analytics benchmark, at N/4 and N; commit p99 at R events/s
//   study [--passes N] [--periods T] [--partitions S] [--rounds R] [--json file]   a study of N passes (PBO by CSCV) against reading their returns
//   whatif [--trades N] [--bars B] [--rounds R] [--json file]   a 10 x 10 what-if grid against reading the run's bars
//   backtest [--bars N] [--rounds R] [--warm-up-closes C] [--warm-up-bars W] [--json file]   one strategy's backtest over N one-minute bars without RunRecorder.Start, with it, with it recording no bars and on the strategy's own bars; the file's floor for its bars; the bound the writer's CPU sets
//   optimisation [--passes N] [--bars B] [--rounds R] [--recorder-core C] [--json file]   N passes of that backtest, other periods each, without and with the recorder; the bound its threads' CPU sets; with C, the recorder's threads on processor C and the platform's on the others
//   live [--seconds S] [--rate R] [--interval I] [--json file]   a paper run on the wall clock at R events/s, its stored analysis read every 100 ms: how far behind its metrics are
//   sweep [--passes N] [--bars B] [--fills F] [--json file]   an optimisation's passes over the same bars: later passes against the first
//   export [--executions N] [--bars N] [--rounds R] [--json file]   a run's fills and bars as Parquet against a plain read of the same rows
//   follow [--clients C] [--events N] [--rate R] [--cycles K] [--rounds N] [--json file]   pages following a run: the writer's throughput with C followers vs none, the end told, memory over K connects
//   serve [--events N] [--runs R] [--requests K] [--rounds N] [--json file]   HTTP ingest vs in-process, read latency p99
//   soak [--trials N] [--seed S] [--rate R] [--json file]   N kill -9 trials of a child recorder; prints losses
//   powercut [--cuts N] [--seed S] [--keep-everything] [--json file]   N power cuts of a child recorder on a FUSE disk that forgets unsynced writes; prints losses
//   powercut-child --db F --source Live|Paper|Backtest --rate R --flush-every K --run-events N [--spill [--hold-spill]]   child process of the power cuts
//   crash-child --db F --events N --flush-every K [--run-id R] [--rate R]   child process of the crash tests
//   binding [--rows N] [--rounds R] [--json file]   N fill-like rows inserted through one prepared statement reused, through Dapper's Execute row by row and over the list
//   push --to CS [--runs R] [--events N] [--rounds R] [--json file]   push throughput vs a raw COPY of the same rows (RECORDER_TEAM_DB)
//   open --db F [--sqlite-first]                 opens (creates/migrates) a file: the migration race test, the SQLite bootstrap's
return Cli.Run(args);

namespace QuantowerRecorder.Benchmarks
{
    internal static class Cli
    {
        private static readonly string[] Commands =
            ["ingest", "analyze", "backtest", "live", "export", "serve", "follow", "soak", "powercut", "powercut-child", "push", "sweep", "whatif", "study", "optimisation", "crash-child", "open", "binding"];

        public static int Run(string[] args)
        {
            if (args.Length == 0)
            {
                Console.Error.WriteLine("usage: Recorder.Benchmarks " + string.Join('|', Commands) + " [options]");
                return 2;
            }

            string? Option(string name)
            {
                var i = Array.IndexOf(args, name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
            }

            long Number(string name, long fallback) =>
                Option(name) is { } text ? long.Parse(text, CultureInfo.InvariantCulture) : fallback;

            // SQLite started as the recorder starts it in the plugin, before any connection a benchmark opens of its own
            // (SqliteBootstrap); `open` leaves it to the recorder, or to a connection of its own first (--sqlite-first).
            if (args[0] != "open")
            {
                Storage.Sqlite.SqliteBootstrap.EnsureInitialised();
            }

            try
            {
                return args[0] switch
                {
                    "crash-child" => CrashChild.Run(Option("--db")!, Number("--events", 1_000_000), (int)Number("--flush-every", 500), Option("--run-id"), (int)Number("--rate", 0)),
                    "soak" => Soak.Run((int)Number("--trials", 200), (int)Number("--seed", 20261122), (int)Number("--rate", 3_000), Option("--json"), Option("--dir")),
                    "open" => CrashChild.Open(Option("--db")!, args.Contains("--sqlite-first")),
                    "powercut" => PowerCut.PowerCutTrials.Run((int)Number("--cuts", 120), (int)Number("--seed", 20261125), Option("--json"), Option("--dir"), args.Contains("--keep-everything")),
                    "powercut-child" => PowerCut.PowerCutChild.Run(Option("--db")!, Enum.Parse<Storage.Records.RunSource>(Option("--source") ?? "Live"),
                        (int)Number("--rate", 300), (int)Number("--flush-every", 30), (int)Number("--run-events", 100_000_000), args.Contains("--spill"), args.Contains("--hold-spill")),
                    "ingest" => IngestBenchmark.Run(Number("--events", 1_000_000), Option("--json"), Option("--dir"), (int)Number("--rounds", 2)),
                    "push" => PushBenchmark.Run(Option("--to") ?? Environment.GetEnvironmentVariable("RECORDER_TEAM_DB"),
                        (int)Number("--runs", 20), Number("--events", 10_000), (int)Number("--rounds", 3), Option("--json"), Option("--dir")),
                    "follow" => FollowBenchmark.Run((int)Number("--clients", 50), (int)Number("--events", 20_000), (int)Number("--rate", 1_000),
                        (int)Number("--cycles", 1_000), (int)Number("--rounds", 2), Option("--json"), Option("--dir")),
                    "serve" => ServeBenchmark.Run(Number("--events", 200_000), (int)Number("--runs", 1_000), (int)Number("--requests", 1_000),
                        (int)Number("--rounds", 2), Option("--json"), Option("--dir")),
                    "analyze" => AnalyzeBenchmark.Run(Number("--executions", 1_000_000), Number("--bars", 1_000_000), (int)Number("--rate", 3_000), Option("--json"), Option("--dir")),
                    "export" => ExportBenchmark.Run(Number("--executions", 1_000_000), Number("--bars", 1_000_000), (int)Number("--rounds", 2), Option("--json"), Option("--dir")),
                    "sweep" => SweepBenchmark.Run((int)Number("--passes", 100), (int)Number("--bars", 20_000), (int)Number("--fills", 80), Option("--json"), Option("--dir")),
                    "whatif" => WhatIfBenchmark.Run((int)Number("--trades", 10_000), Number("--bars", 1_000_000), (int)Number("--rounds", 3), Option("--json"), Option("--dir")),
                    "live" => LiveBenchmark.Run(Number("--seconds", 30), (int)Number("--rate", 300), Option("--interval") is { } interval
                        ? double.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) : null, Option("--json"), Option("--dir")),
                    "backtest" => BacktestBenchmark.Run((int)Number("--bars", 100_000), (int)Number("--rounds", 3), Option("--json"), Option("--dir"),
                        (int)Number("--warm-up-closes", BacktestBenchmark.ClosesToSteadyCode), (int)Number("--warm-up-bars", Number("--bars", 100_000))),
                    "optimisation" => OptimisationBenchmark.Run((int)Number("--passes", 50), (int)Number("--bars", 20_000), (int)Number("--rounds", 2), Option("--json"), Option("--dir"),
                        Option("--recorder-core") is null ? null : (int)Number("--recorder-core", 0)),
                    "binding" => InsertBindingBenchmark.Run((int)Number("--rows", 100_000), (int)Number("--rounds", 3), Option("--json"), Option("--dir")),
                    "study" => StudyBenchmark.Run((int)Number("--passes", 1_000), (int)Number("--periods", 250), (int)Number("--partitions", 16), (int)Number("--rounds", 3), Option("--json"), Option("--dir")),
                    _ => Usage(args[0]),
                };
            }
            catch (Exception ex) when (ex is FormatException or OverflowException)
            {
                Console.Error.WriteLine("bad number: " + ex.Message);
                return 2;
            }
        }

        private static int Usage(string command)
        {
            Console.Error.WriteLine($"unknown command '{command}'; expected {string.Join(", ", Commands[..^1])} or {Commands[^1]}");
            return 2;
        }
    }
}
