using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Journal;
using QuantowerRecorder.Storage.Journal;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>
/// `recorder tag &lt;run|study&gt; +tag -tag`: tags put on (+, or none) and taken off (-); without any, the tags it
/// carries (docs/cli.md, "note, tag, pin").
/// </summary>
internal static class TagCommand
{
    public static Command Create(CliContext context)
    {
        var subject = JournalWrite.Subject();
        var tags = new Argument<string[]>("tags")
        {
            Description = "+tag puts a tag on (the + may be left out), -tag takes one off; none lists the tags. A tag is letters, digits and - _ . : /, any case.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var author = JournalWrite.Author();
        var json = CommonOptions.Json();
        var command = new Command("tag", "Put tags on a run or study (+tag) and take them off (-tag); `recorder runs --tag T` lists the runs carrying one.")
        {
            subject, tags, author, json,
        };
        // "-later" is a tag to take off, not an option: such words reach the action as unmatched tokens.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse =>
        {
            var words = (parse.GetValue(tags) ?? []).Concat(parse.UnmatchedTokens).ToList();
            if (words.FirstOrDefault(w => w.StartsWith("--", StringComparison.Ordinal)) is { } option)
            {
                throw new CliException($"Unrecognized option '{option}'. A tag to take off is written -tag, with one dash.", ExitCodes.Usage);
            }

            var add = words.Where(w => !w.StartsWith('-')).Select(w => w.TrimStart('+')).ToList();
            var remove = words.Where(w => w.StartsWith('-')).Select(w => w[1..]).ToList();
            if (add.Count + remove.Count == 0)
            {
                return List(context, parse, parse.GetValue(subject)!, parse.GetValue(json));
            }

            return JournalWrite.Run(context, parse, parse.GetValue(subject)!, parse.GetValue(json),
                (journal, about) => journal.Tag(about, add, remove, JournalWrite.AuthorOf(parse, author)),
                (named, change, view) => $"{Capitalised(named.Label)} is tagged {(view.Tags.Count == 0 ? "with nothing" : string.Join(", ", view.Tags))}" +
                    (change.AlreadySo.Count == 0 ? "." : $" ({string.Join("; ", change.AlreadySo)}).") +
                    (named.Subject.Type == JournalSubjectType.Run && view.Tags.Count > 0 ? $" The runs tagged {view.Tags[0]}: recorder runs --tag {view.Tags[0]}" : ""));
        });
        return command;
    }

    private static int List(CliContext context, ParseResult parse, string text, bool json)
    {
        using var reader = DatabaseAccess.OpenRead(context.Database(parse), context.Env);
        var named = JournalSubjects.Resolve(reader, text);
        var view = reader.Journal.Of(named.Subject);
        if (json)
        {
            return context.Json(ReadModels.JournalRecord.Of(view));
        }

        JournalWrite.Say(context, view.Tags.Count == 0
            ? $"{Capitalised(named.Label)} carries no tag. Put one on: recorder tag {named.Typed} +keep"
            : $"{Capitalised(named.Label)} is tagged {string.Join(", ", view.Tags)}.");
        return ExitCodes.Ok;
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
