using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// What a run's money figures had to guess, as warning lines for show, trades and report: the symbols valued with
/// point value 1 because their instrument's point value was not recorded, and a run that mixes currencies. Read from
/// the notes the analysis stored, so the lines say exactly what the figures did.
/// </summary>
public static class InstrumentWarnings
{
    /// <summary>Whether the run's symbols have more than one currency: its amounts must not be added together.</summary>
    public static bool MixesCurrencies(IRecorderReader reader, string runId) => reader.Performance.Currencies([runId]).Count > 1;

    public static IReadOnlyList<string> For(IRecorderReader reader, string runId) => For(reader.Performance.Notes(runId));

    /// <summary>The warnings of a run's analysis notes already read (<see cref="RunDetail.Notes"/>).</summary>
    public static IReadOnlyList<string> For(AnalysisNotes notes)
    {
        if (!notes.Readable)
        {
            return ["Warning: the run's stored metrics summary is not valid JSON; run `recorder analyze` again."];
        }

        var lines = new List<string>();
        foreach (var text in notes.Notes)
        {
            foreach (var key in new[] { NoteKeys.PointValue, NoteKeys.Currency })
            {
                if (text.StartsWith(key + ": ", StringComparison.Ordinal))
                {
                    lines.Add("Warning: " + text[(key.Length + 2)..]);
                }
            }
        }

        return lines;
    }
}
