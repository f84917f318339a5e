using System.Text.Json;
using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Queries.Sql;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// One question, one snapshot (docs/architecture.md, "One `recorder show`, file by file"): `show`, `study`, `whatif`
/// and `drift` read the file in one read transaction, so a writer committing meanwhile is in the whole answer or in
/// none of it.
/// </summary>
[TestFixture]
public sealed class OneSnapshotTests
{
    private TempDatabase db = null!;

    [OneTimeSetUp]
    public void MakeDemo() => db = DemoFiles.Create();

    [OneTimeTearDown]
    public void Remove() => db.Dispose();

    [Test]
    public void Show_reads_each_run_in_one_read_transaction([Values] bool json)
    {
        var pass = Db.Scalar<string>(db.Path,
            "SELECT run_id FROM strategy_runs WHERE json_extract(fingerprint_json, '$.study') IS NOT NULL ORDER BY start_utc, run_id LIMIT 1");
        // The trader's backtests and paper runs (a paper run shows the study passes of its parameter set), and a pass.
        Assert.Multiple(() =>
        {
            foreach (var runId in DemoFiles.TraderRuns(db.Path).Append(pass))
            {
                string[] args = json ? ["show", runId[..13], "--json"] : ["show", runId[..13]];
                var (run, reader) = Watched(db.Path, _ => { }, args);
                Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
                Assert.That(reader.ReadTransactions, Is.EqualTo(1), $"show {runId}");
            }
        });
    }

    [Test]
    public void Study_whatif_and_drift_each_read_in_one_read_transaction()
    {
        using (var studies = JsonDocument.Parse(Cli.Run(db.Folder, "studies", "--json", "--db", db.Path).Out))
        {
            var study = studies.RootElement[0].GetProperty("study_id").GetString()!;
            Once(["study", study[..8]]);
            Once(["study", study, "--json"]);
        }

        var backtest = DemoFiles.TraderRuns(db.Path, "BACKTEST")[0];
        var paper = DemoFiles.TraderRuns(db.Path, "PAPER")[0];
        Once(["whatif", backtest[..13], "--stops", "8t,16t", "--targets", "12t"]);
        Once(["drift", paper[..13]]);
        Once(["drift", paper, backtest, "--json"]);
    }

    [Test]
    public void The_report_of_runs_and_of_a_study_each_read_in_one_read_transaction()
    {
        string study;
        using (var studies = JsonDocument.Parse(Cli.Run(db.Folder, "studies", "--json", "--db", db.Path).Out))
        {
            study = studies.RootElement[0].GetProperty("study_id").GetString()!;
        }

        var backtest = DemoFiles.TraderRuns(db.Path, "BACKTEST")[0];
        var paper = DemoFiles.TraderRuns(db.Path, "PAPER")[0];
        Once(["report", backtest[..13], paper[..13], "-o", Path.Combine(db.Folder, "one-snapshot-runs.html")]);
        Once(["report", "--study", study[..8], "-o", Path.Combine(db.Folder, "one-snapshot-study.html")]);
        Assert.That(File.Exists(Path.Combine(db.Folder, "one-snapshot-runs.html")) && File.Exists(Path.Combine(db.Folder, "one-snapshot-study.html")), "both reports were written");
    }

    [Test]
    public void Show_prints_the_run_as_it_was_before_a_writer_committed_or_after_never_a_mix([Values] bool json)
    {
        var runId = DemoFiles.TraderRuns(db.Path, "BACKTEST")[0];
        string[] args = json ? ["show", runId, "--json"] : ["show", runId];
        var before = Cli.Run(db.Folder, [.. args, "--db", db.Path]);
        string after;
        using (var written = DemoFiles.Create())
        {
            LiveWriter.Commit(written.Path, runId);
            after = Cli.Run(written.Folder, [.. args, "--db", written.Path]).ToString();
        }

        Assert.That(after, Is.Not.EqualTo(before.ToString()), "the writer changes what show prints");
        var reads = 0;
        Watched(db.Path, AfterEachRead(() => reads++), args);
        Assert.That(reads, Is.GreaterThan(3), "show reads the run's row, metrics and notes");

        // The writer commits between read k and read k + 1 of the question, for every k: wherever it lands, show prints
        // one state of the file.
        for (var k = 1; k < reads; k++)
        {
            using var copy = DemoFiles.Create();
            var seen = 0;
            var (run, _) = Watched(copy.Path, AfterEachRead(() =>
            {
                if (++seen == k)
                {
                    LiveWriter.Commit(copy.Path, runId);
                }
            }), args);
            Assert.That(seen, Is.GreaterThanOrEqualTo(k), "the writer committed");
            var shown = run.ToString();
            Assert.That(shown == before.ToString() || shown == after, Is.True,
                $"the writer committed after read {k} of {reads}; show printed neither the file before nor after it:\n{shown}\n--- before ---\n{before}\n--- after ---\n{after}");
        }
    }

    private void Once(string[] args)
    {
        var (run, reader) = Watched(db.Path, _ => { }, args);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(reader.ReadTransactions, Is.EqualTo(1), string.Join(' ', args));
    }

    /// <summary>
    /// Runs the command on <paramref name="path"/>, its read session's connection telling <paramref name="executing"/>
    /// each statement before it runs, and gives back the one read session it opened.
    /// </summary>
    private static (CliRun Run, SqlRecorderReader Reader) Watched(string path, Action<SqliteCommand> executing, string[] args)
    {
        var opened = new List<SqlRecorderReader>();
        var run = Cli.Run(Path.GetDirectoryName(path)!, env => env with
        {
            OpenFile = file =>
            {
                var reader = (SqlRecorderReader)RecorderStore.OpenRead(file, WatchedConnection.Watching(executing));
                opened.Add(reader);
                return reader;
            },
        }, [.. args, "--db", path]);
        Assert.That(opened, Has.Count.EqualTo(1), run.ToString());
        return (run, opened[0]);
    }

    // Told each statement of the session: afterRead runs after each read of a read transaction, still inside it — before
    // the transaction's next statement, and before the COMMIT or ROLLBACK that ends it. Statements outside one (opening
    // the file) are no reads of the question.
    private static Action<SqliteCommand> AfterEachRead(Action afterRead)
    {
        var reads = -1; // -1: no read transaction open
        return command =>
        {
            var sql = command.CommandText.TrimStart();
            if (sql.StartsWith("BEGIN", StringComparison.OrdinalIgnoreCase))
            {
                reads = 0;
                return;
            }

            if (reads > 0)
            {
                afterRead();
            }

            var ends = sql.StartsWith("COMMIT", StringComparison.OrdinalIgnoreCase) || sql.StartsWith("ROLLBACK", StringComparison.OrdinalIgnoreCase);
            reads = ends ? -1 : reads < 0 ? -1 : reads + 1;
        };
    }
}
