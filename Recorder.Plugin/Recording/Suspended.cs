using System.Collections.Concurrent;
using QuantowerRecorder.Storage.Records;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>
/// Runs kept open across a lost connection. The platform stops a strategy when a monitored connection drops (OnStop)
/// and runs it again when it comes back (OnRun); the documented choice is that this is one run, not two, so a trade
/// opened before the drop and closed after it stays one trade. A run held here ends when the strategy is stopped
/// while it waits for its connection (no OnStop is called then) or is removed.
/// </summary>
internal static class Suspended
{
    private static readonly ConcurrentDictionary<string, Entry> Runs = new(StringComparer.Ordinal);

    /// <summary>Whether OnStop is the platform reacting to a lost connection rather than the trader stopping it.</summary>
    public static bool IsConnectionLoss(Strategy strategy)
    {
        var connections = Core.Instance.Connections;
        return (strategy.MonitoringConnectionsIds ?? [])
            .Where(id => id is not null)
            .Any(id => connections[id]?.State is not ConnectionState.Connected);
    }

    /// <summary>Stopped while it waited for its connection: the platform calls no OnStop then.</summary>
    public static bool StoppedWhileWaiting(StrategyEventArgs e) =>
        e.StrategyState == StrategyState.Stopped && e.StrategyPreviousState == StrategyState.WaitingForConnection;

    public static void Hold(string key, Strategy strategy, RunTracker tracker)
    {
        var entry = new Entry(key, strategy, tracker, Core.Instance.Strategies);
        if (Runs.TryRemove(key, out var previous))
        {
            previous.End();
        }

        Runs[key] = entry;
        entry.Manager.StrategyStateChanged += entry.OnStateChanged;
        entry.Manager.StrategyRemoved += entry.OnRemoved;
    }

    /// <summary>The held run of <paramref name="key"/>, if any; the caller continues it or ends it.</summary>
    public static RunTracker? Take(string key)
    {
        if (!Runs.TryRemove(key, out var entry))
        {
            return null;
        }

        entry.Detach();
        return entry.Tracker.HasEnded ? null : entry.Tracker;
    }

    private sealed record Entry(string Key, Strategy Strategy, RunTracker Tracker, StrategyManager Manager)
    {
        public void OnStateChanged(Strategy strategy, StrategyEventArgs e)
        {
            if (ReferenceEquals(strategy, Strategy) && (StoppedWhileWaiting(e) || e.StrategyState == StrategyState.Removed))
            {
                EndIfHeld();
            }
        }

        public void OnRemoved(Strategy strategy)
        {
            if (ReferenceEquals(strategy, Strategy))
            {
                EndIfHeld();
            }
        }

        public void Detach()
        {
            Manager.StrategyStateChanged -= OnStateChanged;
            Manager.StrategyRemoved -= OnRemoved;
        }

        public void End()
        {
            Detach();
            Tracker.End(RunStatus.Completed, null, RunStart.CloseTimeout);
        }

        private void EndIfHeld()
        {
            if (Runs.TryRemove(new KeyValuePair<string, Entry>(Key, this)))
            {
                End();
            }
        }
    }
}
