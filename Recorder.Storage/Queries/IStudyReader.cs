namespace QuantowerRecorder.Storage.Queries;

/// <summary>Reads studies: the passes of one optimisation, grouped as docs/studies.md says.</summary>
public interface IStudyReader
{
    /// <summary>Every study with at least one pass, by its first pass's start, then id.</summary>
    IReadOnlyList<StudyInfo> List();

    /// <summary>
    /// What a user typed as a study: its full id or name (ignoring case) gives that one; otherwise every study whose id
    /// starts with the text or whose name contains it (ignoring case). Empty when none does.
    /// </summary>
    IReadOnlyList<StudyInfo> Match(string text);

    /// <summary>
    /// A run's deflated Sharpe ratio as its trials stand now (docs/metrics.md, "Trials": the passes of its study over
    /// the same period, else the strategy's runs over the same data), from the metrics stored for them: what
    /// `recorder analyze` of the run would store. Null for a run the store does not have.
    /// </summary>
    RunDeflatedSharpe? DeflatedSharpe(string runId);

    /// <summary>The other runs of a run's trials with their stored Sharpe ratios, as its analysis takes them; null for an unknown run.</summary>
    Analytics.TrialPopulation? Trials(string runId);
}
