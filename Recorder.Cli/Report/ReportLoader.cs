using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Cli.Metrics;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Storage;

namespace QuantowerRecorder.Cli.Report;

/// <summary>Reads what the report needs from the stored derived tables (nothing is computed here).</summary>
internal static class ReportLoader
{
    public static ReportRun Load(SqliteConnection connection, string runId, int idLength)
    {
        var run = RunQueries.Get(connection, runId);
        var equity = connection.Query<(string TsUtc, double Equity, double Drawdown, double? DrawdownPct)>(
                "SELECT ts_utc, equity, drawdown, drawdown_pct FROM run_equity WHERE run_id = @runId ORDER BY seq", new { runId })
            .Select(e => new EquitySample(Timestamps.Parse(e.TsUtc), e.Equity, e.Drawdown, e.DrawdownPct)).ToList();
        var trades = connection.Query<TradeSample>(
            """
            SELECT trade_no AS Number, side AS Side, quantity AS Quantity, entry_utc AS EntryUtc, exit_utc AS ExitUtc,
                   entry_price AS EntryPrice, exit_price AS ExitPrice, net_pnl AS NetPnl, r_multiple AS RMultiple,
                   exit_reason AS ExitReason, entry_tag AS EntryTag
            FROM run_trades WHERE run_id = @runId AND is_open = 0 ORDER BY trade_no
            """, new { runId }).ToList();
        var label = $"{ShortIds.Cut(runId, idLength)} · {Parameters.InstanceLabel(run.InstanceName, run.ParametersJson)} · {run.RunType}";
        return new ReportRun(run, label, MetricsReader.ForRun(connection, runId), equity, trades)
        {
            Warnings = InstrumentWarnings.For(connection, runId),
        };
    }
}
