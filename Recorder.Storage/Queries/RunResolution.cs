namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// What a run id typed by a user means: the full id or a unique prefix of it (ignoring case).
/// </summary>
/// <param name="RunId">The run meant, or null when the text is ambiguous or unknown.</param>
/// <param name="Matches">The ids the text is a prefix of, when several (ambiguous); sorted.</param>
/// <param name="Closest">When nothing matches: up to three ids close to the text (for "did you mean").</param>
public sealed record RunResolution(string? RunId, IReadOnlyList<string> Matches, IReadOnlyList<string> Closest)
{
    /// <summary>Whether exactly one run is meant.</summary>
    public bool Found => RunId is not null;

    /// <summary>Whether the text is the start of several run ids.</summary>
    public bool Ambiguous => RunId is null && Matches.Count > 1;
}
