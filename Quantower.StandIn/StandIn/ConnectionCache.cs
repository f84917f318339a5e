namespace TradingPlatform.BusinessLayer.StandIn;

/// <summary>A connection's business objects: what <see cref="Connection.BusinessObjects"/> and the Core snapshots read.</summary>
internal sealed class ConnectionCache : IBusinessObjectsProvider
{
    private readonly object sync = new();
    private readonly List<Order> orders = [];
    private readonly List<Position> positions = [];
    private readonly List<ClosedPosition> closedPositions = [];
    private readonly List<Account> accounts = [];
    private readonly List<Symbol> symbols = [];
    private readonly List<OrderHistory> ordersHistory = [];
    private readonly List<Trade> tradesHistory = [];
    private OrderType[] orderTypes = [];

    internal ConnectionCache(Connection connection)
    {
        this.Connection = connection;
    }

    public Order[] Orders => this.Snapshot(this.orders);

    public Position[] Positions => this.Snapshot(this.positions);

    public ClosedPosition[] ClosedPositions => this.Snapshot(this.closedPositions);

    public Account[] Accounts => this.Snapshot(this.accounts);

    public Symbol[] Symbols => this.Snapshot(this.symbols);

    public OrderType[] OrderTypes
    {
        get
        {
            lock (this.sync)
            {
                return [.. this.orderTypes];
            }
        }
    }

    internal Connection Connection { get; }

    internal IList<OrderHistory> OrdersHistory => this.Snapshot(this.ordersHistory);

    internal IList<Trade> TradesHistory => this.Snapshot(this.tradesHistory);

    internal void SetOrderTypes(OrderType[] types)
    {
        lock (this.sync)
        {
            this.orderTypes = types;
        }
    }

    internal Order FindOrder(string id) => this.Find(this.orders, o => Same(o.Id, id));

    internal Position FindPosition(string id) => this.Find(this.positions, p => Same(p.Id, id));

    internal ClosedPosition FindClosedPosition(string id) => this.Find(this.closedPositions, p => Same(p.Id, id));

    internal Account FindAccount(string id) => this.Find(this.accounts, a => Same(a.Id, id));

    internal Symbol FindSymbol(string id) => this.Find(this.symbols, s => Same(s.Id, id));

    internal OrderType FindOrderType(string id)
    {
        lock (this.sync)
        {
            return this.orderTypes.FirstOrDefault(t => Same(t.Id, id));
        }
    }

    internal Position FindPosition(Account account, Symbol symbol) =>
        this.Find(this.positions, p => Equals(p.Account, account) && Equals(p.Symbol, symbol));

    internal void Add<T>(T item)
    {
        lock (this.sync)
        {
            this.ListOf<T>().Add(item);
        }
    }

    internal bool Remove<T>(T item)
    {
        lock (this.sync)
        {
            return this.ListOf<T>().Remove(item);
        }
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.Ordinal);

    private List<T> ListOf<T>() =>
        (List<T>)(object)(typeof(T) switch
        {
            var t when t == typeof(Order) => this.orders,
            var t when t == typeof(Position) => this.positions,
            var t when t == typeof(ClosedPosition) => this.closedPositions,
            var t when t == typeof(Account) => this.accounts,
            var t when t == typeof(Symbol) => this.symbols,
            var t when t == typeof(OrderHistory) => this.ordersHistory,
            var t when t == typeof(Trade) => this.tradesHistory,
            _ => throw new ArgumentException("Not cached: " + typeof(T).Name),
        });

    private T Find<T>(List<T> list, Func<T, bool> match)
    {
        lock (this.sync)
        {
            return list.FirstOrDefault(match);
        }
    }

    private T[] Snapshot<T>(List<T> list)
    {
        lock (this.sync)
        {
            return [.. list];
        }
    }
}
