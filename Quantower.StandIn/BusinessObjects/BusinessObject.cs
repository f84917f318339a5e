using System.Globalization;

namespace TradingPlatform.BusinessLayer;

public abstract class BusinessObject : IConnectionBindedObject, IUniqueID
{
    private static long uniqueCounter;

    internal BusinessObject()
        : this(null)
    {
    }

    internal BusinessObject(string connectionId)
    {
        this.ConnectionId = connectionId;
        this.UniqueId = Interlocked.Increment(ref uniqueCounter).ToString(CultureInfo.InvariantCulture);
    }

    public string ConnectionId { get; internal set; }

    /// <summary><see cref="BusinessObjectState.Normal"/> while live, <see cref="BusinessObjectState.Fake"/> after removal.</summary>
    public virtual BusinessObjectState State { get; protected internal set; }

    /// <summary>Looked up on each call, so it is null once the connection is gone.</summary>
    public virtual Connection Connection => Core.Instance.Connections[this.ConnectionId];

    /// <summary>A session-only counter.</summary>
    public string UniqueId { get; private set; }
}
