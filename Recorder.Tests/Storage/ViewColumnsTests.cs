using Dapper;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Storage.Queries;
using QuantowerRecorder.Tests.Support;
using QuantowerRecorder.Tests.Team;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// What the views show on the demo's file (issue 56): every column a run's events determine is filled — v_runs' account
/// among them —, and the views schema 22 rewrote to read one run alone give the rows schema 21's gave.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class ViewColumnsTests
{
    // Columns that are NULL on every row of the demo for a reason of the demo's, not of the view.
    private static readonly string[] EmptyOnTheDemo = ["v_runs.error_message"]; // no run of the demo failed

    [Test]
    public void Every_column_of_a_per_run_view_has_a_value_on_the_demo()
    {
        using var demo = DemoFiles.Create();
        using var connection = Db.Read(demo.Path);
        var empty = new List<string>();
        foreach (var view in PerRunViewTests.Views())
        {
            var columns = connection.Query<string>("SELECT name FROM pragma_table_info(@view)", new { view }).ToList();
            if (!columns.Contains("run_id"))
            {
                continue;
            }

            var filled = string.Join(", ", columns.Select(c => $"MAX(\"{c}\" IS NOT NULL)"));
            var row = (IDictionary<string, object>)connection.QuerySingle($"SELECT {filled} FROM {view}");
            empty.AddRange(columns.Where((c, i) => Convert.ToInt64(row.Values.ElementAt(i), System.Globalization.CultureInfo.InvariantCulture) == 0).Select(c => $"{view}.{c}"));
        }

        Assert.That(empty, Is.EquivalentTo(EmptyOnTheDemo));
    }

    [Test]
    public void v_runs_says_the_account_every_demo_run_traded()
    {
        using var demo = DemoFiles.Create();
        Assert.That(Db.Query<string?>(demo.Path, "SELECT account_id FROM v_runs"), Has.Count.EqualTo(32).And.All.EqualTo("DEMO-SIM"));
    }

    [Test]
    public void v_runs_names_each_account_a_run_traded_once_in_text_order()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, s.Start().Concat<RecorderEvent>(
        [
            s.Order("A", Side.Buy, 1, "FILLED", at: 60, filled: 1) with { AccountId = "ZULU" },
            s.Fill("X1", "A", Side.Buy, 1, at: 61) with { AccountId = "ZULU" },
            s.Order("B", Side.Sell, 1, "FILLED", at: 70, filled: 1),
            s.Fill("X2", "B", Side.Sell, 1, at: 71),
            s.Fill("X3", "C", Side.Buy, 1, at: 80) with { AccountId = "ALPHA" }, // a fill whose order never came
            s.End(at: 100),
        ]));
        var other = QueryFiles.LiveLoser(db);

        Assert.That(Db.Scalar<string>(db.Path, "SELECT account_id FROM v_runs WHERE run_id = @id", new { id = s.RunId }),
            Is.EqualTo("ACC-1, ALPHA, ZULU"));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT account_id FROM v_runs WHERE run_id = @id", new { id = other.RunId }),
            Is.EqualTo("ACC-1"));
    }

    // Schema 21's definitions (migrations 4, 5 and 19) beside schema 22's, on the demo: the whole file and each run.
    [TestCase("004_instruments.sql", "v_oco_groups", "FROM order_oco_groups g", "*")]
    // Schema 24 rounds the drawdowns the view computes (docs/metrics.md, "Stored precision"; the demo's money is in USD):
    // schema 21's are read rounded the same way, the rest as they are.
    [TestCase("019_equity_marked_on_bars.sql", "v_equity_points", "FROM points;",
        "run_id, seq, ts_utc, equity, ROUND(drawdown, 2) AS drawdown, ROUND(drawdown_pct, 6) AS drawdown_pct")]
    [TestCase("005_smaller_files.sql", "v_runs", "JOIN strategies s",
        "run_id, instance_id, strategy, strategy_version, instance_name, config_hash, parameters_json, symbol, timeframe, " +
        "run_type, status, start_utc, end_utc, duration_s, order_count, execution_count, net_pnl, total_return_pct, sharpe, " +
        "max_drawdown_pct, trade_count, win_rate, profit_factor, total_fees, error_message, currency, source_terminal")]
    public void A_rewritten_view_gives_schema_21s_rows(string migration, string view, string end, string columns)
    {
        using var demo = DemoFiles.Create();
        using var connection = PerRunViewTests.Writable(demo.Path);
        connection.Execute(SchemaSeventeen.Migration(migration, $"CREATE VIEW {view} AS", end)
            .Replace($"CREATE VIEW {view} AS", $"CREATE TEMP VIEW old_{view} AS", StringComparison.Ordinal));

        List<string> Rows(string from, string? runId) => connection.Query(
                $"SELECT {columns} FROM {from}" + (runId is null ? "" : " WHERE run_id = @runId"), new { runId })
            .Select(r => string.Join("|", ((IDictionary<string, object?>)r).Values.Select(v => v is double d ? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : v?.ToString() ?? "NULL")))
            .Order(StringComparer.Ordinal).ToList();

        var whole = Rows(view, null);
        Assert.That(whole, Is.Not.Empty);
        Assert.That(whole, Is.EqualTo(Rows("old_" + view, null)), "the whole file");
        foreach (var runId in connection.Query<string>("SELECT run_id FROM strategy_runs"))
        {
            Assert.That(Rows(view, runId), Is.EqualTo(Rows("old_" + view, runId)), runId);
        }
    }
}
