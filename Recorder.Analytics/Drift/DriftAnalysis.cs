using QuantowerRecorder.Analytics.Stats;
using QuantowerRecorder.Analytics.Validation;

namespace QuantowerRecorder.Analytics.Drift;

/// <summary>
/// The drift alarm's figures (docs/metrics.md, "Drift"): the backtest's trades, scaled to the forward run's size,
/// resampled with replacement into paths as long as the forward run; for each k, the percentiles of the paths'
/// cumulative PnL and deepest drawdown after k trades, and the forward run against them.
/// </summary>
public static class DriftAnalysis
{
    /// <summary>Trades in exit order, closed ones only.</summary>
    public static DriftResult Analyze(IReadOnlyList<DriftTrade> backtest, IReadOnlyList<DriftTrade> forward, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(backtest);
        ArgumentNullException.ThrowIfNull(forward);
        options ??= DriftOptions.Default;
        if (options.Samples < 1 || !(options.Low >= 0 && options.Low < options.High && options.High <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Samples must be 1 or more and 0 ≤ low < high ≤ 1.");
        }

        var scale = DriftScale.Of(backtest, forward);
        var pnl = backtest.Select(t => t.NetPnl * scale).ToArray();
        var (band, last) = pnl.Length == 0 ? ([], null) : Band(pnl, forward, options);
        var verdict = last is null ? null : Verdict(band, last);
        return new DriftResult(scale, backtest.Count, forward.Count, options.Samples, options.Seed, options.Low, options.High,
            band, verdict, DriftMinimums.Of(forward.Count, backtest.Count));
    }

    // k runs outside, the paths inside, so only one value per path is kept: memory is the samples, not samples × n.
    private static (List<DriftPoint> Band, Last? Last) Band(double[] pnl, IReadOnlyList<DriftTrade> forward, DriftOptions options)
    {
        var samples = options.Samples;
        var random = new Xoshiro256(options.Seed);
        var cumulative = new double[samples];
        var peak = new double[samples];
        var drawdown = new double[samples];
        var sortedPnl = new double[samples];
        var sortedDrawdown = new double[samples];
        double fwd = 0, fwdPeak = 0, fwdDrawdown = 0;
        var points = new List<DriftPoint>(forward.Count);
        Last? last = null;
        for (var k = 1; k <= forward.Count; k++)
        {
            for (var b = 0; b < samples; b++)
            {
                // Equity starts at 0, which is the first peak: a first losing trade is a drawdown.
                cumulative[b] += pnl[random.NextInt(pnl.Length)];
                peak[b] = Math.Max(peak[b], cumulative[b]);
                drawdown[b] = Math.Max(drawdown[b], peak[b] - cumulative[b]);
            }

            fwd += forward[k - 1].NetPnl;
            fwdPeak = Math.Max(fwdPeak, fwd);
            fwdDrawdown = Math.Max(fwdDrawdown, fwdPeak - fwd);
            cumulative.CopyTo(sortedPnl, 0);
            drawdown.CopyTo(sortedDrawdown, 0);
            Array.Sort(sortedPnl);
            Array.Sort(sortedDrawdown);
            var low = Quantile.OfSorted(sortedPnl, options.Low);
            var high = Quantile.OfSorted(sortedPnl, options.High);
            var position = fwd < low ? DriftPosition.Below : fwd > high ? DriftPosition.Above : DriftPosition.Inside;
            points.Add(new DriftPoint(k, low, Quantile.OfSorted(sortedPnl, 0.5), high,
                Quantile.OfSorted(sortedDrawdown, 0.5), Quantile.OfSorted(sortedDrawdown, options.High), fwd, fwdDrawdown, position));
            if (k == forward.Count)
            {
                last = new Last(Share(sortedPnl, fwd, halfTies: true), Share(sortedDrawdown, fwdDrawdown, halfTies: false));
            }
        }

        return (points, last);
    }

    private static DriftVerdict Verdict(IReadOnlyList<DriftPoint> band, Last last)
    {
        var end = band[^1];
        int? since = null;
        if (end.Position != DriftPosition.Inside)
        {
            var first = band.Count;
            while (first > 1 && band[first - 2].Position == end.Position)
            {
                first--;
            }

            since = first;
        }

        return new DriftVerdict(end.Position, since, last.PnlPercentile, end.ForwardDrawdown, last.DrawdownDeeperThan);
    }

    /// <summary>Percentage of <paramref name="sorted"/> below <paramref name="value"/>; equal ones count half or not at all.</summary>
    private static double Share(double[] sorted, double value, bool halfTies)
    {
        var below = LowerBound(sorted, value);
        var equal = LowerBoundAbove(sorted, value) - below;
        return 100.0 * (below + (halfTies ? equal / 2.0 : 0)) / sorted.Length;
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static int LowerBoundAbove(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private sealed record Last(double PnlPercentile, double DrawdownDeeperThan);
}
