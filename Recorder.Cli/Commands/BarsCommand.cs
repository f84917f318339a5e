using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Cli.Tables;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>`recorder bars &lt;run&gt; [--symbol S]`: the bars a run recorded for one symbol.</summary>
internal static class BarsCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var wide = CommonOptions.Wide();
        var run = new Argument<string>("run") { Description = "Run id, or a unique prefix of it." };
        var symbol = new Option<string?>("--symbol") { Description = "The symbol (any case); needed when the run recorded bars of several.", HelpName = "symbol" };
        var timeframe = new Option<string?>("--timeframe") { Description = "The timeframe; needed when the symbol has bars in several.", HelpName = "timeframe" };
        var command = new Command("bars", "List the bars a run recorded: time, open, high, low, close, volume.") { run, symbol, timeframe, wide, json };
        command.SetAction(parse =>
        {
            using var reader = DatabaseAccess.OpenRead(context.Database(parse), context.Env);
            var runId = RunResolver.Resolve(reader, parse.GetValue(run)!);
            var series = reader.MarketData.Series(runId).Select(s => (s.Symbol, s.Timeframe)).ToList();
            var (chosenSymbol, chosenTimeframe) = Choose(series, runId, parse.GetValue(symbol), parse.GetValue(timeframe));
            var bars = reader.MarketData.Bars(runId, chosenSymbol, chosenTimeframe);
            if (parse.GetValue(json))
            {
                return context.Json(bars);
            }

            // Left out to fit, in this order (docs/cli.md): Volume.
            var table = new TextTable(
                new TextColumn("Time (UTC)"), new TextColumn("Open", true), new TextColumn("High", true), new TextColumn("Low", true),
                new TextColumn("Close", true), new TextColumn("Volume", true, 1));
            foreach (var bar in bars)
            {
                table.Add(Numbers.Time(bar.TsUtc), Numbers.Display(bar.Open), Numbers.Display(bar.High), Numbers.Display(bar.Low),
                    Numbers.Display(bar.Close), Numbers.Display(bar.Volume));
            }

            context.Table(table, parse.GetValue(wide));
            context.Line($"{bars.Count} bar(s) of {chosenSymbol} {chosenTimeframe} in run {runId}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static (string Symbol, string Timeframe) Choose(IReadOnlyList<(string Symbol, string Timeframe)> series, string runId, string? symbol, string? timeframe)
    {
        if (series.Count == 0)
        {
            throw new CliException($"Run {runId} recorded no bars.", ExitCodes.ProblemFound);
        }

        var matching = series
            .Where(s => symbol is null || string.Equals(s.Symbol, symbol.Trim(), StringComparison.OrdinalIgnoreCase))
            .Where(s => timeframe is null || string.Equals(s.Timeframe, timeframe.Trim(), StringComparison.OrdinalIgnoreCase))
            .ToList();
        var available = string.Join(", ", series.Select(s => $"{s.Symbol} {s.Timeframe}"));
        return matching.Count switch
        {
            1 => matching[0],
            0 => throw new CliException($"Run {runId} has no bars of {symbol} {timeframe}".TrimEnd() + $". It has: {available}."),
            _ => throw new CliException($"Run {runId} has bars of several series: {available}. Choose one with --symbol (and --timeframe)."),
        };
    }
}
