using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Journal;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>`recorder note &lt;run|study&gt; "text"`: a note in the journal (docs/cli.md, "note, tag, pin").</summary>
internal static class NoteCommand
{
    public static Command Create(CliContext context)
    {
        var subject = JournalWrite.Subject();
        var text = new Argument<string>("text") { Description = "The note (quote it; up to 4,000 characters, line breaks kept)." };
        var author = JournalWrite.Author();
        var json = CommonOptions.Json();
        var command = new Command("note", "Add a note to a run or a study; `recorder show` and the page show it, merge and push carry it.")
        {
            subject, text, author, json,
        };
        command.SetAction(parse => JournalWrite.Run(context, parse, parse.GetValue(subject)!, parse.GetValue(json),
            (journal, about) => journal.Note(about, parse.GetValue(text)!, JournalWrite.AuthorOf(parse, author)),
            (named, _, view) => $"Noted on {named.Label} ({view.Notes.Count()} note(s) now). Its journal: recorder journal {named.Typed}"));
        return command;
    }
}
