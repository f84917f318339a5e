using System.CommandLine;
using QuantowerRecorder.Analytics.WhatIf;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.ReadModels;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>
/// `recorder whatif &lt;run&gt;`: the run's recorded entries re-exited on its recorded bars over a grid of stops and
/// targets, with its actual figures beside them and how likely the best cell is luck (docs/metrics.md, "What-if exits").
/// </summary>
internal static class WhatIfCommand
{
    private const string Units = "1.5% (of the entry price), 10t (ticks), 2pt (points) or 1.5atr (ATR(14) multiples)";

    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var wide = CommonOptions.Wide();
        var run = new Argument<string>("run") { Description = "Run id, or a unique prefix of it." };
        var stop = new Option<string?>("--stop") { Description = $"One stop distance: {Units}." };
        var stops = new Option<string?>("--stops") { Description = "Stop distances of a grid, comma-separated (none: no stop), e.g. 10t,20t,30t." };
        var target = new Option<string?>("--target") { Description = $"One target distance: {Units}." };
        var targets = new Option<string?>("--targets") { Description = "Target distances of a grid, comma-separated (none: no target), e.g. 1%,2%,3%." };
        var trail = new Option<string?>("--trail") { Description = "A trailing stop's distance from the best price of the closed bars since entry, in every cell." };
        var maxBars = new Option<int?>("--max-bars") { Description = "Time exit: close at the close of the N-th bar after the entry's bar." };
        var symbol = new Option<string?>("--symbol") { Description = "The symbol whose entries to re-exit, when the run traded several." };
        var command = new Command("whatif", "What if the run's exits had been elsewhere: its entries re-exited on its bars over a grid of stops × targets.")
        {
            run, stop, stops, target, targets, trail, maxBars, symbol, wide, json,
        };
        command.SetAction(parse =>
        {
            var grid = Grid(parse.GetValue(stop), parse.GetValue(stops), parse.GetValue(target), parse.GetValue(targets), parse.GetValue(trail), parse.GetValue(maxBars));
            using var reader = DatabaseAccess.OpenRead(context.Database(parse), context.Env);
            // The run resolved and its entries re-exited from one snapshot of the file; printed after.
            var record = reader.InSnapshot(r =>
            {
                var runId = RunResolver.Resolve(r, parse.GetValue(run)!);
                try
                {
                    return WhatIfView.Of(r, runId, grid, parse.GetValue(symbol));
                }
                catch (ArgumentException e)
                {
                    throw new CliException(e.Message, ExitCodes.Usage);
                }
            });

            if (parse.GetValue(json))
            {
                return context.Json(record);
            }

            WhatIfText.Write(context, record, parse.GetValue(wide));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The grid the options ask for; a clear error for a bad or contradictory one.</summary>
    internal static WhatIfGrid Grid(string? stop, string? stops, string? target, string? targets, string? trail, int? maxBars)
    {
        if (stop is not null && stops is not null)
        {
            throw new CliException("Give --stop (one stop) or --stops (a grid of them), not both.");
        }

        if (target is not null && targets is not null)
        {
            throw new CliException("Give --target (one target) or --targets (a grid of them), not both.");
        }

        if (maxBars is <= 0)
        {
            throw new CliException($"--max-bars {maxBars} is not a number of bars; give 1 or more.");
        }

        var stopLevels = Levels(stop ?? stops, "--stop" + (stops is null ? "" : "s"));
        var targetLevels = Levels(target ?? targets, "--target" + (targets is null ? "" : "s"));
        var trailing = trail is null ? (ExitLevel?)null : Level(trail, "--trail");
        if (stopLevels.All(l => l is null) && targetLevels.All(l => l is null) && trailing is null && maxBars is null)
        {
            throw new CliException($"Say where to exit: --stop or --stops, --target or --targets, --trail or --max-bars. Levels are {Units}.");
        }

        if (stopLevels.Count * targetLevels.Count > WhatIfGrid.MaxCells)
        {
            throw new CliException($"{stopLevels.Count} stops × {targetLevels.Count} targets is {stopLevels.Count * targetLevels.Count} cells; give at most {WhatIfGrid.MaxCells}.");
        }

        return new WhatIfGrid(stopLevels, targetLevels, trailing, maxBars);
    }

    private static IReadOnlyList<ExitLevel?> Levels(string? text, string option)
    {
        try
        {
            return text is null ? [null] : ExitLevel.ParseList(text);
        }
        catch (FormatException e)
        {
            throw new CliException($"{option}: {e.Message}");
        }
    }

    private static ExitLevel Level(string text, string option)
    {
        try
        {
            return ExitLevel.Parse(text);
        }
        catch (FormatException e)
        {
            throw new CliException($"{option}: {e.Message}");
        }
    }
}
