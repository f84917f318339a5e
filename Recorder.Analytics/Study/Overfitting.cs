using QuantowerRecorder.Analytics.Stats;

namespace QuantowerRecorder.Analytics.Study;

/// <summary>The study's overfitting figures: the deflated Sharpe of a chosen pass, and the PBO by CSCV.</summary>
internal static class Overfitting
{
    /// <summary>
    /// PBO over the passes' aligned returns; null (with the reason) with fewer than 2 passes, or fewer periods than
    /// max(S, 4) (every partition needs a period and every half two, for a sample std).
    /// </summary>
    public static BacktestOverfitting? Pbo(ReturnsMatrix matrix, StudyOptions options, List<string> notes)
    {
        var n = matrix.Columns.Length;
        var s = options.Partitions;
        if (n < 2)
        {
            notes.Add("overfitting: the probability of backtest overfitting needs returns of at least 2 passes");
            return null;
        }

        if (matrix.Periods < s || matrix.Periods < 4)
        {
            notes.Add($"overfitting: {matrix.Periods} periods with returns for every pass; {s} partitions need at least {Math.Max(s, 4)}");
            return null;
        }

        var (logits, inSample, outOfSample) = Cscv.Run(matrix.Columns, s, options.PeriodsPerYear);
        var overfit = logits.Count(l => l <= 0);
        var losses = outOfSample.Count(x => x < 0);
        var (slope, intercept) = Regression(inSample, outOfSample);
        return new BacktestOverfitting(
            s, logits.Length, n, matrix.Periods, matrix.Dropped, overfit / (double)logits.Length,
            Array.AsReadOnly(logits), Array.AsReadOnly(inSample), Array.AsReadOnly(outOfSample),
            slope, intercept, losses / (double)logits.Length);
    }

    /// <summary>
    /// The deflated Sharpe ratio of <paramref name="passId"/>: its annualised Sharpe against the expected best of the
    /// study's trials (the passes whose own finite returns give a Sharpe ratio), as <c>deflated_sharpe</c> does.
    /// </summary>
    public static StudyDeflatedSharpe? DeflatedSharpe(IReadOnlyList<StudyPass> passes, string? passId, StudyOptions options, List<string> notes)
    {
        if (passId is null)
        {
            return null;
        }

        var sharpes = new List<double>();
        double[]? chosen = null;
        double chosenSharpe = 0;
        foreach (var pass in passes)
        {
            var series = pass.Returns.Where(double.IsFinite).ToArray();
            if (RatioStatistics.Sharpe(series, options.PeriodsPerYear) is not { } sharpe)
            {
                continue;
            }

            sharpes.Add(sharpe);
            if (string.Equals(pass.Id, passId, StringComparison.Ordinal))
            {
                (chosen, chosenSharpe) = (series, sharpe);
            }
        }

        if (chosen is null)
        {
            notes.Add($"deflated Sharpe: pass {passId} has fewer than 2 returns or no variation, so no Sharpe ratio");
            return null;
        }

        var trials = SharpeTrials.FromSharpes(sharpes);
        var threshold = RatioStatistics.ExpectedMaxSharpe(trials.Count, trials.AnnualisedSharpeVariance / options.PeriodsPerYear);
        var probability = RatioStatistics.ProbabilisticSharpe(chosen, threshold);
        if (probability is null)
        {
            notes.Add($"deflated Sharpe: pass {passId} needs 3 returns and a positive radicand");
        }

        return new StudyDeflatedSharpe(passId, chosenSharpe, trials.Count, trials.AnnualisedSharpeVariance,
            threshold * Math.Sqrt(options.PeriodsPerYear), probability);
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
