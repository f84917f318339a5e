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
}
