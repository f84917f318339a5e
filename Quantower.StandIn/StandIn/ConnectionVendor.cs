// Over 250 lines: the simulated broker is one idea (orders, fills, positions answer each other); its reactions
// (brackets, OCO and close-order cancels) are in ConnectionVendor.Reactions.cs.
using System.Globalization;

namespace TradingPlatform.BusinessLayer.StandIn;

/// <summary>
/// The vendor behind a stand-in connection: the trading rules the platform checks, and a small simulated broker that
/// answers requests with the messages a real integration would send (orders, fills, positions, brackets, OCO). The
/// platform's trading calls queue those messages on the connection and return at once; the broker's own reactions
/// (an automatic fill, brackets, OCO and close-order cancels) are further messages queued after the one that caused them.
/// </summary>
internal sealed partial class ConnectionVendor
{
    private readonly Connection connection;
    private readonly object sync = new();
    private readonly List<RequestParameters> requests = [];
    private long orderCounter;
    private long tradeCounter;
    private long positionCounter;
    private long groupCounter;

    internal ConnectionVendor(Connection connection)
    {
        this.connection = connection;
    }

    /// <summary>The rule "Allow group orders".</summary>
    internal bool AllowGroupOrders { get; set; } = true;

    /// <summary>The rule "Allow New OCO".</summary>
    internal bool AllowNewOco { get; set; } = true;

    /// <summary>False answers multi-order placement "not supported", as the base vendor does.</summary>
    internal bool SupportsGroupOrders { get; set; } = true;

    /// <summary>False makes <see cref="PlaceOrder"/> fail (the vendor refuses every order).</summary>
    internal bool AcceptOrders { get; set; } = true;

    /// <summary>True fills market orders (placed or closing) at once at the symbol's price.</summary>
    internal bool AutoFillMarketOrders { get; set; }

    internal RequestParameters[] Requests
    {
        get
        {
            lock (this.sync)
            {
                return [.. this.requests];
            }
        }
    }

    private MessageProcessor Messages => this.connection.Messages;

    private ConnectionQueue Queue => this.connection.Queue;

    private DateTime Now => this.connection.ServerTime;

    internal TradingOperationResult PlaceOrder(PlaceOrderRequestParameters request) => this.PlaceOrder(request, groupId: null, record: true);

    internal TradingOperationResult PlaceMultiOrder(PlaceMultiOrderOrderRequestParameters request)
    {
        this.Record(request);
        if (!this.SupportsGroupOrders)
        {
            return TradingOperationResult.CreateError("Multi-order placement is not supported");
        }

        var groupId = request.GroupOrderType == GroupOrderType.OCO ? this.NextId("G", ref this.groupCounter) : null;
        foreach (var order in request.OrderParameters ?? [])
        {
            this.PlaceOrder(order, groupId, record: false);
        }

        return TradingOperationResult.CreateSuccess();
    }

    internal TradingOperationResult CancelOrder(Order order, string sendingSource)
    {
        if (this.connection.Cache.FindOrder(order.Id) == null)
        {
            return TradingOperationResult.CreateError("Order is not found: " + order.Id);
        }

        this.Queue.Post(() => this.CancelNow(order.Id));
        return TradingOperationResult.CreateSuccess(order.Id);
    }

    internal TradingOperationResult ClosePosition(Position position, double closeQuantity)
    {
        if (this.connection.Cache.FindPosition(position.Id) == null)
        {
            return TradingOperationResult.CreateError("Position is not found: " + position.Id);
        }

        var request = new PlaceOrderRequestParameters
        {
            Account = position.Account,
            Symbol = position.Symbol,
            Side = position.Side == Side.Buy ? Side.Sell : Side.Buy,
            Quantity = closeQuantity <= 0 ? position.Quantity : Math.Min(closeQuantity, position.Quantity),
            OrderTypeId = OrderType.Market,
            PositionId = position.Id,
        };
        return this.PlaceOrder(request, groupId: null, record: true);
    }

