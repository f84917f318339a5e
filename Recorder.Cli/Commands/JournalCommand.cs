using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Journal;
using QuantowerRecorder.ReadModels;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>`recorder journal &lt;run|study&gt;`: what people wrote about a run or study, every entry (docs/cli.md, "note, tag, pin").</summary>
internal static class JournalCommand
{
    public static Command Create(CliContext context)
    {
        var subject = JournalWrite.Subject();
        var wide = CommonOptions.Wide();
        var json = CommonOptions.Json();
        var command = new Command("journal", "Show a run's or study's journal: its tags, its pin and every note and act, oldest first.") { subject, wide, json };
        command.SetAction(parse =>
        {
            using var reader = DatabaseAccess.OpenRead(context.Database(parse), context.Env);
            var named = JournalSubjects.Resolve(reader, parse.GetValue(subject)!);
            var journal = JournalRecord.Of(reader.Journal.Of(named.Subject));
            if (parse.GetValue(json))
            {
                return context.Json(journal);
            }

            var width = parse.GetValue(wide) ? null : context.Layout(wide: false).Width;
            context.Line($"Journal of {named.Label}");
            foreach (var line in JournalLines.Facts(journal, width).Concat(JournalLines.Entries(journal, width)))
            {
                context.Line(line);
            }

            if (journal.Entries.Count == 0)
            {
                JournalWrite.Say(context, $"Nothing written about {named.Label} yet. Add a note: recorder note {named.Typed} \"…\"");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
