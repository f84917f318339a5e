namespace TradingPlatform.BusinessLayer;

/// <summary>
/// The platform's entry point. Its events are invoked safely (each subscriber on its own; exceptions are caught and
/// logged); its snapshot arrays come from connected connections only.
/// </summary>
public class Core : IDisposable, IBusinessObjectsProvider
{
    private static readonly object InstanceLock = new();
    private static Core instance;

    private Core()
    {
        this.Loggers = new LoggerManager();
        this.TimeUtils = new TimeUtils();
        this.Connections = new ConnectionsManager(this);
        this.VolumeAnalysis = new VolumeAnalysisManager();
        this.Strategies = new StrategyManager(this);
    }

    public static Core Instance
    {
        get
        {
            lock (InstanceLock)
            {
                return instance ??= new Core();
            }
        }
    }

    public event Action<Order> OrderAdded;

    public event Action<Order> OrderRemoved;

    public event Action<OrderHistory> OrdersHistoryAdded;

    public event Action<Trade> TradeAdded;

    public event Action<Position> PositionAdded;

    public event Action<Position> PositionRemoved;

    public event Action<ClosedPosition> ClosedPositionAdded;

    public event Action<ClosedPosition> ClosedPositionRemoved;

    public event Action<Account> AccountAdded;

    public event Action<Symbol> SymbolAdded;

    public ConnectionsManager Connections { get; }

    public TimeUtils TimeUtils { get; }

    public VolumeAnalysisManager VolumeAnalysis { get; }

    public StrategyManager Strategies { get; }

    public LoggerManager Loggers { get; }

    public Order[] Orders => this.Collect(p => p.Orders);

    public Position[] Positions => this.Collect(p => p.Positions);

    public ClosedPosition[] ClosedPositions => this.Collect(p => p.ClosedPositions);

    public Account[] Accounts => this.Collect(p => p.Accounts);

    public Symbol[] Symbols => this.Collect(p => p.Symbols);

    public OrderType[] OrderTypes => this.Collect(p => p.OrderTypes);

    public Order GetOrderById(string orderId, string connectionId = null) =>
        this.Scope(connectionId).Select(c => c.Cache.FindOrder(orderId)).FirstOrDefault(o => o != null);

    public Position GetPositionById(string positionId, string connectionId = null) =>
        this.Scope(connectionId).Select(c => c.Cache.FindPosition(positionId)).FirstOrDefault(p => p != null);

    public OrderType GetOrderType(string orderTypeId, string connectionId = null)
    {
        if (connectionId == null && this.Connections.Connected.Length > 1)
        {
            throw new ArgumentException("Connection id must be specified when more than one connection is connected.", nameof(connectionId));
        }

        return this.Scope(connectionId).Select(c => c.Cache.FindOrderType(orderTypeId)).FirstOrDefault(t => t != null);
    }

    public IList<OrderHistory> GetOrdersHistory(OrdersHistoryRequestParameters parameters, string connectionId = null) =>
        this.Scope(connectionId).SelectMany(c => c.GetOrdersHistory(parameters)).ToList();

    public IList<Trade> GetTrades(TradesHistoryRequestParameters parameters, string connectionId = null) =>
        this.Scope(connectionId).SelectMany(c => c.Cache.TradesHistory).ToList();

    public TradingOperationResult PlaceOrder(PlaceOrderRequestParameters request)
    {
        var connection = request?.Account?.Connection ?? request?.Symbol?.Connection;
        return connection == null
            ? TradingOperationResult.CreateError("Connection is not found")
            : connection.Vendor.PlaceOrder(request);
    }

