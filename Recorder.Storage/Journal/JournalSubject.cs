namespace QuantowerRecorder.Storage.Journal;

/// <summary>What journal entries are about: a run by its full id, or a study by its id (<see cref="Queries.StudyInfo.StudyId"/>).</summary>
public sealed record JournalSubject(JournalSubjectType Type, string Id)
{
    public static JournalSubject Run(string runId) => new(JournalSubjectType.Run, runId);

    public static JournalSubject Study(string studyId) => new(JournalSubjectType.Study, studyId);
}
