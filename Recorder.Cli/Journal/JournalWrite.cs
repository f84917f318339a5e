using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage.Journal;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Journal;

/// <summary>
/// The one way `note`, `tag`, `pin` and `unpin` write: the subject resolved through the read API, the act through
/// Storage's journal writer (RecorderStore.OpenJournal; the CLI writes no SQL), a refusal as a usage error, then what
/// the subject's journal holds now — as text, or the contract's journal record with --json.
/// </summary>
internal static class JournalWrite
{
    public static Argument<string> Subject() => new("run|study")
    {
        Description = "A run id (or a unique prefix of it), or a study's name or id (recorder studies lists them).",
    };

    public static Option<string?> Author() => new("--author")
    {
        Description = "Who writes it (default: $RECORDER_AUTHOR, else your user name).",
    };

    /// <summary>Who writes: --author, else $RECORDER_AUTHOR, else the user's login name.</summary>
    public static string AuthorOf(ParseResult parse, Option<string?> author) =>
        parse.GetValue(author) is { Length: > 0 } given ? given
        : Environment.GetEnvironmentVariable("RECORDER_AUTHOR") is { Length: > 0 } variable ? variable
        : Environment.UserName;

    /// <summary>Resolves the subject, writes, prints; returns the exit code.</summary>
    public static int Run(CliContext context, ParseResult parse, string subjectText, bool json,
        Func<IJournalWriter, JournalSubject, JournalChange> write, Func<NamedSubject, JournalChange, JournalView, string> describe)
    {
        var path = context.DatabaseFile(parse);
        NamedSubject subject;
        using (var reader = DatabaseAccess.OpenRead(path, context.Env))
        {
            subject = JournalSubjects.Resolve(reader, subjectText);
        }

        JournalChange change;
        try
        {
            using var journal = RecorderStore.OpenJournal(path, context.Time, context.Env.LockWait);
            change = write(journal, subject.Subject);
        }
        catch (ArgumentException e)
        {
            // The reason alone: .NET's " (Parameter '…')" says nothing to a user.
            throw new CliException(e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal), ExitCodes.Usage);
        }

        using var after = DatabaseAccess.OpenRead(path, context.Env);
        var view = after.Journal.Of(subject.Subject);
        if (json)
        {
            return context.Json(JournalRecord.Of(view));
        }

        Say(context, describe(subject, change, view));
        return ExitCodes.Ok;
    }

    /// <summary>A sentence wrapped between words at the terminal's width (whole on a pipe without COLUMNS).</summary>
    public static void Say(CliContext context, string text)
    {
        foreach (var line in Tables.Wrap.Indented("", text, context.Layout(wide: false).Width))
        {
            context.Line(line);
        }
    }
}
