using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Journal;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>`recorder pin &lt;run|study&gt;` and `unpin`: a pinned run is one `recorder prune` keeps (docs/cli.md, "note, tag, pin").</summary>
internal static class PinCommand
{
    public static Command Pin(CliContext context) => Create(context, pinned: true);

    public static Command Unpin(CliContext context) => Create(context, pinned: false);

    private static Command Create(CliContext context, bool pinned)
    {
        var subject = JournalWrite.Subject();
        var author = JournalWrite.Author();
        var json = CommonOptions.Json();
        var command = pinned
            ? new Command("pin", "Pin a run or study: `recorder prune` keeps pinned runs unless --include-pinned; `recorder runs --pinned` lists them.") { subject, author, json }
            : new Command("unpin", "Take the pin off a run or study.") { subject, author, json };
        command.SetAction(parse => JournalWrite.Run(context, parse, parse.GetValue(subject)!, parse.GetValue(json),
            (journal, about) => journal.Pin(about, pinned, JournalWrite.AuthorOf(parse, author)),
            (named, change, _) => Said(named, change.AlreadySo.Count > 0, pinned)));
        return command;
    }

    private static string Said(NamedSubject named, bool already, bool pinned)
    {
        var label = char.ToUpperInvariant(named.Label[0]) + named.Label[1..];
        var kept = named.Subject.Type == Storage.Journal.JournalSubjectType.Run ? ": `recorder prune` keeps it" : "";
        return (already, pinned) switch
        {
            (false, true) => $"Pinned {named.Label}{kept}. Unpin it: recorder unpin {named.Typed}",
            (true, true) => $"{label} is already pinned. Unpin it: recorder unpin {named.Typed}",
            (false, false) => $"Unpinned {named.Label}.",
            (true, false) => $"{label} is not pinned.",
        };
    }
}
