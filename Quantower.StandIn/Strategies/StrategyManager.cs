namespace TradingPlatform.BusinessLayer;

/// <summary><see cref="Core.Strategies"/>: the strategy instances that exist in the platform, in any state.</summary>
public sealed class StrategyManager : ScriptManager<StrategyInfo, Strategy>
{
    private readonly Core core;
    private readonly object sync = new();
    private readonly List<Strategy> created = [];

    internal StrategyManager(Core core)
    {
        this.core = core;
    }

    /// <summary>
    /// e.StrategyState is the new state, e.StrategyPreviousState the previous one. Raised by the strategy's State setter,
    /// synchronously on the thread that set it, before OnRun/OnStop, as a plain delegate call: a handler's exception
    /// goes to whoever set the state (Run(), Stop(), …).
    /// </summary>
    public event StrategyEventHandler StrategyStateChanged;

    public event Action<Strategy> StrategyCreated;

    public event Action<Strategy> StrategyRemoved;

    /// <summary>A copy of the list.</summary>
    public Strategy[] Created
    {
        get
        {
            lock (this.sync)
            {
                return [.. this.created];
            }
        }
    }

    public bool RestoreStateAfterShutdown { get; set; }

    internal void Register(Strategy strategy)
    {
        strategy.Initialize(this);
        lock (this.sync)
        {
            this.created.Add(strategy);
        }

        SafeInvoker.Invoke(this.StrategyCreated, this.core.Loggers, strategy);
    }

    internal void OnStateChanged(Strategy strategy, StrategyState previous)
    {
        var args = new StrategyEventArgs(strategy.State) { StrategyPreviousState = previous };
        this.StrategyStateChanged?.Invoke(strategy, args);
    }

    internal void OnRemoved(Strategy strategy)
    {
        lock (this.sync)
        {
            if (!this.created.Remove(strategy))
            {
                return;
            }
        }

        SafeInvoker.Invoke(this.StrategyRemoved, this.core.Loggers, strategy);
    }

    /// <summary>
    /// Drives the strategies that monitor <paramref name="connection"/>, each on a thread-pool task as the platform
    /// does; returns those tasks so a test control can wait for them.
    /// </summary>
    internal Task[] OnConnectionStateChanged(Connection connection, ConnectionStateChangedEventArgs e)
    {
        var tasks = new List<Task>();
        foreach (var strategy in this.Created)
        {
            if ((strategy.MonitoringConnectionsIds ?? []).Contains(connection.Id, StringComparer.Ordinal))
            {
                tasks.Add(Task.Run(() => strategy.OnConnectionStateChanged(e.NewState)));
            }
        }

        return [.. tasks];
    }

    internal void Clear()
    {
        lock (this.sync)
        {
            this.created.Clear();
        }
    }
}
