using QuantowerRecorder.Analytics.Study;

namespace QuantowerRecorder.Analytics.WhatIf;

/// <summary>
/// How likely the grid's best cell is luck (docs/metrics.md, "What-if exits"): PBO by CSCV with the cells as passes and
/// the entries as periods, and the deflated Sharpe of the best cell by net PnL with the cells as trials, per-trade
/// Sharpe ratios (not annualised). A figure the grid is too small for is null and <see cref="NotEnough"/>-explained.
/// </summary>
public sealed record GridLuck(
    BacktestOverfitting? Pbo,
    NotEnough? PboNotEnough,
    int? BestCell,
    double? DeflatedSharpe,
    double? DeflatedSharpeThreshold,
    int Trials,
    NotEnough? DeflatedSharpeNotEnough)
{
    internal static GridLuck Of(double[][] columns, IReadOnlyList<WhatIfCell> cells)
    {
        var periods = columns.Length > 0 ? columns[0].Length : 0;
        var partitions = StudyOptions.Default.Partitions;
        NotEnough? pboShort = cells.Count < StudyMinimums.PboPasses ? new NotEnough("cells", cells.Count, StudyMinimums.PboPasses)
            : periods < StudyMinimums.PboPeriods(partitions) ? new NotEnough("trades", periods, StudyMinimums.PboPeriods(partitions))
            : null;
        var pbo = pboShort is null
            ? Overfitting.Compute(new ReturnsMatrix(columns, periods, 0), StudyOptions.Default with { PeriodsPerYear = 1 })
            : null;

        int? best = null;
        for (var c = 0; c < cells.Count; c++)
        {
            if (best is null || cells[c].Figures.NetPnl > cells[best.Value].Figures.NetPnl)
            {
                best = c;
            }
        }

        var sharpes = cells.Select(c => c.SharpePerTrade).OfType<double>().ToList();
        if (sharpes.Count < DeflatedSharpeRatio.MinimumTrials || best is null)
        {
            return new GridLuck(pbo, pboShort, best, null, null, sharpes.Count,
                new NotEnough("cells with a Sharpe ratio", sharpes.Count, DeflatedSharpeRatio.MinimumTrials));
        }

        var column = columns[best.Value];
        if (cells[best.Value].SharpePerTrade is not { } sharpe || Stats.Moments.Shape(column) is not { } shape)
        {
            return new GridLuck(pbo, pboShort, best, null, null, sharpes.Count, new NotEnough("trades that differ in the best cell", 0, 2));
        }

        var moments = new SharpeMoments(sharpe, 1, column.Length, shape.Skewness, shape.Kurtosis);
        var deflated = DeflatedSharpeRatio.Of(moments, SharpeTrials.FromSharpes(sharpes));
        return new GridLuck(pbo, pboShort, best, deflated?.Probability, deflated?.Threshold, sharpes.Count, null);
    }
}
