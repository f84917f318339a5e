using TradingPlatform.BusinessLayer.Integration;

namespace TradingPlatform.BusinessLayer.StandIn;

/// <summary>
/// Test controls for one connection: its state, its vendor's rules, and the messages its vendor sends. A control that
/// sends a message queues it on the connection, whose own thread raises the events as the platform does, and waits
/// until that message was processed (a test waiting for the platform); called from a handler on the connection's
/// thread it runs inline. An exception from a plain-delegate handler (Order.Updated, Position.Updated,
/// Account.Updated) stops the rest of that message on the connection's thread, is logged there, and is rethrown to
/// the waiting control. Trading through <see cref="Core"/> waits for nothing: use <see cref="WaitForIdle"/>.
/// </summary>
public sealed class StandInConnection
{
    internal StandInConnection(Connection connection)
    {
        this.Connection = connection;
    }

    public Connection Connection { get; }

    public string Id => this.Connection.Id;

    /// <summary>The rule "Allow group orders" (default true).</summary>
    public bool AllowGroupOrders
    {
        get => this.Connection.Vendor.AllowGroupOrders;
        set => this.Connection.Vendor.AllowGroupOrders = value;
    }

    /// <summary>The rule "Allow New OCO" (default true).</summary>
    public bool AllowNewOco
    {
        get => this.Connection.Vendor.AllowNewOco;
        set => this.Connection.Vendor.AllowNewOco = value;
    }

    /// <summary>False: the vendor answers multi-order placement "not supported", as the base vendor does (default true).</summary>
    public bool SupportsGroupOrders
    {
        get => this.Connection.Vendor.SupportsGroupOrders;
        set => this.Connection.Vendor.SupportsGroupOrders = value;
    }

    /// <summary>False: the vendor refuses every order (default true).</summary>
    public bool AcceptOrders
    {
        get => this.Connection.Vendor.AcceptOrders;
        set => this.Connection.Vendor.AcceptOrders = value;
    }

    /// <summary>True: market orders (and ClosePosition) fill at once at the symbol's price (default false).</summary>
    public bool AutoFillMarketOrders
    {
        get => this.Connection.Vendor.AutoFillMarketOrders;
        set => this.Connection.Vendor.AutoFillMarketOrders = value;
    }

    /// <summary>Every request the vendor received (place, multi-order, custom), in order.</summary>
    public RequestParameters[] SentRequests => this.Connection.Vendor.Requests;

    public void Connect() => this.SetState(ConnectionState.Connected);

    public void Disconnect() => this.SetState(ConnectionState.Disconnected);

    public void LoseConnection() => this.SetState(ConnectionState.ConnectionLost);

    /// <summary>
    /// Raises Connection.StateChanged and ConnectionsManager.ConnectionStateChanged, then drives the strategies
    /// monitoring it: their Run()/Stop() run on thread-pool tasks as in the platform, and this control waits for those
    /// tasks (rethrowing what they threw, which the platform would leave unobserved).
    /// </summary>
    public void SetState(ConnectionState state)
    {
        foreach (var lifecycle in this.Connection.SetState(state))
        {
            lifecycle.GetAwaiter().GetResult();
        }
    }

    /// <summary>Removes the connection from the platform (ConnectionRemoved); its objects lose their Connection.</summary>
    public void Remove() => this.Connection.Manager.Remove(this.Connection);

    public void SetServerTime(DateTime? serverTimeUtc) => this.Connection.VendorServerTime = serverTimeUtc;

    public void SetVolumeAnalysis(VolumeAnalysisAvailability availability, Period[] allowedPeriods = null) =>
        this.Connection.VolumeAnalysis = new VolumeAnalysisMetadata
        {
            VolumeAnalysisAvailability = availability,
            AllowedPeriods = allowedPeriods ?? [],
            AllowedPeriodsWithPriceLevels = allowedPeriods ?? [],
        };

    public Account AddAccount(string id = "ACC1", string name = null, double balance = 100_000, string currency = "USD", NettingType nettingType = NettingType.OnePosition) =>
        this.SendAccount(new AccountMessage { AccountId = id, Name = name ?? id, Balance = balance, Currency = currency, NettingType = nettingType });

    /// <summary>New account: AccountAdded. Known account: fields, then Account.Updated.</summary>
    public Account SendAccount(AccountMessage message) => this.Connection.Queue.Send(() => this.Connection.Messages.Account(message));

    /// <summary>A symbol with one tick band; <paramref name="tickCost"/> NaN makes one tick worth its size (point value 1).</summary>
    public Symbol AddSymbol(string id = "ES", double tickSize = 0.25, double bid = double.NaN, double ask = double.NaN, double last = double.NaN, double tickCost = double.NaN) =>
        this.SendSymbol(new SymbolMessage
        {
            SymbolId = id, Name = id, TickSize = tickSize, TickCost = double.IsNaN(tickCost) ? tickSize : tickCost, Bid = bid, Ask = ask, Last = last,
        });

