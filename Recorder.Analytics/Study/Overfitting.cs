namespace QuantowerRecorder.Analytics.Study;

/// <summary>The study's probability of backtest overfitting by CSCV, and the smallest study it means anything for.</summary>
internal static class Overfitting
{
    /// <summary>
    /// PBO over the passes' aligned returns: null when no pass has returns; without figures (its
    /// <see cref="BacktestOverfitting.NotEnough"/> says why) with fewer than <see cref="StudyMinimums.PboPasses"/>
    /// passes or fewer periods than max(S, 4) (every partition needs a period and every half two, for a sample std).
    /// </summary>
    public static BacktestOverfitting? Pbo(ReturnsMatrix matrix, StudyOptions options)
    {
        var n = matrix.Columns.Length;
        if (n == 0)
        {
            return null;
        }

        var s = options.Partitions;
        var shortOf = n < StudyMinimums.PboPasses ? new NotEnough("passes with returns", n, StudyMinimums.PboPasses)
            : matrix.Periods < StudyMinimums.PboPeriods(s) ? new NotEnough("periods", matrix.Periods, StudyMinimums.PboPeriods(s))
            : null;
        if (shortOf is not null)
        {
            var block = Cscv.BlockSize(matrix.Periods, s);
            return new BacktestOverfitting(s, n, matrix.Periods, matrix.Dropped, block, block > 0 ? Cscv.LeftOut(matrix.Periods, s) : 0, shortOf,
                0, null, [], [], [], null, null, null);
        }

        return Compute(matrix, options);
    }

    /// <summary>CSCV itself, whatever the study's size (2 passes and max(S, 4) periods at least): the definition's arithmetic.</summary>
    internal static BacktestOverfitting Compute(ReturnsMatrix matrix, StudyOptions options)
    {
        var n = matrix.Columns.Length;
        var s = options.Partitions;
        var (logits, inSample, outOfSample) = Cscv.Run(matrix.Columns, s, options.PeriodsPerYear);
        var overfit = logits.Count(l => l <= 0);
        var losses = outOfSample.Count(x => x < 0);
        var (slope, intercept) = Regression(inSample, outOfSample);
        return new BacktestOverfitting(
            s, n, matrix.Periods, matrix.Dropped, Cscv.BlockSize(matrix.Periods, s), Cscv.LeftOut(matrix.Periods, s), null,
            logits.Length, overfit / (double)logits.Length, Array.AsReadOnly(logits), Array.AsReadOnly(inSample), Array.AsReadOnly(outOfSample),
            slope, intercept, losses / (double)logits.Length);
    }

    /// <summary>Least squares of out-of-sample on in-sample performance; null when in-sample never varies.</summary>
    private static (double? Slope, double? Intercept) Regression(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average();
        var sxy = x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my));
        var sxx = x.Sum(v => (v - mx) * (v - mx));
        if (sxx <= 0)
        {
            return (null, null);
        }

        var slope = sxy / sxx;
        return (slope, my - (slope * mx));
    }
}
