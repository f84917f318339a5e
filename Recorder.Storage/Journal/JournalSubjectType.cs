namespace QuantowerRecorder.Storage.Journal;

/// <summary>What a journal entry is about: a run, or a study (docs/studies.md).</summary>
public enum JournalSubjectType
{
    Run,
    Study,
}
