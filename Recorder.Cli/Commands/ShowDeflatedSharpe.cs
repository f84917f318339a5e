using System.Globalization;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>
/// `recorder show`'s words under the deflated Sharpe rows: which trials the stored ratio stands on and how many, on
/// which returns; and, when the run's trials have changed since it was analysed (a pass analysed before the rest of
/// its optimisation), what they give now and how to store that.
/// </summary>
internal static class ShowDeflatedSharpe
{
    public static IEnumerable<string> Lines(RunDetailRecord detail, RunDeflatedSharpe? now)
    {
        double? Stored(string key) => detail.Metrics.FirstOrDefault(m => m.Key == key)?.Value;
        if (detail.Metrics.All(m => m.Key != MetricKeys.DeflatedSharpe))
        {
            yield break;
        }

        var storedTrials = Stored(MetricKeys.DeflatedSharpeTrials) is { } t ? (int)Math.Round(t) : (int?)null;
        var population = detail.Notes.Select(n => Prefixed(n, MetricKeys.DeflatedSharpeTrials)).OfType<string>().FirstOrDefault()
            ?? "trials counted by whoever analysed the run";
        var perYear = Stored(MetricKeys.PeriodsPerYear) is { } p ? ((int)Math.Round(p)).ToString(CultureInfo.InvariantCulture) : "?";
        var on = $"each Sharpe ratio on its run's daily returns, annualised ×√{perYear} as this run's sharpe";
        if (storedTrials is null)
        {
            // Stored by an analysis that did not record its trials (before they were one population), or not computed.
            var why = detail.Notes.Select(n => Prefixed(n, MetricKeys.DeflatedSharpe)).OfType<string>().FirstOrDefault();
            yield return Stored(MetricKeys.DeflatedSharpe) is { } old
                ? $"{Numbers.Display(old)}, stored by an older analysis that did not record its trials."
                : $"not computed when the run was analysed{(why is null ? "" : ": " + why)}.";
        }
        else
        {
            if (storedTrials < DeflatedSharpeRatio.MinimumTrials)
            {
                var lack = new NotEnough("trials", storedTrials.Value, DeflatedSharpeRatio.MinimumTrials).Text;
                yield return $"{lack}: its trials are {population}" + (storedTrials == 1 ? ", and this run is the only one with a Sharpe ratio." : ".");
            }
            else
            {
                var value = Stored(MetricKeys.DeflatedSharpe) is { } v ? Numbers.Display(v)
                    : "not computed (" + (detail.Notes.Select(n => Prefixed(n, MetricKeys.DeflatedSharpe)).OfType<string>().FirstOrDefault() ?? "see the notes") + ")";
                yield return $"{value} against {Trials(storedTrials.Value)}: {population}; {on}.";
            }
        }

        // The stored ratio is as the trials stood at the run's analysis: say so when they have moved since.
        if (now is not null && (now.Trials != storedTrials || !Same(now.Probability, Stored(MetricKeys.DeflatedSharpe))))
        {
            var value = now.Probability is { } n ? Numbers.Display(n) : now.NotEnough?.Text ?? now.Reason ?? "not computed";
            yield return $"Its trials now: {Trials(now.Trials)}, {now.Population}, which give {value}; " +
                $"recorder analyze {detail.RunId} stores that.";
        }
    }

    private static string? Prefixed(string note, string key) =>
        note.StartsWith(key + ": ", StringComparison.Ordinal) ? note[(key.Length + 2)..] : null;

    private static bool Same(double? a, double? b) => a is null ? b is null : b is not null && Math.Abs(a.Value - b.Value) <= 1e-12;

    private static string Trials(int count) => count == 1 ? "1 trial" : count.ToString(CultureInfo.InvariantCulture) + " trials";
}
