using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Tests.Support;
using QuantowerRecorder.Tests.Team;
using CliRunner = QuantowerRecorder.Tests.Cli.Cli;

namespace QuantowerRecorder.Tests.Storage.Insight;

/// <summary>`recorder push` into a real PostgreSQL carries decision marks, shortfall per order and trade context.</summary>
[TestFixture]
[Category("PostgreSQL")]
public sealed class InsightPushTests
{
    private static readonly string[] Queries =
    [
        "SELECT run_id, decision_id, decided_utc, signal, symbol, side, quantity, price, order_id FROM order_decisions",
        """
        SELECT run_id, order_id, symbol, side, decision_id, has_decision, intended_quantity, filled_quantity, decision_price,
               submission_price, avg_fill_price, end_price, delay, delay_unknown, execution, execution_unknown, fees, opportunity,
               opportunity_unknown, total, complete, point_value_assumed
        FROM run_order_shortfall
        """,
        "SELECT * FROM run_trade_context",
        "SELECT run_id, key, value, unit FROM run_metrics_kv WHERE key LIKE 'shortfall%'",
        "SELECT instance_id, currency, runs, orders, orders_with_decision, delay, execution, fees, opportunity, total, complete_orders FROM v_instance_shortfall",
    ];

    [Test]
    public void Push_carries_the_decisions_the_shortfall_and_the_trade_context_and_the_team_views_agree()
    {
        using var db = new TempDatabase();
        var s = InsightStoreTests.RecordThreeOrders(db);
        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: TimeProvider.System);
        using var team = PostgresServer.CreateDatabase();

        var push = CliRunner.Run(db.Folder, "push", "--to", team.ConnectionString, db.Path);

        Assert.That(push.ExitCode, Is.EqualTo(0), push.ToString());
        Assert.That(team.Scalar("SELECT COUNT(*) FROM order_decisions"), Is.EqualTo(2));
        Assert.That(team.Scalar("SELECT COUNT(*) FROM run_order_shortfall"), Is.EqualTo(3));
        Assert.That(team.Scalar("SELECT COUNT(*) FROM run_trade_context"), Is.GreaterThan(0));
        using var file = new SqliteConnection($"Data Source={db.Path};Mode=ReadOnly;Pooling=False");
        file.Open();
        using var pg = team.Open();
        foreach (var sql in Queries)
        {
            Assert.That(TerminalFiles.Lines(pg, sql), Is.EqualTo(TerminalFiles.Lines(file, sql)), sql);
        }
    }
}
