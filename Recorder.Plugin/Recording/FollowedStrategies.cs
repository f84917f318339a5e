using QuantowerRecorder.Plugin.Diagnostics;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>How the "Run Recorder" strategy finds the strategy it follows, and names strategies in its log.</summary>
internal static class FollowedStrategies
{
    /// <summary>
    /// The strategy whose id, instance name or name is <paramref name="wanted"/> (exactly, then ignoring case), a working
    /// one first; null, with the strategies there are in the log, when none matches.
    /// </summary>
    public static Strategy? Find(string wanted, Strategy self, ProblemLog problems)
    {
        wanted = wanted.Trim();
        var candidates = Core.Instance.Strategies.Created.Where(s => !ReferenceEquals(s, self)).ToArray();
        foreach (var comparison in new[] { StringComparison.Ordinal, StringComparison.OrdinalIgnoreCase })
        {
            var matches = candidates
                .Where(s => string.Equals(s.Id, wanted, comparison) || string.Equals(s.InstanceName, wanted, comparison) || string.Equals(s.Name, wanted, comparison))
                .ToArray();
            if (matches.Length > 0)
            {
                if (matches.Length > 1)
                {
                    problems.Info($"{matches.Length} strategies match '{wanted}'; following '{Describe(matches[0])}'. Use its instance name or id to choose.");
                }

                return matches.FirstOrDefault(s => s.State == StrategyState.Working) ?? matches[0];
            }
        }

        problems.Report($"no strategy matches '{wanted}'. Strategies in the platform: " +
            (candidates.Length == 0 ? "(none)" : string.Join(", ", candidates.Select(Describe))));
        return null;
    }

    public static string Describe(Strategy strategy) =>
        string.IsNullOrWhiteSpace(strategy.InstanceName) ? $"{strategy.Name} [{strategy.Id}]" : $"{strategy.InstanceName} ({strategy.Name}) [{strategy.Id}]";
}