    /// <summary>
    /// One request goes through <see cref="PlaceOrder"/>. Otherwise the requests are grouped per connection: with
    /// "Allow group orders" (and "Allow New OCO" for OCO) one multi-order request goes to the vendor; without it,
    /// <see cref="GroupOrderType.None"/> places them one by one and <see cref="GroupOrderType.OCO"/> places nothing.
    /// </summary>
    public void PlaceOrders(ICollection<PlaceOrderRequestParameters> requests, GroupOrderType groupOrderType = GroupOrderType.None)
    {
        if (requests == null || requests.Count == 0)
        {
            return;
        }

        if (requests.Count == 1)
        {
            this.PlaceOrder(requests.First());
            return;
        }

        foreach (var group in requests.GroupBy(r => r.Account?.Connection ?? r.Symbol?.Connection))
        {
            var connection = group.Key;
            if (connection == null)
            {
                this.Loggers.Log("PlaceOrders: connection is not found", LoggingLevel.Error);
                continue;
            }

            var rules = connection.Vendor;
            var groupAllowed = rules.AllowGroupOrders && (groupOrderType != GroupOrderType.OCO || rules.AllowNewOco);
            if (groupAllowed)
            {
                var multi = new PlaceMultiOrderOrderRequestParameters
                {
                    OrderParameters = [.. group],
                    GroupOrderType = groupOrderType,
                };
                var result = connection.Vendor.PlaceMultiOrder(multi);
                if (result.Status != TradingOperationResultStatus.Success)
                {
                    this.Loggers.Log("PlaceOrders: " + result.Message, LoggingLevel.Trading);
                }
            }
            else if (groupOrderType == GroupOrderType.None)
            {
                foreach (var request in group)
                {
                    this.PlaceOrder(request);
                }
            }

            // OCO without the group-order rules: nothing is placed, and nothing is said.
        }
    }

    [Obsolete("Use CancelOrder(IOrder order) instead")]
    public TradingOperationResult CancelOrder(Order order, string sendingSource = null) => this.Cancel(order, sendingSource);

    internal TradingOperationResult Cancel(Order order, string sendingSource)
    {
        var connection = order?.Connection;
        return connection == null
            ? TradingOperationResult.CreateError("Connection is not found")
            : connection.Vendor.CancelOrder(order, sendingSource);
    }

    public TradingOperationResult ClosePosition(Position position, double closeQuantity = -1.0)
    {
        var connection = position?.Connection;
        return connection == null
            ? TradingOperationResult.CreateError("Connection is not found")
            : connection.Vendor.ClosePosition(position, closeQuantity);
    }

    public void SendCustomRequest(string connectionId, RequestParameters parameters)
    {
        var connection = this.Connections[connectionId];
        if (connection == null)
        {
            this.Loggers.Log("SendCustomRequest: connection is not found", LoggingLevel.Error);
            return;
        }

        connection.Vendor.SendCustomRequest(parameters);
    }

    public void Dispose()
    {
        this.Strategies.Clear();
        GC.SuppressFinalize(this);
    }

    /// <summary>Stand-in only: forget the singleton so the next <see cref="Instance"/> is a fresh platform.</summary>
    internal static void ResetInstance()
    {
        Core old;
        lock (InstanceLock)
        {
            old = instance;
            instance = null;
        }

        foreach (var connection in old?.Connections.All ?? [])
        {
            connection.Queue.Close(StandIn.StandInPlatform.DefaultWait);
        }

        old?.Dispose();
    }

    internal void RaiseOrderAdded(Order order) => SafeInvoker.Invoke(this.OrderAdded, this.Loggers, order);

    internal void RaiseOrderRemoved(Order order) => SafeInvoker.Invoke(this.OrderRemoved, this.Loggers, order);

    internal void RaiseOrdersHistoryAdded(OrderHistory order) => SafeInvoker.Invoke(this.OrdersHistoryAdded, this.Loggers, order);

    internal void RaiseTradeAdded(Trade trade) => SafeInvoker.Invoke(this.TradeAdded, this.Loggers, trade);

    internal void RaisePositionAdded(Position position) => SafeInvoker.Invoke(this.PositionAdded, this.Loggers, position);

    internal void RaisePositionRemoved(Position position) => SafeInvoker.Invoke(this.PositionRemoved, this.Loggers, position);

    internal void RaiseClosedPositionAdded(ClosedPosition position) => SafeInvoker.Invoke(this.ClosedPositionAdded, this.Loggers, position);

    internal void RaiseClosedPositionRemoved(ClosedPosition position) => SafeInvoker.Invoke(this.ClosedPositionRemoved, this.Loggers, position);

    internal void RaiseAccountAdded(Account account) => SafeInvoker.Invoke(this.AccountAdded, this.Loggers, account);

    internal void RaiseSymbolAdded(Symbol symbol) => SafeInvoker.Invoke(this.SymbolAdded, this.Loggers, symbol);

    private IEnumerable<Connection> Scope(string connectionId) =>
        connectionId == null
            ? this.Connections.Connected
            : this.Connections[connectionId] is { } c ? [c] : [];

    private T[] Collect<T>(Func<IBusinessObjectsProvider, T[]> select) =>
        [.. this.Connections.Connected.SelectMany(c => select(c.BusinessObjects))];
}
