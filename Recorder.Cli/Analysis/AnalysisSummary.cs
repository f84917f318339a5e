namespace QuantowerRecorder.Cli.Analysis;

/// <summary>What analysing one run produced, for the command's output.</summary>
internal sealed record AnalysisSummary(string RunId, int Trades, int OpenPositions, int EquityPoints, int Metrics, double? NetPnl);
