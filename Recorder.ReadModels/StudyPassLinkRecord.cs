using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// A live, paper or replay run that ran the parameter set of a study's pass (docs/studies.md, "linked"), seen from the
/// run: which pass (its place among the study's passes in the order they ran, <c>pass_number</c> of <c>passes</c>),
/// its rank by the study's objective (1 the best, of <c>ranked</c> passes that have it; null without it), the
/// objective's value, and the pass's plateau score with the passes it averaged as the study's own record gives them
/// (<see cref="StudyRecord"/>), or what the study lacks for one (<c>plateau_not_enough</c>).
/// </summary>
public sealed record StudyPassLinkRecord(
    string StudyId,
    string StudyName,
    string PassRunId,
    int PassNumber,
    int Passes,
    int? Rank,
    int Ranked,
    string Objective,
    double? ObjectiveValue,
    double? PlateauScore,
    int? PlateauPasses,
    int PlateauNeighbours,
    NotEnough? PlateauNotEnough,
    bool Best,
    bool PlateauPick);
