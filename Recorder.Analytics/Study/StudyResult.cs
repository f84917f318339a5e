namespace QuantowerRecorder.Analytics.Study;

/// <summary>
/// What a study's passes say together. Passes are in id order (ordinal). Figures that cannot be computed are null,
/// and <see cref="Notes"/> says why; a figure the study is too small for says what it lacks
/// (<see cref="PlateauNotEnough"/>, <see cref="ParameterImportance.NotEnough"/>, <see cref="BacktestOverfitting.NotEnough"/>).
/// <see cref="PlateauNeighbours"/> is k, the passes a plateau score averages (more on ties: each score's own count).
/// </summary>
public sealed record StudyResult(
    int Passes,
    int PassesWithObjective,
    string? BestPassId,
    string? PlateauPickId,
    int PlateauNeighbours,
    IReadOnlyList<PlateauScore> Plateau,
    NotEnough? PlateauNotEnough,
    IReadOnlyList<ParameterImportance> Importance,
    IReadOnlyList<Surface> Lines,
    BacktestOverfitting? Overfitting,
    IReadOnlyList<string> Notes);
