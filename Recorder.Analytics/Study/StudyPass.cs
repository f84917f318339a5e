namespace QuantowerRecorder.Analytics.Study;

/// <summary>
/// One pass of a study: its id, its inputs, the objective the optimiser ranked it by (null when unknown), and its
/// returns per period. <paramref name="Returns"/>[i] is period i of the study for every pass (the caller aligns them:
/// same calendar, flat periods as 0); a missing period is NaN, and a shorter series is missing its last periods.
/// </summary>
public sealed record StudyPass(
    string Id,
    IReadOnlyDictionary<string, ParameterValue> Parameters,
    double? Objective,
    IReadOnlyList<double> Returns);