    internal void SendCustomRequest(RequestParameters parameters)
    {
        this.Record(parameters);
        if (parameters is LinkOCORequestParameters link && this.SupportsGroupOrders && link.OrdersToLink is { Count: > 1 })
        {
            var groupId = this.NextId("G", ref this.groupCounter);
            this.Queue.Post(() =>
            {
                foreach (var order in link.OrdersToLink)
                {
                    if (this.connection.Cache.FindOrder(order.Id) != null)
                    {
                        this.Messages.Order(new OrderMessage { OrderId = order.Id, GroupId = groupId, LastUpdateTime = this.Now });
                    }
                }
            });
        }
    }

    /// <summary>
    /// The test control's fill: queued, and waited for together with the broker's reactions it causes (see
    /// <see cref="FillNow"/>). On the connection's own thread it runs inline and its reactions stay queued.
    /// </summary>
    internal Trade Fill(string orderId, double price, double? quantity, DateTime? time, bool repeatTrade, double? fee = null)
    {
        var (trade, reactions) = this.Queue.Send(() => this.FillNow(orderId, price, quantity, time, repeatTrade, fee));
        if (!this.Queue.IsCurrentThread)
        {
            reactions?.GetAwaiter().GetResult();
        }

        return trade;
    }

    /// <summary>
    /// A fill as the simulated broker reports it, inside one message: order update (→ OrderAdded), execution
    /// (→ TradeAdded, optionally sent twice), position (→ PositionAdded, or PositionRemoved + ClosedPositionAdded when
    /// flat), OrderRemoved once the order is filled. Its reactions follow as another message: the flat position's other
    /// close orders cancelled, the bracket orders (PositionId + a shared GroupId), and the cancel of OCO siblings.
    /// </summary>
    private (Trade Trade, Task Reactions) FillNow(string orderId, double price, double? quantity, DateTime? time, bool repeatTrade, double? fee)
    {
        var order = this.connection.Cache.FindOrder(orderId) ?? throw new InvalidOperationException("Order is not open: " + orderId);
        var qty = quantity ?? order.RemainingQuantity;
        if (qty <= 0 || qty > order.RemainingQuantity + 1e-9)
        {
            throw new ArgumentOutOfRangeException(nameof(quantity), qty, "Fill quantity must be positive and at most the remaining quantity.");
        }

        var when = time ?? this.Now;
        var filled = order.FilledQuantity + qty;
        var average = order.FilledQuantity <= 0 || double.IsNaN(order.AverageFillPrice)
            ? price
            : ((order.AverageFillPrice * order.FilledQuantity) + (price * qty)) / filled;
        var status = filled >= order.TotalQuantity - 1e-9 ? OrderStatus.Filled : OrderStatus.PartiallyFilled;

        this.Messages.Order(new OrderMessage { OrderId = order.Id, FilledQuantity = filled, AverageFillPrice = average, Status = status, LastUpdateTime = when });

        var existing = !string.IsNullOrEmpty(order.PositionId)
            ? this.connection.Cache.FindPosition(order.PositionId)
            : this.connection.Cache.FindPosition(order.Account, order.Symbol);
        var closing = existing != null && existing.Side != order.Side;
        var positionId = existing?.Id ?? this.NextId("P", ref this.positionCounter);

        var tradeMessage = new TradeMessage
        {
            TradeId = this.NextId("T", ref this.tradeCounter),
            OrderId = order.Id,
            PositionId = positionId,
            Account = order.Account,
            Symbol = order.Symbol,
            Side = order.Side,
            Price = price,
            Quantity = qty,
            DateTime = when,
            OrderTypeId = order.OrderTypeId,
            PositionImpactType = closing ? PositionImpactType.Close : PositionImpactType.Open,
            Comment = order.Comment,
            Fee = fee,
        };
        var trade = this.Messages.Trade(tradeMessage);
        if (repeatTrade)
        {
            this.Messages.Trade(tradeMessage);
        }

        var position = this.ApplyToPosition(existing, positionId, order, price, qty, when);
        var flat = closing && existing.State == BusinessObjectState.Fake ? existing.Id : null;
        if (status == OrderStatus.Filled)
        {
            this.Messages.RemoveOrder(order.Id);
        }

        if (flat == null && status != OrderStatus.Filled)
        {
            return (trade, null);
        }

        var reactions = this.Queue.Post(() =>
        {
            if (flat != null)
            {
                // The position is flat: its remaining close orders (the other bracket leg) are cancelled.
                this.CancelCloseOrders(flat, order.Id, when);
            }

            if (status == OrderStatus.Filled && position != null && !closing)
            {
                this.PlaceBrackets(order, position);
            }

            if (status == OrderStatus.Filled && !string.IsNullOrEmpty(order.GroupId))
            {
                this.CancelSiblings(order);
            }
        });
        return (trade, reactions);
    }

