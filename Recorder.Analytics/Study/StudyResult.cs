namespace QuantowerRecorder.Analytics.Study;

/// <summary>
/// What a study's passes say together. Passes are in id order (ordinal). Figures that cannot be computed are null,
/// and <see cref="Notes"/> says why.
/// </summary>
public sealed record StudyResult(
    int Passes,
    int PassesWithObjective,
    string? BestPassId,
    string? PlateauPickId,
    int PlateauNeighbours,
    IReadOnlyList<PlateauScore> Plateau,
    IReadOnlyList<ParameterImportance> Importance,
    IReadOnlyList<Surface> Lines,
    StudyDeflatedSharpe? DeflatedSharpe,
    BacktestOverfitting? Overfitting,
    IReadOnlyList<string> Notes);
