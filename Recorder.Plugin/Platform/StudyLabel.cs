namespace QuantowerRecorder.Plugin.Platform;

/// <summary>What an author said of the study a run is a pass of (RunRecorderOptions.Study, StudyObjective), trimmed.</summary>
internal sealed record StudyLabel(string? Name, string? Objective)
{
    public static StudyLabel? Of(string? name, string? objective)
    {
        var n = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        var o = string.IsNullOrWhiteSpace(objective) ? null : objective.Trim().ToLowerInvariant();
        return n is null && o is null ? null : new StudyLabel(n, o);
    }
}
