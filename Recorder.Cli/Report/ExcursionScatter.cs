using System.Globalization;

namespace QuantowerRecorder.Cli.Report;

/// <summary>
/// Each closed trade as a point: x its MAE, y its MFE (money, from Analytics' TradeExcursion). MAE is placed on
/// <see cref="Slots"/> equal slots between a round lower bound and 0, so a point sits within half a slot of its value.
/// </summary>
internal static class ExcursionScatter
{
    public const int Slots = 240;

    // Empty slots on both sides, so that the points at the ends are not cut by the chart's edge.
    private const int Pad = 4;

    public static SlotChart? Build(IReadOnlyList<ReportRun> runs)
    {
        var all = runs.SelectMany(r => r.Insight.Excursions).ToList();
        if (all.Count == 0)
        {
            return null;
        }

        var worst = Math.Min(all.Min(e => e.Mae), 0);
        var ticks = NiceScale.Ticks(worst < 0 ? worst : -1, 0, 6);
        var step = ticks.Count > 1 ? ticks[1] - ticks[0] : 1;
        var low = Math.Floor(Math.Min(worst, ticks[0]) / step) * step;
        if (low >= 0)
        {
            low = -step;
        }

        var width = -low / Slots;
        var series = runs.Select(r => new SlotSeries(r.Label, r.Color, r.Insight.Excursions
            .Select(e => (Pad + (int)Math.Round((e.Mae - low) / width), e.Mfe))
            .OrderBy(p => p.Item1).ToList())).ToList();
        var labels = NiceScale.Ticks(low, 0, 6)
            .Select(t => (Pad + ((t - low) / width), t.ToString("#,0.##", CultureInfo.InvariantCulture))).ToList();
        return new SlotChart(Slots + 1 + (2 * Pad), labels, series);
    }
}
