using TradingPlatform.BusinessLayer.Integration;
using TradingPlatform.BusinessLayer.StandIn;

namespace TradingPlatform.BusinessLayer;

/// <summary>
/// A connection to a vendor. A backtest connection is one whose <see cref="Type"/> is
/// <see cref="ConnectionType.Backtester"/> (replay: <see cref="ConnectionType.HistoryPlayer"/>; simulator:
/// <see cref="ConnectionType.TradingSimulator"/>).
/// </summary>
public sealed class Connection : ICustomizable, IComparable
{
    private readonly ConnectionsManager manager;
    private DateTime connectedAtUtc;
    private object vendorServerTime;

    internal Connection(ConnectionsManager manager, string id, string name, string vendorName, string group)
    {
        this.manager = manager;
        this.Id = id;
        this.Name = name;
        this.VendorName = vendorName;
        this.Type = ConnectionType.General;
        this.State = ConnectionState.Disconnected;
        this.Info = new ConnectionInfo(this, group);
        this.Cache = new ConnectionCache(this);
        this.Messages = new MessageProcessor(this);
        this.Queue = new ConnectionQueue(this);
        this.Vendor = new ConnectionVendor(this);
        this.HistoryProvider = new HistoryProvider();
        this.Cache.SetOrderTypes(BuiltInOrderType.CreateAll(id));
    }

    public event EventHandler<ConnectionStateChangedEventArgs> StateChanged;

    public string Id { get; private set; }

    public string Name { get; set; }

    public string VendorName { get; }

    /// <summary>The ctor sets <see cref="ConnectionType.General"/>; the host's simulator, replay and backtester set the rest.</summary>
    public ConnectionType Type { get; set; }

    public ConnectionState State { get; private set; }

    public IBusinessObjectsProvider BusinessObjects => this.Cache;

    public ConnectionInfo Info { get; }

    public TimeSpan Uptime =>
        this.State == ConnectionState.Connected ? this.manager.Core.TimeUtils.DateTimeUtcNow - this.connectedAtUtc : TimeSpan.Zero;

    /// <summary>Vendor messages waiting in the connection's queue for its thread.</summary>
    public int MessagesQueueDepth => this.Queue.Depth;

    public TimeSpan? PingTime { get; internal set; }

    /// <summary>The vendor's time if it provides one, otherwise the wall clock.</summary>
    public DateTime ServerTime => this.VendorServerTime ?? this.manager.Core.TimeUtils.DateTimeUtcNow;

    /// <summary>A copy of the connection's volume-analysis metadata.</summary>
    public VolumeAnalysisMetadata VolumeAnalysisMetadata => this.VolumeAnalysis?.Copy();

    internal ConnectionCache Cache { get; }

    internal ConnectionVendor Vendor { get; }

    internal MessageProcessor Messages { get; }

    internal ConnectionQueue Queue { get; }

    internal HistoryProvider HistoryProvider { get; }

    internal VolumeAnalysisMetadata VolumeAnalysis { get; set; }

    /// <summary>
    /// The vendor's time, or null. Kept boxed so that it is read and written whole: a test moves it while the
    /// connection's thread stamps messages with it.
    /// </summary>
    internal DateTime? VendorServerTime
    {
        get => (DateTime?)Volatile.Read(ref this.vendorServerTime);
        set => Volatile.Write<object>(ref this.vendorServerTime, value);
    }

    internal ConnectionsManager Manager => this.manager;

    public IList<OrderHistory> GetOrdersHistory(OrdersHistoryRequestParameters parameters) => this.Cache.OrdersHistory;

    [Obsolete("Use Core.Instance.GetTrades() instead")]
    public IList<Trade> GetTrades(TradesHistoryRequestParameters parameters) => this.Cache.TradesHistory;

    public int CompareTo(object obj) => obj is Connection other ? string.CompareOrdinal(this.Name, other.Name) : 1;

    public override string ToString() => this.Name;

    /// <summary>Returns the thread-pool tasks that run Run()/Stop() of the strategies monitoring this connection.</summary>
    internal Task[] SetState(ConnectionState newState)
    {
        var previous = this.State;
        if (previous == newState)
        {
            return [];
        }

        this.State = newState;
        if (newState == ConnectionState.Connected)
        {
            this.connectedAtUtc = this.manager.Core.TimeUtils.DateTimeUtcNow;
        }

        var args = new ConnectionStateChangedEventArgs(previous, newState, new ConnectionResult());
        this.StateChanged?.Invoke(this, args);
        return this.manager.OnStateChanged(this, args);
    }
}
