using QuantowerRecorder.Analytics.Study;

namespace QuantowerRecorder.Server.Contract;

/// <summary>
/// One study as `recorder studies --json` and GET /api/studies/ list it: where its passes ran, how many there are, and
/// the best of them by its objective (docs/studies.md).
/// </summary>
public sealed record StudySummaryRecord(
    string StudyId,
    string Name,
    string Origin,
    string? StrategyId,
    string? StrategyName,
    string? Symbol,
    string? Timeframe,
    string? DataSource,
    string? PeriodStartUtc,
    string? PeriodEndUtc,
    int Passes,
    int Linked,
    string Objective,
    string? BestRunId,
    double? BestObjective);

/// <summary>
/// One pass: its run, its inputs (numbers or texts, only those that vary across the study), its objective and the
/// metrics shown beside it, its plateau score (docs/metrics.md, "Studies"), and whether it is the best pass or the
/// plateau pick.
/// </summary>
public sealed record StudyPassRecord(
    string RunId,
    string InstanceId,
    string Status,
    IReadOnlyDictionary<string, object?> Parameters,
    double? Objective,
    IReadOnlyDictionary<string, double?> Metrics,
    double? PlateauScore,
    double? WorstNeighbour,
    bool Best,
    bool PlateauPick);

/// <summary>A live, paper or replay run of a pass's parameter set, linked back to that pass.</summary>
public sealed record StudyLinkRecord(string RunId, string RunType, string Status, string StartUtc, string PassRunId);

/// <summary>
/// The probability of backtest overfitting (docs/metrics.md, "Studies") without its per-split series: the period its
/// returns were taken over (day, hour or minute) and how many there were.
/// </summary>
public sealed record StudyOverfittingRecord(
    string Period,
    int Partitions,
    int Splits,
    int Passes,
    int Periods,
    int PeriodsDropped,
    double Probability,
    double? DegradationSlope,
    double? DegradationIntercept,
    double ProbabilityOfLoss);

/// <summary>
/// One study judged by one objective (<c>objectives</c>: the metric keys it can be judged by instead): the period its returns are taken over (day, hour or minute: the deflated Sharpe and PBO use
/// them), its passes sorted by the objective (best first), the plateau pick, parameter importance, the
/// objective over each input (lines) and over two of them (the heatmap: the two given, else the two most important),
/// the deflated Sharpe of the best pass, PBO, the runs linked to its passes, and notes on what could not be computed.
/// </summary>
public sealed record StudyRecord(
    StudySummaryRecord Study,
    string Objective,
    bool HigherIsBetter,
    IReadOnlyList<string> Objectives,
    string ReturnsPeriod,
    IReadOnlyList<string> Parameters,
    IReadOnlyList<StudyPassRecord> Passes,
    string? PlateauPickRunId,
    int PlateauNeighbours,
    IReadOnlyList<ParameterImportance> Importance,
    IReadOnlyList<Surface> Lines,
    Surface? Heatmap,
    StudyDeflatedSharpe? DeflatedSharpe,
    StudyOverfittingRecord? Overfitting,
    IReadOnlyList<StudyLinkRecord> Linked,
    IReadOnlyList<string> Notes);
