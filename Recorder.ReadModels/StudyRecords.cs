using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Study;

namespace QuantowerRecorder.ReadModels;

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
/// metrics shown beside it, its plateau score (docs/metrics.md, "Studies") with the passes it averaged (the pass
/// included; more than k on ties), and whether it is the best pass or the plateau pick.
/// </summary>
public sealed record StudyPassRecord(
    string RunId,
    string InstanceId,
    string Status,
    IReadOnlyDictionary<string, object?> Parameters,
    double? Objective,
    IReadOnlyDictionary<string, double?> Metrics,
    double? PlateauScore,
    int? PlateauPasses,
    double? WorstNeighbour,
    bool Best,
    bool PlateauPick);

/// <summary>A live, paper or replay run of a pass's parameter set, linked back to that pass.</summary>
public sealed record StudyLinkRecord(string RunId, string RunType, string Status, string StartUtc, string PassRunId);

/// <summary>
/// The probability of backtest overfitting (docs/metrics.md, "Studies") without its per-split series: the period its
/// returns were taken over (day, hour or minute), how many there were (<c>periods</c>, after <c>periods_dropped</c>
/// that not every pass had), the equal blocks they were cut into (<c>partitions</c> of <c>block_size</c>, the oldest
/// <c>oldest_left_out</c> left out) and the splits. A study too small for it has null figures and <c>not_enough</c>.
/// </summary>
public sealed record StudyOverfittingRecord(
    string Period,
    int Partitions,
    int BlockSize,
    int OldestLeftOut,
    int Splits,
    int Passes,
    int Periods,
    int PeriodsDropped,
    double? Probability,
    double? DegradationSlope,
    double? DegradationIntercept,
    double? ProbabilityOfLoss,
    NotEnough? NotEnough);

/// <summary>
/// The deflated Sharpe ratio of the pass best by the study's objective (<c>pass_id</c>; with another objective than
/// Sharpe it is that objective's best, not the Sharpe's): a run's figure over its trials (docs/metrics.md, "Trials") —
/// <c>population</c> says which runs they are, <c>trials</c> how many have a Sharpe ratio — on the same daily returns as
/// its <c>sharpe</c> (<c>observations</c> of them, annualised with <c>periods_per_year</c>). Null figures say why:
/// <c>not_enough</c> with fewer than 2 trials, else <c>reason</c>.
/// </summary>
public sealed record StudyDeflatedSharpeRecord(
    string PassId,
    string Population,
    string? StudyId,
    int Trials,
    double? SharpeVariance,
    double? Sharpe,
    int? PeriodsPerYear,
    int? Observations,
    double? Threshold,
    double? Probability,
    NotEnough? NotEnough,
    string? Reason);

/// <summary>
/// How the study's returns are annualised (docs/metrics.md, "Periods per year"): the passes' trading days a year and
/// hours a day, and the periods a year of its returns period (days, days × hours, or × 60 for minutes).
/// </summary>
public sealed record StudyAnnualisationRecord(int DaysPerYear, int HoursPerDay, int PeriodsPerYear);

/// <summary>
/// One study judged by one objective (<c>objectives</c>: the metric keys it can be judged by instead): the period its returns are taken over (day, hour or minute: the deflated Sharpe and PBO use
/// them), its passes sorted by the objective (best first), the plateau pick, parameter importance, the
/// objective over each input (lines) and over two of them (the heatmap: the two given, else the two most important),
/// the deflated Sharpe of the best pass, PBO, the runs linked to its passes, and notes on what could not be computed.
/// A figure the study is too small for is null and says what it lacks (<see cref="NotEnough"/>): <c>plateau_not_enough</c>
/// for the plateau scores and pick, <c>not_enough</c> in each importance and in <c>overfitting</c> and
/// <c>deflated_sharpe</c> (docs/http.md).
/// </summary>
public sealed record StudyRecord(
    StudySummaryRecord Study,
    string Objective,
    bool HigherIsBetter,
    IReadOnlyList<string> Objectives,
    string ReturnsPeriod,
    StudyAnnualisationRecord Annualisation,
    IReadOnlyList<string> Parameters,
    IReadOnlyList<StudyPassRecord> Passes,
    string? PlateauPickRunId,
    int PlateauNeighbours,
    NotEnough? PlateauNotEnough,
    IReadOnlyList<ParameterImportance> Importance,
    IReadOnlyList<Surface> Lines,
    Surface? Heatmap,
    StudyDeflatedSharpeRecord? DeflatedSharpe,
    StudyOverfittingRecord? Overfitting,
    IReadOnlyList<StudyLinkRecord> Linked,
    IReadOnlyList<string> Notes);
