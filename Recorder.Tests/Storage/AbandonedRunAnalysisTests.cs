using NUnit.Framework;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// A run whose recorder was killed is ended ABANDONED by the next open of its file (docs/decisions.md, 12), and analysed
/// then as any ended run: its stored analysis is the one `recorder analyze` computes from the same rows.
/// </summary>
[TestFixture]
public sealed class AbandonedRunAnalysisTests
{
    [Test]
    public void The_next_open_ends_a_killed_run_abandoned_and_stores_its_analysis_as_analyze_does()
    {
        using var db = new TempDatabase();
        var (runId, acknowledged) = CrashTests.RecordAndKill(db.Path, afterAcks: 4);
        Assert.That(acknowledged, Is.GreaterThan(0));

        // The next open: a session that records nothing, as a recorder starting again does.
        Recorded.Write(db.Path, []);

        Assert.That(Db.Scalar<string>(db.Path, "SELECT status FROM strategy_runs WHERE run_id = @runId", new { runId }), Is.EqualTo("ABANDONED"));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM executions WHERE run_id = @runId", new { runId }), Is.GreaterThan(0), "the run traded");
        var stored = Derived(db.Path, runId);
        Assert.That(Db.Scalar<long>(db.Path, "SELECT json_extract(metrics_json, '$.whole_run') FROM strategy_runs WHERE run_id = @runId", new { runId }),
            Is.EqualTo(1), "analysed whole, as an ended run");

        var reference = db.Sibling("analyzed.db");
        File.Copy(db.Path, reference);
        RunAnalysisStore.AnalyzeFile(reference, runId);
        Assert.That(stored, Is.EqualTo(Derived(reference, runId)), "every derived table and metric as analyze stores them");
    }

    // A run's derived rows and figures (the file holds this one run), without the time they were computed at.
    private static string Derived(string path, string runId) => string.Join("\n",
        Db.Query<string>(path, "SELECT json_remove(metrics_json, '$.analyzed_utc') FROM strategy_runs WHERE run_id = @runId", new { runId })
            .Concat(new[] { ("run_trades", "trade_no"), ("run_equity", "seq"), ("run_order_quality", "order_id"), ("run_metrics_kv", "key"),
                    ("run_order_shortfall", "order_id"), ("run_trade_context", "trade_no") }
                .SelectMany(t => Db.Dump(path, t.Item1, t.Item2).Prepend(t.Item1))));
}
