namespace QuantowerRecorder.Storage.Queries;

/// <summary>How a study came to be (docs/studies.md, "Which runs form a study").</summary>
public enum StudyOrigin
{
    /// <summary>Inferred from what the runs recorded: one strategy and build over one environment, started together.</summary>
    Inferred,

    /// <summary>Named by the strategy's author (RunRecorderOptions.Study).</summary>
    Named,

    /// <summary>Grouped by a user with `recorder study group`.</summary>
    Grouped,
}

/// <summary>One pass of a study: a run and the parameter set it ran with.</summary>
public sealed record StudyMember(
    string RunId, string InstanceId, string? ConfigHash, string? ParametersJson, string RunType, string Status,
    string StartUtc, string? EndUtc);

/// <summary>A live, paper or replay run of a pass's parameter set (same instance), outside the study.</summary>
public sealed record StudyLink(string RunId, string RunType, string Status, string StartUtc, string PassRunId, string InstanceId);

/// <summary>
/// A study: its passes (runs in run-id order), where they ran — the first pass's strategy, symbol, timeframe, data
/// source and period (backtest start and end as the run's clock saw them) —, the objective its author or user chose
/// (a metric key; null: not said), and the runs of its parameter sets outside it.
/// </summary>
public sealed record StudyInfo(
    string StudyId,
    string Name,
    StudyOrigin Origin,
    string? StrategyId,
    string? StrategyName,
    string? Objective,
    string? Symbol,
    string? Timeframe,
    string? DataSource,
    string? PeriodStartUtc,
    string? PeriodEndUtc,
    IReadOnlyList<StudyMember> Passes,
    IReadOnlyList<StudyLink> Linked);
