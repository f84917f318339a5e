namespace QuantowerRecorder.Analytics.Stats;

/// <summary>
/// Risk-adjusted statistics of a per-period series (daily returns or daily PnL), risk-free rate 0.
/// Each returns null when there are too few observations or the ratio is undefined.
/// </summary>
internal static class RatioStatistics
{
    /// <summary>Fewest observations for the historical VaR/CVaR: the 5 % tail must hold one observation.</summary>
    public const int MinObservationsForVar = 20;

    /// <summary>mean / sample std × √periods; needs 2 observations and a non-zero std.</summary>
    public static double? Sharpe(IReadOnlyList<double> series, int periodsPerYear) =>
        PerPeriodSharpe(series) is { } sr ? sr * Math.Sqrt(periodsPerYear) : null;

    public static double? PerPeriodSharpe(IReadOnlyList<double> series)
    {
        if (series.Count < 2 || Moments.SampleStdDev(series) is not { } sd || sd <= 0)
        {
            return null;
        }

        return Moments.Mean(series) / sd;
    }

    /// <summary>
    /// mean / downside deviation × √periods, downside deviation = √(Σ min(x, 0)² / n) over all n observations
    /// (target 0); null below 2 observations or without a negative one.
    /// </summary>
    public static double? Sortino(IReadOnlyList<double> series, int periodsPerYear)
    {
        if (series.Count < 2)
        {
            return null;
        }

        var downside = series.Where(x => x < 0).Sum(x => x * x);
        if (downside <= 0)
        {
            return null;
        }

        return Moments.Mean(series) / Math.Sqrt(downside / series.Count) * Math.Sqrt(periodsPerYear);
    }

    /// <summary>
    /// Probabilistic Sharpe ratio (Bailey and López de Prado): P(true SR &gt; benchmark) =
    /// Φ((SR − SR*) √(n − 1) / √(1 − γ3 SR + (γ4 − 1)/4 SR²)), SR per period with the sample std,
    /// γ3 and γ4 the population skewness and (non-excess) kurtosis. Needs 3 observations.
    /// </summary>
    public static double? ProbabilisticSharpe(IReadOnlyList<double> series, double benchmarkPerPeriod)
    {
        if (series.Count < 3 || PerPeriodSharpe(series) is not { } sr || Moments.Shape(series) is not { } shape)
        {
            return null;
        }

        var radicand = 1 - (shape.Skewness * sr) + ((shape.Kurtosis - 1) / 4 * sr * sr);
        if (radicand <= 0)
        {
            return null;
        }

        return Normal.Cdf((sr - benchmarkPerPeriod) * Math.Sqrt(series.Count - 1) / Math.Sqrt(radicand));
    }

    /// <summary>
    /// The Sharpe ratio (per period) the best of <paramref name="trials"/> unskilled trials would reach by luck:
    /// √V × ((1 − γ) Φ⁻¹(1 − 1/N) + γ Φ⁻¹(1 − 1/(N e))), γ the Euler–Mascheroni constant. 0 for one trial.
    /// </summary>
    public static double ExpectedMaxSharpe(int trials, double perPeriodSharpeVariance)
    {
        if (trials < 2 || perPeriodSharpeVariance <= 0)
        {
            return 0;
        }

        const double gamma = 0.5772156649015329;
        return Math.Sqrt(perPeriodSharpeVariance)
            * (((1 - gamma) * Normal.InverseCdf(1 - (1.0 / trials))) + (gamma * Normal.InverseCdf(1 - (1.0 / (trials * Math.E)))));
    }

    /// <summary>
    /// Historical VaR and CVaR at 95 % as positive losses: VaR = −q₀.₀₅ (type-7 quantile), CVaR = −mean of the
    /// observations at or below q₀.₀₅. Needs <see cref="MinObservationsForVar"/> observations.
    /// </summary>
    public static (double Var, double Cvar)? ValueAtRisk95(IReadOnlyList<double> series)
    {
        if (series.Count < MinObservationsForVar)
        {
            return null;
        }

        var sorted = series.ToArray();
        Array.Sort(sorted);
        var q = Quantile.OfSorted(sorted, 0.05);
        // Up to the first value above q: never empty, and a NaN quantile (a NaN or infinite input) gives NaN, not a throw.
        return (-q, -sorted.TakeWhile(x => !(x > q)).Average());
    }
}