    private TradingOperationResult PlaceOrder(PlaceOrderRequestParameters request, string groupId, bool record)
    {
        if (record)
        {
            this.Record(request);
        }

        if (!this.AcceptOrders)
        {
            return TradingOperationResult.CreateError("Order refused by the vendor");
        }

        var orderId = this.NextId("O", ref this.orderCounter);
        this.Queue.Post(() =>
        {
            this.Messages.Order(new OrderMessage
            {
                OrderId = orderId,
                Account = request.Account,
                Symbol = request.Symbol,
                Side = request.Side,
                OrderTypeId = request.OrderTypeId ?? OrderType.Market,
                TotalQuantity = request.Quantity,
                FilledQuantity = 0,
                Price = request.Price,
                TriggerPrice = request.TriggerPrice,
                TrailOffset = request.TrailOffset,
                Status = OrderStatus.Opened,
                TimeInForce = request.TimeInForce,
                LastUpdateTime = this.Now,
                PositionId = request.PositionId,
                GroupId = groupId ?? request.GroupId,
                Comment = request.Comment,
                StopLossItems = [.. request.StopLossItems],
                TakeProfitItems = [.. request.TakeProfitItems],
            });

            if (this.AutoFillMarketOrders && string.Equals(request.OrderTypeId ?? OrderType.Market, OrderType.Market, StringComparison.Ordinal))
            {
                var symbol = request.Symbol;
                var price = request.Side == Side.Buy ? symbol?.Ask : symbol?.Bid;
                if (price is not { } p || double.IsNaN(p))
                {
                    p = symbol?.Last ?? double.NaN;
                }

                // The broker's fill is its own message, after the order's.
                this.Queue.Post(() => this.FillNow(orderId, p, null, null, repeatTrade: false, fee: null));
            }
        });
        return TradingOperationResult.CreateSuccess(orderId);
    }

    private Position ApplyToPosition(Position existing, string positionId, Order order, double price, double qty, DateTime when)
    {
        if (existing == null)
        {
            return this.Messages.Position(new PositionMessage
            {
                PositionId = positionId,
                Account = order.Account,
                Symbol = order.Symbol,
                Side = order.Side,
                Quantity = qty,
                OpenPrice = price,
                OpenTime = when,
            });
        }

        if (existing.Side == order.Side)
        {
            var quantity = existing.Quantity + qty;
            var openPrice = ((existing.OpenPrice * existing.Quantity) + (price * qty)) / quantity;
            return this.Messages.Position(new PositionMessage { PositionId = existing.Id, Quantity = quantity, OpenPrice = openPrice });
        }

        var remaining = existing.Quantity - qty;
        if (remaining > 1e-9)
        {
            return this.Messages.Position(new PositionMessage { PositionId = existing.Id, Quantity = remaining });
        }

        this.Messages.RemovePosition(existing.Id);
        var direction = existing.Side == Side.Buy ? 1 : -1;
        this.Messages.ClosedPosition(new ClosedPositionMessage
        {
            PositionId = existing.Id,
            Account = existing.Account,
            Symbol = existing.Symbol,
            Side = existing.Side,
            Quantity = existing.Quantity,
            OpenPrice = existing.OpenPrice,
            OpenTime = existing.OpenTime,
            LastTradedPrice = price,
            GrossPnL = (price - existing.OpenPrice) * existing.Quantity * direction,
        });
        return remaining < -1e-9
            ? this.Messages.Position(new PositionMessage
            {
                PositionId = this.NextId("P", ref this.positionCounter),
                Account = order.Account,
                Symbol = order.Symbol,
                Side = order.Side,
                Quantity = -remaining,
                OpenPrice = price,
                OpenTime = when,
            })
            : null;
    }

    private void Record(RequestParameters request)
    {
        lock (this.sync)
        {
            this.requests.Add(request);
        }
    }

    private string NextId(string prefix, ref long counter) =>
        prefix + Interlocked.Increment(ref counter).ToString(CultureInfo.InvariantCulture);
}
