using System.Globalization;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.ReadModels;

namespace QuantowerRecorder.Cli.Journal;

/// <summary>
/// A journal and a run's study passes as `show` and `journal` print them, from the contract's records: name and value,
/// a long value wrapped between words under itself (<see cref="Wrap.Indented"/>), a note's own line breaks kept.
/// </summary>
internal static class JournalLines
{
    private const int Label = 16;

    /// <summary>What `show` adds about a run: tags, pin, the studies it came from, and its notes.</summary>
    public static IEnumerable<string> Show(JournalRecord journal, IReadOnlyList<StudyPassLinkRecord> passes, int? width) =>
        // Only what there is: a run nobody wrote about shows as it did before the journal.
        (journal.Tags.Count > 0 ? Fact("Tags", string.Join(", ", journal.Tags), width) : [])
            .Concat(journal.Pinned ? Fact("Pinned", Pinned(journal), width) : [])
            .Concat(passes.SelectMany(p => Fact("From study", Pass(p), width)))
            .Concat(journal.Entries.Any(e => e.Kind == "note") ? Fact("Notes", "", width) : [])
            .Concat(journal.Entries.Where(e => e.Kind == "note").SelectMany(e => Entry(e, width)));

    /// <summary>Tags and pin, one line each.</summary>
    public static IEnumerable<string> Facts(JournalRecord journal, int? width) =>
        Fact("Tags", journal.Tags.Count == 0 ? "–" : string.Join(", ", journal.Tags), width)
            .Concat(Fact("Pinned", journal.Pinned ? Pinned(journal) : "no", width));

    /// <summary>Every entry, oldest first: notes with their text, the tag and pin acts in words.</summary>
    public static IEnumerable<string> Entries(JournalRecord journal, int? width) => journal.Entries.SelectMany(e => Entry(e, width));

    /// <summary>
    /// "pass 17 of 25 of study "X" (id), ranked 3rd of 25 by sharpe (1.2345), plateau score …": the study's own
    /// figures, as its record gives them.
    /// </summary>
    public static string Pass(StudyPassLinkRecord link)
    {
        var rank = link.Rank is { } r
            ? $"ranked {Ordinal(r)} of {link.Ranked} by {link.Objective} ({Numbers.Display(link.ObjectiveValue)})"
            : $"not ranked by {link.Objective} (the pass has no value of it)";
        var marks = string.Concat(link.Best ? ", the best pass" : "", link.PlateauPick ? ", the plateau pick" : "");
        // A study too small for a plateau has none, and says what it lacks, as `recorder study` does.
        var plateau = link.PlateauScore is { } score
            ? $"plateau score {Numbers.Display(score)}" + (link.PlateauPasses is { } n ? $" (mean of {n} passes)" : "")
            : link.PlateauNotEnough is { } lack ? $"plateau score: {lack.Text}" : "no plateau score";
        return $"pass {link.PassNumber} of {link.Passes} of study \"{link.StudyName}\" ({link.StudyId[..8]}), {rank}, " +
            $"{plateau}{marks}. The pass: recorder show {link.PassRunId}";
    }

    private static string Pinned(JournalRecord journal) => $"yes, by {journal.PinnedBy} {Numbers.Time(journal.PinnedUtc)} UTC";

    private static IEnumerable<string> Entry(JournalEntryRecord entry, int? width) =>
        Fact($"  {Numbers.Time(entry.CreatedUtc)} {entry.Author}: ", entry.Kind switch
        {
            "note" => entry.Body ?? "",
            "tag" => $"tagged {entry.Body}",
            "untag" => $"untagged {entry.Body}",
            "pin" => "pinned",
            _ => "unpinned",
        }, width, padded: false);

    private static IEnumerable<string> Fact(string name, string value, int? width, bool padded = true)
    {
        var label = padded ? name.PadRight(Label) + " " : name;
        var indent = new string(' ', CellWidth.Of(label));
        var first = true;
        foreach (var paragraph in value.Split('\n'))
        {
            foreach (var line in Wrap.Indented(first ? label : indent, paragraph, width))
            {
                yield return line;
            }

            first = false;
        }
    }

    private static string Ordinal(int n) => n.ToString(CultureInfo.InvariantCulture) + ((n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch
    {
        1 => "st",
        2 => "nd",
        3 => "rd",
        _ => "th",
    });
}
