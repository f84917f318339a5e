using QuantowerRecorder.Analytics.WhatIf;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.ReadModels;

/// <summary>Where a run's own exits lie on a what-if grid's axes (<see cref="WhatIfActualExitsRecord"/>).</summary>
internal static class WhatIfActualExits
{
    public static WhatIfActualExitsRecord Of(IReadOnlyList<TradeRow> trades, WhatIfGrid grid, double? tickSize, Func<string, double?> atrAt)
    {
        var closed = trades.Where(t => !t.IsOpen).ToList();
        var stopUnit = grid.Stops.FirstOrDefault(s => s is not null)?.Unit;
        var targetUnit = grid.Targets.FirstOrDefault(t => t is not null)?.Unit;
        var stop = Median(closed.Where(t => t.InitialStop is not null).Select(t => In(Math.Abs(t.EntryPrice - t.InitialStop!.Value), t, stopUnit, tickSize, atrAt)));
        var target = Median(closed.Where(t => t.ExitReason == "TP" && t.ExitPrice is not null)
            .Select(t => In(Math.Abs(t.ExitPrice!.Value - t.EntryPrice), t, targetUnit, tickSize, atrAt)));
        return new WhatIfActualExitsRecord(stop, target, Nearest(grid.Stops, stopUnit, stop), Nearest(grid.Targets, targetUnit, target));
    }

    private static double? In(double distance, TradeRow trade, ExitUnit? unit, double? tickSize, Func<string, double?> atrAt) => unit switch
    {
        ExitUnit.Percent when trade.EntryPrice != 0 => distance / Math.Abs(trade.EntryPrice) * 100,
        ExitUnit.Atr => atrAt(trade.EntryUtc) is { } atr and > 0 ? distance / atr : null,
        ExitUnit.Ticks when tickSize is > 0 => distance / tickSize.Value,
        ExitUnit.Points => distance,
        _ => null,
    };

    private static double? Median(IEnumerable<double?> values)
    {
        var known = values.OfType<double>().Order().ToList();
        return known.Count == 0 ? null
            : known.Count % 2 == 1 ? known[known.Count / 2]
            : (known[(known.Count / 2) - 1] + known[known.Count / 2]) / 2;
    }

    private static int? Nearest(IReadOnlyList<ExitLevel?> levels, ExitUnit? unit, double? value)
    {
        if (value is null)
        {
            return null;
        }

        int? best = null;
        for (var i = 0; i < levels.Count; i++)
        {
            if (levels[i] is { } l && l.Unit == unit && (best is null || Math.Abs(l.Value - value.Value) < Math.Abs(levels[best.Value]!.Value.Value - value.Value)))
            {
                best = i;
            }
        }

        return best;
    }
}
