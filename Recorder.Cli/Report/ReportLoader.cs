using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Insight;
using QuantowerRecorder.Cli.Metrics;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Report;

/// <summary>
/// Reads what the report needs through the read API (the stored equity, trades and metrics, buy-and-hold of the bars)
/// and hands it to Analytics' Insight computations; nothing is computed here.
/// </summary>
internal static class ReportLoader
{
    /// <summary>The rolling window: about six months when every run is long enough for two, else about a month.</summary>
    public static int Window(IEnumerable<int> dailyReturnCounts) =>
        dailyReturnCounts.All(n => n >= 2 * RollingStats.DefaultWindow) ? RollingStats.DefaultWindow : ShortWindow;

    /// <summary>About one month of trading days.</summary>
    public const int ShortWindow = 21;

    public static IReadOnlyList<ReportRun> Load(IRecorderReader reader, IReadOnlyList<string> runIds, IProgress<(long Done, long Total)> progress)
    {
        var idLength = ShortIds.Length(reader.Runs.Ids());
        var raw = new List<(RunSummary Run, IReadOnlyList<EquityPoint> Equity, IReadOnlyList<Trade> Trades, IReadOnlyList<DailyValue> Daily, RunBenchmark Benchmark)>();
        foreach (var runId in runIds)
        {
            var run = reader.Runs.Get(runId)!;
            var equity = reader.Performance.Equity(runId)
                .Select(e => new EquityPoint(Timestamps.Parse(e.TsUtc), e.Equity, e.Drawdown, e.DrawdownPct)).ToList();
            raw.Add((run, equity, StoredTrades.Closed(reader.Trading.Trades(runId)), DailyReturns.FromEquity(equity), RunBenchmark.Of(reader, runId)));
            progress.Report((raw.Count, runIds.Count));
        }

        var window = Window(raw.Select(r => r.Daily.Count));
        return raw.Select((r, i) =>
        {
            var currencies = reader.Performance.Currencies([r.Run.RunId]);
            var label = $"{ShortIds.Cut(r.Run.RunId, idLength)} · {Parameters.InstanceLabel(r.Run.InstanceName, r.Run.ParametersJson)} · {r.Run.RunType}";
            // Annualised as the run's own sharpe is: by its instruments' calendar (docs/metrics.md, "Periods per year").
            var perYear = reader.Performance.Metrics(r.Run.RunId).FirstOrDefault(m => m.Key == MetricKeys.PeriodsPerYear)?.Value is { } p
                ? (int)Math.Round(p) : TradingCalendar.SessionDays;
            return new ReportRun(r.Run, label, Palette.Of(i), r.Equity, r.Trades, ReportInsight.Of(r.Equity, r.Trades, r.Daily, window, perYear))
            {
                Currency = currencies.Count == 1 ? currencies[0] : null,
                Warnings = InstrumentWarnings.For(reader, r.Run.RunId),
                Notes = reader.Performance.Notes(r.Run.RunId).Notes,
                Benchmark = r.Benchmark,
                Journal = ReadModels.JournalRecord.Of(reader.Journal.Of(Storage.Journal.JournalSubject.Run(r.Run.RunId))),
                StudyPasses = ReadModels.StudyPassLinks.For(reader, r.Run),
            };
        }).ToList();
    }
}
