namespace QuantowerRecorder.ReadModels;

/// <summary>One metric across the compared subjects, with the indexes of the best values.</summary>
public sealed record ComparisonRow(string Key, string? Unit, IReadOnlyList<double?> Values, IReadOnlyList<int> Best);
