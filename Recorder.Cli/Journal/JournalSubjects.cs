using QuantowerRecorder.Cli.Commands;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Storage.Journal;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Journal;

/// <summary>A run or study a user named, and how to name it back to them.</summary>
internal sealed record NamedSubject(JournalSubject Subject, string Label, string Typed);

/// <summary>
/// What `note`, `tag` and `pin` are about: a run (its id or a unique prefix, as every command takes it) or a study (its
/// name or id, as `recorder study` takes it). A study's whole name or id wins; then a run; then a study's part.
/// </summary>
internal static class JournalSubjects
{
    public static NamedSubject Resolve(IRecorderReader reader, string text)
    {
        var studies = reader.Studies.Match(text);
        var trimmed = text.Trim();
        var exactStudy = studies.FirstOrDefault(s => string.Equals(s.StudyId, trimmed, StringComparison.OrdinalIgnoreCase)
                                                     || string.Equals(s.Name, trimmed, StringComparison.OrdinalIgnoreCase));
        if (exactStudy is not null)
        {
            return Study(exactStudy);
        }

        var run = reader.Runs.Resolve(text);
        if (run.RunId is { } id)
        {
            var shown = ShortIds.Cut(id, ShortIds.Length(reader.Runs.Ids()));
            return new NamedSubject(JournalSubject.Run(id), $"run {shown}", shown);
        }

        if (run.Ambiguous)
        {
            throw new CliException(RunResolver.Ambiguous(reader, text, run.Matches));
        }

        return studies.Count switch
        {
            0 => throw new CliException($"No run or study '{trimmed}' in this database. List them with `recorder runs` and `recorder studies`."),
            1 => Study(studies[0]),
            // Several: Find says which, as `recorder study` does.
            _ => Study(StudyCommand.Find(reader, text)),
        };
    }

    private static NamedSubject Study(StudyInfo study) =>
        new(JournalSubject.Study(study.StudyId), $"study \"{study.Name}\"", Quoted(study.Name));

    // A name as a shell takes it back: quoted when it holds a space.
    private static string Quoted(string name) => name.Contains(' ', StringComparison.Ordinal) ? $"\"{name}\"" : name;
}
