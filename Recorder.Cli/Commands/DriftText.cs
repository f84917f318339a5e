using System.Globalization;
using QuantowerRecorder.Analytics.Drift;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.ReadModels;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>How `recorder drift` prints for people: the verdict in words, how the band was made, the band by trade.</summary>
internal static class DriftText
{
    /// <summary>Rows of the band shown; a longer run shows evenly spaced trades, the start of its streak and its last.</summary>
    internal const int MaxRows = 20;

    public static void Write(CliContext context, DriftRecord record, bool wide)
    {
        var chosen = record.BacktestChosenBy == "named" ? ""
            : record.InSample ? " (the instance's most recent; none ended before this run's first trade)"
            : " (the instance's latest that ended before this run's first trade)";
        context.Line($"Forward  {record.ForwardRun}  {record.ForwardType}  {Wrap.Keep(record.InstanceName ?? "")}".TrimEnd());
        context.Line($"Backtest {record.BacktestRun}{chosen}");
        context.Line();
        context.Line(record.Summary);
        context.Line();
        context.Line(string.Create(CultureInfo.InvariantCulture,
            $"Band: {record.Samples:#,0} paths of {record.ForwardTrades} trades drawn with replacement from the backtest's " +
            $"{record.BacktestTrades} closed trades (seed {record.Seed}), each × {Numbers.Display(record.Scale)} (the forward run's " +
            $"median quantity over the backtest's); percentiles {record.LowPercentile:0}, 50 and {record.HighPercentile:0}. " +
            $"Money in {record.Currency ?? "the instrument's currency"}. Definitions: docs/metrics.md, \"Drift\"."));
        if (record.Band.Count == 0)
        {
            return;
        }

        context.Line();
        var table = new TextTable(new TextColumn("Trade", true), new TextColumn("Low", true), new TextColumn("Median", true, 2),
            new TextColumn("High", true), new TextColumn("Forward", true), new TextColumn("Position", ShortHeader: "Pos."),
            new TextColumn("Fwd DD", true, 3), new TextColumn("BT DD p95", true, 1));
        foreach (var point in Rows(record))
        {
            table.Add(point.K.ToString(CultureInfo.InvariantCulture), Money(point.Low), Money(point.Median), Money(point.High),
                Money(point.Forward), Mark(point.Position), Money(point.ForwardDrawdown), Money(point.DrawdownHigh));
        }

        context.Table(table, wide);
        if (record.Band.Count > MaxRows)
        {
            context.Line($"({Rows(record).Count()} of {record.Band.Count} trades shown; --json gives every one.)");
        }
    }

    /// <summary>Every trade up to <see cref="MaxRows"/>; beyond, evenly spaced ones with the streak's start and the last.</summary>
    internal static IEnumerable<DriftPointRecord> Rows(DriftRecord record)
    {
        var band = record.Band;
        if (band.Count <= MaxRows)
        {
            return band;
        }

        var keep = new SortedSet<int> { band.Count };
        if (record.Verdict?.Since is { } since)
        {
            keep.Add(since);
        }

        // Room is left for those two: MaxRows − 2 evenly spaced trades, distinct because there are more trades than rows.
        for (var i = 1; i <= MaxRows - 2; i++)
        {
            keep.Add((int)Math.Ceiling((double)i * band.Count / (MaxRows - 2)));
        }

        return keep.Select(k => band[k - 1]);
    }

    private static string Mark(DriftPosition position) => position switch
    {
        DriftPosition.Below => "below",
        DriftPosition.Above => "above",
        _ => "",
    };

    private static string Money(double value) => Numbers.Display(value + 0.0, "money");
}
