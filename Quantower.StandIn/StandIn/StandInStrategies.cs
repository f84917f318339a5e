namespace TradingPlatform.BusinessLayer.StandIn;

/// <summary>Test controls for strategies: discovery, creation in the platform, deletion.</summary>
public static class StandInStrategies
{
    /// <summary>
    /// Creation as the platform does it: Key → logger → OnInitializeMetrics → State = Created → OnCreated, then the
    /// strategy joins <see cref="StrategyManager.Created"/> and StrategyCreated is raised.
    /// </summary>
    public static T Create<T>()
        where T : Strategy, new() => Create(new T());

    public static T Create<T>(T strategy)
        where T : Strategy
    {
        ArgumentNullException.ThrowIfNull(strategy);
        Core.Instance.Strategies.Register(strategy);
        return strategy;
    }

    /// <summary>Discovery: one instance is created only to read Name, Description, Version and Settings, then disposed at once.</summary>
    public static StrategyDescription Discover<T>()
        where T : Strategy, new()
    {
        using var probe = new T();
        return new StrategyDescription(probe.Name, probe.Description, probe.Version, probe.Settings);
    }

    /// <summary>Deleting a strategy in the platform: Remove(), then Dispose().</summary>
    public static void Delete(Strategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        strategy.Remove();
        strategy.Dispose();
    }
}
