using System.Text.Json;

namespace QuantowerRecorder.Storage.Queries;

/// <summary>What a run recorded that decides its study (docs/studies.md), with a user's assignment if any.</summary>
internal sealed record StudyRunFacts(
    string RunId, string InstanceId, string? ConfigHash, string? ParametersJson, string RunType, string Status,
    string StartUtc, string? EndUtc, string CreatedUtc, string? DataSource, string? StrategyId, string? StrategyName,
    string? Symbol, string? SymbolsJson, string? Timeframe, string? FingerprintJson,
    bool Assigned, string? AssignedStudyId, string? AssignedName, string? AssignedObjective)
{
    private Dictionary<string, string?>? fingerprint;

    /// <summary>The build that ran: the module's id (its compilation), else the file's hash, else name and version.</summary>
    public string Build => Field("module_version_id") ?? Field("sha256")
        ?? $"{Field("assembly")} {Field("assembly_version")}";

    /// <summary>The study its author named (RunRecorderOptions.Study), trimmed; null when none.</summary>
    public string? AuthorStudy => Field("study");

    /// <summary>The objective its author named (RunRecorderOptions.StudyObjective).</summary>
    public string? AuthorObjective => Field("study_objective");

    public bool IsBacktest => string.Equals(RunType, "BACKTEST", StringComparison.Ordinal);

    public StudyMember Member() => new(RunId, InstanceId, ConfigHash, ParametersJson, RunType, Status, StartUtc, EndUtc);

    private string? Field(string name)
    {
        fingerprint ??= Parse(FingerprintJson);
        return fingerprint.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
    }

    // A fingerprint that is not an object of texts (written by another tool) says nothing: no field is known.
    private static Dictionary<string, string?> Parse(string? json) =>
        Sql.JsonbText.Fields(json, v => v.ValueKind == JsonValueKind.String ? v.GetString() : null);
}
