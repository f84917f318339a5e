using QuantowerRecorder.Analytics.Study;

namespace QuantowerRecorder.Storage.Queries;

/// <summary>The period a study's returns are taken over (docs/studies.md, "Returns per period").</summary>
public enum StudyPeriod
{
    Day,
    Hour,
    Minute,
}

/// <summary>One pass as the study shows it: the run, its inputs, its objective and the metrics beside it.</summary>
public sealed record StudyPassData(
    StudyMember Member,
    IReadOnlyDictionary<string, ParameterValue> Parameters,
    double? Objective,
    IReadOnlyDictionary<string, double?> Metrics);

/// <summary>
/// A study ready for <see cref="StudyAnalysis"/>: its passes with their inputs (those that vary across the passes), the
/// objective they are ranked by and its direction, and their returns per <see cref="Period"/>, aligned, annualised by
/// the passes' trading <see cref="Calendar"/>; <see cref="Notes"/> say what the loading had to assume.
/// </summary>
public sealed record StudyData(
    StudyInfo Study,
    string Objective,
    bool HigherIsBetter,
    StudyPeriod Period,
    int Periods,
    IReadOnlyList<string> Parameters,
    IReadOnlyList<StudyPassData> Passes,
    IReadOnlyList<StudyPass> AnalysisPasses,
    StudyOptions Options,
    Analytics.TradingCalendar Calendar,
    IReadOnlyList<string> Notes);
