namespace TradingPlatform.BusinessLayer;

/// <summary>Returned by <see cref="Strategy.GetConnectionStateDependency"/>; no public members are mirrored.</summary>
public class ConnectionDependency
{
    internal ConnectionDependency(string[] connectionIds)
    {
        this.ConnectionIds = connectionIds;
    }

    internal string[] ConnectionIds { get; }
}
