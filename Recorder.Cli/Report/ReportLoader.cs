using QuantowerRecorder.Cli.Metrics;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Report;

/// <summary>Reads what the report needs from the stored derived tables through the read API (nothing is computed here).</summary>
internal static class ReportLoader
{
    public static ReportRun Load(IRecorderReader reader, string runId, int idLength)
    {
        var run = reader.Runs.Get(runId)!;
        var equity = reader.Performance.Equity(runId)
            .Select(e => new EquitySample(Timestamps.Parse(e.TsUtc), e.Equity, e.Drawdown, e.DrawdownPct)).ToList();
        var trades = reader.Trading.Trades(runId).Where(t => !t.IsOpen)
            .Select(t => new TradeSample(t.TradeNo, t.Side, t.Quantity, t.EntryUtc, t.ExitUtc, t.EntryPrice, t.ExitPrice, t.NetPnl,
                t.RMultiple, t.ExitReason, t.EntryTag))
            .ToList();
        var label = $"{ShortIds.Cut(runId, idLength)} · {Parameters.InstanceLabel(run.InstanceName, run.ParametersJson)} · {run.RunType}";
        return new ReportRun(run, label, MetricsReader.ForRun(reader, runId), equity, trades)
        {
            Warnings = InstrumentWarnings.For(reader, runId),
        };
    }
}
