using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// A run's buy-and-hold benchmark as the page shows it (<see cref="RunBenchmark"/>): the figures `recorder insight`
/// shows (null when not computed, with why in <c>missing</c>) and the line of the initial balance held in the symbol.
/// </summary>
public static class BenchmarkView
{
    public static View Of(IRecorderReader reader, string runId)
    {
        var b = RunBenchmark.Of(reader, runId);
        return new View(b.Symbols, b.Symbols.Count == 1 ? b.Symbols[0] : null, b.Figures?.ReturnPct, b.Figures?.CommonDays,
            b.Figures?.Correlation, b.Figures?.Beta, b.Missing, b.Line.Select(p => new Point(Timestamps.Format(p.TimeUtc), p.Value)).ToList());
    }

    /// <summary>The benchmark; times are ISO-8601 UTC text as everywhere in the API.</summary>
    public sealed record View(
        IReadOnlyList<string> Symbols, string? Symbol, double? ReturnPct, int? CommonDays, double? Correlation, double? Beta,
        string? Missing, IReadOnlyList<Point> Line);

    /// <summary>One point of the buy-and-hold line, in the run's currency.</summary>
    public sealed record Point(string TsUtc, double Value);
}