    /// <summary>New symbol: SymbolAdded.</summary>
    public Symbol SendSymbol(SymbolMessage message) => this.Connection.Queue.Send(() => this.Connection.Messages.Symbol(message));

    public void SendQuote(Symbol symbol, double bid, double ask, double last = double.NaN, DateTime? timeUtc = null) =>
        this.Connection.Queue.Send(() => symbol.ApplyQuote(bid, ask, last, timeUtc ?? this.Connection.ServerTime));

    /// <summary>
    /// A backtest vendor's tick: queued on the connection and not waited for, as a vendor pushes its messages; when the
    /// connection's thread takes it, the server time moves to <paramref name="timeUtc"/> and the symbol trades
    /// <paramref name="price"/> (quote, live bars) as <see cref="StandInHistory.PushTick"/> does. Follow with
    /// <see cref="WaitForIdle"/> to wait for what it caused.
    /// </summary>
    public void QueueTick(Symbol symbol, DateTime timeUtc, double price, double volume = 1)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        this.Connection.Queue.Post(() =>
        {
            this.Connection.VendorServerTime = timeUtc;
            StandInHistory.Trade(symbol, timeUtc, price, volume);
        });
    }

    /// <summary>New order: cached, then OrderAdded. Known order: fields → Order.Updated → OrderAdded (same instance).</summary>
    public Order SendOrder(OrderMessage message) => this.Connection.Queue.Send(() => this.Connection.Messages.Order(message));

    /// <summary>Removed from the cache, State = Fake (other fields kept), then OrderRemoved. Null if unknown.</summary>
    public Order RemoveOrder(string orderId) => this.Connection.Queue.Send(() => this.Connection.Messages.RemoveOrder(orderId));

    /// <summary>A new Trade object per call, even for the same TradeId (a repeated message is a duplicate).</summary>
    public Trade SendTrade(TradeMessage message) => this.Connection.Queue.Send(() => this.Connection.Messages.Trade(message));

    /// <summary>A new OrderHistory object per call.</summary>
    public OrderHistory SendOrderHistory(OrderMessage message) => this.Connection.Queue.Send(() => this.Connection.Messages.OrderHistory(message));

    /// <summary>New position: PositionAdded. Known: fields → Position.Updated → PositionAdded.</summary>
    public Position SendPosition(PositionMessage message) => this.Connection.Queue.Send(() => this.Connection.Messages.Position(message));

    public Position RemovePosition(string positionId) => this.Connection.Queue.Send(() => this.Connection.Messages.RemovePosition(positionId));

    /// <summary>ClosedPositionAdded for every message.</summary>
    public ClosedPosition RemoveClosedPosition(string positionId) => this.Connection.Queue.Send(() => this.Connection.Messages.RemoveClosedPosition(positionId));

    /// <summary>
    /// One pass of the platform's 100 ms PnL timer: Position.Updated for each position whose PnL changed, raised on a
    /// thread-pool thread as the timer's are (not the connection's); the control waits for the pass.
    /// </summary>
    public void RecalculatePositions() => Task.Run(this.Connection.Messages.RecalculatePositions).GetAwaiter().GetResult();

    /// <summary>
    /// Waits until the connection's queue is empty and no message is being processed, including the messages the
    /// processed ones queued (the broker's reactions, orders placed from handlers). Throws <see cref="TimeoutException"/>
    /// after <paramref name="timeout"/> (default 10 s). For tests that trade through <see cref="Core"/> and then look.
    /// </summary>
    public void WaitForIdle(TimeSpan? timeout = null)
    {
        var limit = timeout ?? StandInPlatform.DefaultWait;
        if (!this.Connection.Queue.WaitForIdle(limit))
        {
            throw new TimeoutException($"Connection '{this.Connection.Name}' still had {this.Connection.MessagesQueueDepth} queued messages after {limit}.");
        }
    }

    /// <summary>
    /// The simulated broker fills an open order: order update (OrderAdded), execution (TradeAdded; twice with
    /// <paramref name="repeatTrade"/>), position (PositionAdded, or PositionRemoved + ClosedPositionAdded when flat);
    /// once filled: OrderRemoved, then bracket orders from the entry's SL/TP holders (PositionId + shared GroupId), and
    /// cancellation of OCO siblings. <paramref name="fee"/> is the broker's commission on the fill (a positive cost,
    /// as <see cref="Position"/> subtracts it), carried by the trade's <see cref="Trade.Fee"/>; null for none.
    /// </summary>
    public Trade Fill(Order order, double price, double? quantity = null, DateTime? timeUtc = null, bool repeatTrade = false, double? fee = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        return this.Connection.Vendor.Fill(order.Id, price, quantity, timeUtc, repeatTrade, fee);
    }

    /// <summary>The history <see cref="Symbol.GetHistory(HistoryRequestParameters)"/> returns for this symbol and period.</summary>
    public void SetHistory(Symbol symbol, Period period, IEnumerable<IHistoryItem> items) =>
        this.Connection.HistoryProvider.Set(symbol, period, items);
}
