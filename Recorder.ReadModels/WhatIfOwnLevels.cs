using System.Globalization;
using QuantowerRecorder.Analytics.WhatIf;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// The cell nearest the run's own exits beside the run's actual net PnL (docs/metrics.md, "What-if exits"): at its own
/// distances, with exits by its bracket orders, the simulation gives the run; where it does not, by how much
/// (<c>difference</c> = cell − actual) and the reasons that apply (<c>reasons</c>, empty when they agree).
/// </summary>
public sealed record WhatIfOwnLevelsRecord(
    string? Stop, string? Target, double NetPnl, double ActualNetPnl, double Difference, IReadOnlyList<string> Reasons);

/// <summary>Builds <see cref="WhatIfOwnLevelsRecord"/>: the reasons are checked in the order a trader would look for them.</summary>
internal static class WhatIfOwnLevels
{
    public static WhatIfOwnLevelsRecord? Of(
        WhatIfResult result, WhatIfActualExitsRecord exits, WhatIfFiguresRecord actual, IReadOnlyList<TradeRow> trades, int entries)
    {
        var grid = result.Grid;
        var (stop, target) = Marked(exits, grid);
        if (stop < 0 || target < 0)
        {
            return null;
        }

        var cell = result.Cells[(stop * grid.Targets.Count) + target];
        var difference = cell.Figures.NetPnl - actual.NetPnl;

        // Below a billionth of the actual figure it is rounding: the same trades summed in another order.
        if (Math.Abs(difference) <= 1e-9 * Math.Max(1, Math.Abs(actual.NetPnl)))
        {
            return new WhatIfOwnLevelsRecord(grid.Stops[stop]?.ToString(), grid.Targets[target]?.ToString(), cell.Figures.NetPnl, actual.NetPnl, 0, []);
        }

        var reasons = new List<string>();
        OffGrid(reasons, "stops", exits.Stop, grid.Stops[stop]);
        OffGrid(reasons, "targets", exits.Target, grid.Targets[target]);
        var closed = trades.Where(t => !t.IsOpen).ToList();
        var other = closed.Count(t => t.ExitReason is not ("SL" or "TP"));
        if (other > 0)
        {
            reasons.Add($"{Count(other)} of its {Count(closed.Count)} trades exited by another order than its stop or target (a reversal, the trader, the end of the run)");
        }

        if (trades.Count != entries + result.LeftOutBeforeBars + result.LeftOutBeforeAtr)
        {
            reasons.Add($"its {Count(trades.Count)} trades are not its {Count(entries)} entries one to one (scale-ins or entries left out)");
        }
        else if (result.LeftOutBeforeBars + result.LeftOutBeforeAtr > 0)
        {
            reasons.Add($"{Count(result.LeftOutBeforeBars + result.LeftOutBeforeAtr)} of its entries are left out of the grid");
        }

        if (cell.BothStopFirstAssumed > 0)
        {
            reasons.Add($"{Count(cell.BothStopFirstAssumed)} exit bars reached both levels and took the stop first (assumed)");
        }

        if (reasons.Count == 0)
        {
            reasons.Add("the simulation starts at the bar after each entry's bar, so an exit within that bar comes later or at another "
                + "level, and each stop or target fill takes the run's average slippage rather than its own");
        }

        return new WhatIfOwnLevelsRecord(grid.Stops[stop]?.ToString(), grid.Targets[target]?.ToString(), cell.Figures.NetPnl, actual.NetPnl, difference, reasons);
    }

    /// <summary>
    /// The cell (row, column) nearest the run's own exits; for an exit the run did not have, the grid's "none" level, or
    /// its only one.
    /// </summary>
    internal static (int Stop, int Target) Marked(WhatIfActualExitsRecord exits, WhatIfGrid grid)
    {
        static int Without(IReadOnlyList<ExitLevel?> levels)
        {
            for (var i = 0; i < levels.Count; i++)
            {
                if (levels[i] is null)
                {
                    return i;
                }
            }

            return levels.Count == 1 ? 0 : -1;
        }

        var stop = exits.StopIndex ?? Without(grid.Stops);
        var target = exits.TargetIndex ?? Without(grid.Targets);
        return exits.StopIndex is null && exits.TargetIndex is null ? (-1, -1) : (stop, target);
    }

    private static void OffGrid(List<string> reasons, string what, double? own, ExitLevel? level)
    {
        if (level is null && own is null)
        {
            return;
        }

        if (level is null || own is null)
        {
            reasons.Add(level is null ? $"the run had {what}, the cell has none" : $"the run had no {what}, the cell has {level}");
        }
        // Brackets placed from a signal price rather than the fill lie a hair off their nominal distance: within 1 % of
        // the level that is not what moves the figures.
        else if (Math.Abs(level.Value.Value - own.Value) > 0.01 * Math.Abs(level.Value.Value))
        {
            reasons.Add($"its {what} lay at {own.Value.ToString("0.###", CultureInfo.InvariantCulture)}{Unit(level.Value)} (median), the cell's at {level}");
        }
    }

    private static string Unit(ExitLevel level) => level.Unit switch
    {
        ExitUnit.Percent => "%",
        ExitUnit.Ticks => "t",
        ExitUnit.Points => "pt",
        _ => "atr",
    };

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
