namespace QuantowerRecorder.Cli.Analysis;

/// <summary>What analysing one run produced: `analyze --json` writes it as it is (counts named <c>*_count</c>, as a run's are).</summary>
internal sealed record AnalysisSummary(string RunId, int TradeCount, int OpenPositionCount, int EquityPointCount, int MetricCount, double? NetPnl);
